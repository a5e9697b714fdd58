//===- Callbacks.cpp - Learning-rate schedules and Keras's callbacks ------===//

#include "nncrt/Callbacks.h"

#include "nncrt/Error.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace nncrt {

namespace {

bool is(const char *name, const char *expected) {
  return name && std::strcmp(name, expected) == 0;
}

std::optional<double> monitored(const EpochLogs &logs, const char *monitor) {
  if (is(monitor, "loss"))
    return logs.loss;
  if (is(monitor, "val_loss"))
    return logs.valLoss;
  if (is(monitor, "accuracy"))
    return logs.accuracy;
  if (is(monitor, "val_accuracy"))
    return logs.valAccuracy;
  fail("internal: unknown monitor '{}'", monitor ? monitor : "");
}

/// Keras's mode 'auto': accuracies are better higher, losses lower.
bool higherIsBetter(const char *monitor) { return std::strstr(monitor, "acc") != nullptr; }

/// Starts a best value the first time a callback runs, at the worst one
/// (Keras's +-inf); true then.
bool startBest(double &best, bool &started, bool higher) {
  if (started)
    return false;
  best = higher ? -std::numeric_limits<double>::infinity()
                : std::numeric_limits<double>::infinity();
  started = true;
  return true;
}

/// EarlyStopping.on_epoch_end.
void earlyStopping(const CallbackDesc &callback, CallbackState &state, int64_t epoch,
                   double current, EpochDecision &decision) {
  bool higher = higherIsBetter(callback.monitor);
  if (startBest(state.stopBest, state.stopBestSet, higher)) {
    // Before any improvement, the first epoch's weights are the best.
    if (callback.restoreBestWeights) {
      decision.keepWeights = true;
      state.stopBestEpoch = epoch;
    }
  }
  state.stopWait++;
  // Keras subtracts min_delta, negated for a quantity that should fall.
  double delta = higher ? callback.minDelta : -callback.minDelta;
  bool improved = higher ? current - delta > state.stopBest : current - delta < state.stopBest;
  if (improved) {
    state.stopBest = current;
    state.stopBestEpoch = epoch;
    decision.keepWeights = callback.restoreBestWeights;
    state.stopWait = 0;
    return;
  }
  if (state.stopWait >= callback.patience && epoch > 0) {
    decision.stop = true;
    state.stoppedAfter = epoch + 1;
    decision.messages += fmt::format("Epoch {}: early stopping ({} did not improve on {:.6g} "
                                     "of epoch {} for {} epoch{})\n",
                                     epoch + 1, callback.monitor, state.stopBest,
                                     state.stopBestEpoch + 1, state.stopWait,
                                     state.stopWait == 1 ? "" : "s");
  }
}

/// ReduceLROnPlateau.on_epoch_end.
void reduceOnPlateau(const CallbackDesc &callback, CallbackState &state, int64_t epoch,
                     double current, float rate, EpochDecision &decision) {
  bool higher = higherIsBetter(callback.monitor);
  startBest(state.plateauBest, state.plateauBestSet, higher);
  if (state.plateauCooldown > 0) {
    state.plateauCooldown--;
    state.plateauWait = 0;
  }
  bool improved = higher ? current > state.plateauBest + callback.minDelta
                         : current < state.plateauBest - callback.minDelta;
  if (improved) {
    state.plateauBest = current;
    state.plateauWait = 0;
    return;
  }
  if (state.plateauCooldown > 0)
    return;
  if (++state.plateauWait < callback.patience)
    return;
  // Keras: the f32 rate read back as a double, compared with f32(min_lr),
  // multiplied in double and stored in the f32 variable.
  double oldRate = rate;
  if (!(oldRate > double(float(callback.minLr))))
    return;
  double newRate = std::max(oldRate * callback.factor, callback.minLr);
  state.reducedLearningRate = float(newRate);
  decision.newLearningRate = float(newRate);
  state.plateauCooldown = callback.cooldown;
  state.plateauWait = 0;
  decision.messages += fmt::format("Epoch {}: reduce_lr_on_plateau reducing the learning "
                                   "rate to {:.6g}\n",
                                   epoch + 1, state.reducedLearningRate);
}

/// ModelCheckpoint.on_epoch_end (save_freq "epoch"): every epoch, or only
/// when the monitored value beats the best saved one (no min_delta).
void modelCheckpoint(const CallbackDesc &callback, CallbackState &state, int64_t epoch,
                     double current, EpochDecision &decision) {
  if (!callback.saveBestOnly) {
    decision.saveWeightsTo = callback.path;
    return;
  }
  bool higher = higherIsBetter(callback.monitor);
  startBest(state.savedBest, state.savedBestSet, higher);
  if (higher ? !(current > state.savedBest) : !(current < state.savedBest))
    return;
  decision.messages += fmt::format("Epoch {}: {} improved from {:.5g} to {:.5g}, saving the "
                                   "weights to {}\n",
                                   epoch + 1, callback.monitor, state.savedBest, current,
                                   callback.path);
  state.savedBest = current;
  decision.saveWeightsTo = callback.path;
}

} // namespace

float scheduledLearningRate(const TrainDesc &train, float rate, int64_t step) {
  const double *args = train.scheduleArgs;
  auto at = float(step);
  if (is(train.schedule, "exponential_decay")) {
    float p = at / float(args[0]);
    if (args[2] != 0)
      p = std::floor(p);
    return rate * std::pow(float(args[1]), p);
  }
  if (is(train.schedule, "cosine_decay")) {
    auto decaySteps = float(args[0]);
    auto alpha = float(args[1]);
    float completed = std::min(at, decaySteps) / decaySteps;
    float cosine = 0.5f * (1.0f + std::cos(float(M_PI) * completed));
    return rate * ((1 - alpha) * cosine + alpha);
  }
  if (is(train.schedule, "piecewise_constant_decay")) {
    int boundaries = (train.numScheduleArgs - 1) / 2;
    int interval = 0;
    while (interval < boundaries && double(step) > args[interval])
      ++interval;
    return float(args[boundaries + interval]);
  }
  return rate;
}

EpochDecision runCallbacks(const TrainDesc &train, CallbackState &state, int64_t epoch,
                           const EpochLogs &logs, float rate) {
  EpochDecision decision;
  for (int i = 0; i < train.numCallbacks; ++i) {
    const CallbackDesc &callback = train.callbacks[i];
    std::optional<double> current = monitored(logs, callback.monitor);
    if (!current)
      continue; // Keras warns and skips; the compiler allows no such monitor
    if (is(callback.kind, "early_stopping"))
      earlyStopping(callback, state, epoch, *current, decision);
    else if (is(callback.kind, "reduce_lr_on_plateau"))
      reduceOnPlateau(callback, state, epoch, *current, rate, decision);
    else if (is(callback.kind, "model_checkpoint"))
      modelCheckpoint(callback, state, epoch, *current, decision);
    else
      fail("internal: unknown callback '{}'", callback.kind ? callback.kind : "");
  }
  return decision;
}

bool restoresBestWeights(const TrainDesc &train) {
  for (int i = 0; i < train.numCallbacks; ++i)
    if (is(train.callbacks[i].kind, "early_stopping") && train.callbacks[i].restoreBestWeights)
      return true;
  return false;
}

} // namespace nncrt
