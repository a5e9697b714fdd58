//===- Callbacks.h - Learning-rate schedules and Keras's callbacks --------===//
//
// A schedule gives the learning rate of each optimizer update from the
// optimizer's rate, as Keras's LearningRateSchedules do (evaluated at
// optimizer.iterations, 0 for the first update, in f32). The callbacks run at
// each epoch end on the epoch's logged values, as Keras's EarlyStopping,
// ReduceLROnPlateau and ModelCheckpoint do; what they remember is part of the training progress
// (saved in checkpoints), so a resumed run decides as an uninterrupted one.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_CALLBACKS_H
#define NNCRT_CALLBACKS_H

#include "nncrt/ModelDesc.h"

#include <cstdint>
#include <optional>
#include <string>

namespace nncrt {

/// The learning rate of the update after `step` earlier updates.
float scheduledLearningRate(const TrainDesc &train, float rate, int64_t step);

/// What the callbacks remember between epochs.
struct CallbackState {
  /// The rate reduce_lr_on_plateau has set; 0 until it sets one.
  float reducedLearningRate = 0;
  // early_stopping: the best monitored value (+-inf before the first),
  // epochs without improvement, the epoch (0-based) of the best.
  double stopBest = 0;
  int64_t stopWait = 0;
  int64_t stopBestEpoch = 0;
  bool stopBestSet = false;
  /// Training was stopped early after this many epochs (0: not stopped).
  int64_t stoppedAfter = 0;
  // reduce_lr_on_plateau
  double plateauBest = 0;
  int64_t plateauWait = 0;
  int64_t plateauCooldown = 0;
  bool plateauBestSet = false;
  // model_checkpoint with save_best_only: the best monitored value saved.
  double savedBest = 0;
  bool savedBestSet = false;
};

/// The values an epoch logs, which callbacks watch.
struct EpochLogs {
  double loss = 0;
  std::optional<double> valLoss, accuracy, valAccuracy;
};

/// What the callbacks decided at an epoch end.
struct EpochDecision {
  bool stop = false;
  /// The epoch's weights are the best so far: keep them (restore_best_weights).
  bool keepWeights = false;
  /// The rate for the next updates, when reduce_lr_on_plateau lowered it.
  std::optional<float> newLearningRate;
  /// model_checkpoint: write the epoch's weights to this file.
  std::optional<std::string> saveWeightsTo;
  /// One line per action, as Keras's verbose=1 prints them.
  std::string messages;
};

/// Runs the callbacks after epoch `epoch` (0-based) trained at `rate`.
EpochDecision runCallbacks(const TrainDesc &train, CallbackState &state, int64_t epoch,
                           const EpochLogs &logs, float rate);

/// Whether early_stopping restores the best epoch's weights at the end.
bool restoresBestWeights(const TrainDesc &train);

} // namespace nncrt

#endif // NNCRT_CALLBACKS_H
