//===- Trainer.h - The training loop behind `exe train` -------------------===//
//
// Per step: gather a batch (shuffled per epoch from (seed, epoch) alone),
// run the gradient pipeline, stop on a non-finite loss, run the update
// pipeline into the second set of param/state buffers and swap; the rate of
// each update comes from the schedule (Callbacks.h). At each epoch end:
// validation loss, the callbacks (early stopping, reduce on plateau),
// checkpoint (atomic), metrics line, progress line. SIGINT/SIGTERM finish the step, save a checkpoint that records the
// step, and return 130. A resumed run repeats an uninterrupted one exactly.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_TRAINER_H
#define NNCRT_TRAINER_H

#include "nncrt/Classification.h"
#include "nncrt/ModelDesc.h"
#include "nncrt/Tensor.h"
#include "nncrt/TrainingData.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace nncrt {

/// Exit status of a run stopped by SIGINT/SIGTERM (128 + SIGINT, as shells do).
constexpr int kInterruptedStatus = 130;

struct TrainSettings {
  std::string dataDir;
  int64_t epochs = 1;
  int64_t batch = 0; ///< 0: the checkpoint's when resuming, else the model's
  float learningRate = 0;
  uint64_t seed = 0;
  bool seedGiven = false; ///< a resumed run keeps its seed; a different one is an error
  std::string checkpointPath;
  std::string logPath;
  bool resume = false;
  int64_t limit = -1;
  int64_t validationLimit = -1;
  /// Sample arrays larger than this stay on disk (DataOptions).
  int64_t memoryBudget = defaultMemoryBudget();
  bool interactive = false;      ///< redraw the progress line in place
  std::string programName = "model"; ///< for the resume hint
  /// The command that resumes the run, when not `train --resume [--checkpoint]`.
  std::string resumeCommand;
  /// Called after every optimizer step with the iteration (tests use it to
  /// raise SIGINT at a chosen step).
  std::function<void(int64_t iteration)> afterStep;
  /// The member of `train --bagging` to train (its bootstrap sample and
  /// initial weights), or -1 for a plain run.
  int64_t baggingMember = -1;
  /// Data loaded once for several runs (bagging); null: read dataDir.
  std::shared_ptr<const TrainingData> data;
};

/// The settings of the model's train block, with default file names
/// `<model>.ckpt.safetensors` and `<model>.metrics.jsonl`.
TrainSettings defaultTrainSettings(const ModelDesc &model);

/// Trains; returns 0, or kInterruptedStatus after Ctrl-C. Errors throw.
int train(const ModelDesc &model, const TrainSettings &settings,
          std::ostream &out, std::ostream &err);

/// The mean loss over a split (batches weighted by their size), computed
/// by the loss pipeline.
double evaluateLoss(const ModelDesc &model, const DataSplit &split,
                    std::vector<Tensor> &params, int64_t batch);

struct SplitEvaluation {
  double loss = 0;
  /// Of the forward pipeline's predictions, when asked for.
  std::optional<ConfusionMatrix> confusion;
};

/// The mean loss (loss pipeline) and, with `withConfusion`, the confusion
/// matrix of a classifier's predictions (forward pipeline) over a split.
SplitEvaluation evaluateSplit(const ModelDesc &model, const DataSplit &split,
                              std::vector<Tensor> &params, int64_t batch,
                              bool withConfusion);

/// The forward pipeline's single output for every row of a split:
/// [count, output...].
Tensor splitOutputs(const ModelDesc &model, const DataSplit &split,
                    std::vector<Tensor> &params, int64_t batch);

/// The class label of row `row` of a split with labels.
int64_t splitLabel(const DataSplit &split, int64_t row);

/// Values per sample of a classifier's output, which must be one row of
/// scores per sample (accuracy compares it with the sample's label).
int64_t accuracyRowWidth(const ModelDesc &model, const char *command);

} // namespace nncrt

#endif // NNCRT_TRAINER_H
