//===- CallbacksTest.cpp - Learning-rate schedules and callbacks ----------===//
//
// data/callbacks/reference.json holds what Keras 3's own schedules and
// callbacks did (scripts/gen_callback_reference.py): the rate of each step,
// and on scripted epoch logs, where EarlyStopping stops and which weights
// restore_best_weights leaves, and the rates ReduceLROnPlateau sets.
//
//===----------------------------------------------------------------------===//

#include "nncrt/Callbacks.h"

#include "nncrt/FileIO.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using namespace nncrt;
using nlohmann::json;

namespace {

const json &reference() {
  static const json parsed = json::parse(
      readFile(std::string(NNCRT_TEST_DATA_DIR) + "/callbacks/reference.json"));
  return parsed;
}

/// A TrainDesc with just a schedule or callbacks (the rest zero).
TrainDesc trainWith(const char *schedule, const std::vector<double> &args,
                    const std::vector<CallbackDesc> &callbacks) {
  TrainDesc train{};
  train.schedule = schedule;
  train.scheduleArgs = args.data();
  train.numScheduleArgs = int(args.size());
  train.callbacks = callbacks.data();
  train.numCallbacks = int(callbacks.size());
  return train;
}

/// The logs of epoch `epoch` as the reference script scripts them.
EpochLogs logsOf(int64_t epoch) {
  double loss = reference()["losses"][epoch];
  double accuracy = reference()["accuracies"][epoch];
  return {loss, loss + 0.05, accuracy, accuracy - 0.01};
}

} // namespace

TEST(CallbacksTest, SchedulesGiveKerassRates) {
  for (const json &schedule : reference()["schedules"]) {
    std::string name = schedule["name"];
    const json &args = schedule["args"];
    std::vector<double> values;
    if (name == "exponential_decay")
      values = {args["decay_steps"], args["decay_rate"], args["staircase"] ? 1.0 : 0.0};
    else if (name == "cosine_decay")
      values = {args["decay_steps"], args["alpha"]};
    else
      for (const char *key : {"boundaries", "values"})
        for (double value : args[key])
          values.push_back(value);
    TrainDesc train = trainWith(name.c_str(), values, {});
    float rate = float(double(schedule["rate"]));
    const json &rates = schedule["rates"];
    for (size_t step = 0; step < rates.size(); ++step) {
      double expected = rates[step];
      EXPECT_NEAR(scheduledLearningRate(train, rate, int64_t(step)), expected,
                  1e-6 * expected)
          << name << " " << args.dump() << " at step " << step;
    }
  }
  // Without a schedule, the rate is the optimizer's.
  EXPECT_EQ(scheduledLearningRate(trainWith(nullptr, {}, {}), 0.25f, 1000), 0.25f);
}

TEST(CallbacksTest, EarlyStoppingStopsWhereKerasStops) {
  for (const json &run : reference()["early_stopping"]) {
    std::string monitor = run["monitor"];
    CallbackDesc callback{"early_stopping", monitor.c_str(), run["min_delta"],
                          run["patience"], run["restore_best_weights"], 0, 0, 0};
    std::vector<CallbackDesc> callbacks = {callback};
    TrainDesc train = trainWith(nullptr, {}, callbacks);
    CallbackState state;
    int64_t epochs = 0, weightsEpoch = -1, keptEpoch = -1;
    for (int64_t epoch = 0; epoch < int64_t(reference()["losses"].size()); ++epoch) {
      EpochDecision decision = runCallbacks(train, state, epoch, logsOf(epoch), 0.01f);
      weightsEpoch = epoch; // the weights after this epoch
      if (decision.keepWeights)
        keptEpoch = epoch;
      epochs = epoch + 1;
      if (decision.stop)
        break;
    }
    if (restoresBestWeights(train) && keptEpoch >= 0)
      weightsEpoch = keptEpoch;
    EXPECT_EQ(epochs, run["epochs"].get<int64_t>()) << run.dump();
    EXPECT_EQ(weightsEpoch, run["weights_epoch"].get<int64_t>()) << run.dump();
    EXPECT_EQ(state.stoppedAfter, epochs < int64_t(reference()["losses"].size()) ? epochs : 0)
        << run.dump();
  }
}

TEST(CallbacksTest, ReduceLrOnPlateauSetsKerassRates) {
  for (const json &run : reference()["plateau"]) {
    std::string monitor = run["monitor"];
    CallbackDesc callback{"reduce_lr_on_plateau", monitor.c_str(), run["min_delta"],
                          run["patience"], false, run["factor"], run["cooldown"],
                          run["min_lr"]};
    std::vector<CallbackDesc> callbacks = {callback};
    TrainDesc train = trainWith(nullptr, {}, callbacks);
    CallbackState state;
    float rate = float(double(run["rate"]));
    const json &rates = run["rates"];
    for (size_t epoch = 0; epoch + 1 < rates.size(); ++epoch) {
      EXPECT_EQ(double(rate), double(float(double(rates[epoch])))) << run.dump() << " epoch "
                                                                    << epoch;
      EpochDecision decision = runCallbacks(train, state, int64_t(epoch), logsOf(int64_t(epoch)), rate);
      if (decision.newLearningRate)
        rate = *decision.newLearningRate;
    }
    EXPECT_EQ(double(rate), double(float(double(rates.back())))) << run.dump();
  }
}

TEST(CallbacksTest, ModelCheckpointSavesWhereKerasSaves) {
  for (const json &run : reference()["model_checkpoint"]) {
    std::string monitor = run["monitor"];
    CallbackDesc callback{"model_checkpoint", monitor.c_str(), 0, 0, false, 0, 0, 0,
                          "best.safetensors", run["save_best_only"]};
    std::vector<CallbackDesc> callbacks = {callback};
    TrainDesc train = trainWith(nullptr, {}, callbacks);
    CallbackState state;
    std::vector<int64_t> saved;
    for (int64_t epoch = 0; epoch < int64_t(reference()["losses"].size()); ++epoch) {
      EpochDecision decision = runCallbacks(train, state, epoch, logsOf(epoch), 0.01f);
      if (decision.saveWeightsTo) {
        EXPECT_EQ(*decision.saveWeightsTo, "best.safetensors");
        saved.push_back(epoch);
      }
    }
    EXPECT_EQ(saved, run["saved_epochs"].get<std::vector<int64_t>>()) << run.dump();
  }
}
