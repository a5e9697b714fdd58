//===- TrainerTest.cpp - The training loop, resume and NaN stop -----------===//
//
// Trains the hand-written models of FakeTrainModels.h on small IDX folders.
//
//===----------------------------------------------------------------------===//

#include "nncrt/Trainer.h"

#include "ChildProcess.h"
#include "ErrorOf.h"
#include "FakeTrainModels.h"
#include "TempDir.h"
#include "nncrt/Checkpoint.h"
#include "nncrt/FileIO.h"
#include "nncrt/FileLock.h"
#include "nncrt/SafeTensors.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <cstdint>
#include <sstream>

using namespace nncrt;
using namespace nncrt::test;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

std::vector<nlohmann::json> readMetrics(const std::string &path) {
  std::vector<nlohmann::json> lines;
  std::istringstream text(readFile(path));
  for (std::string line; std::getline(text, line);)
    lines.push_back(nlohmann::json::parse(line));
  return lines;
}

class TrainerTest : public ::testing::Test {
protected:
  void SetUp() override {
    resetFakeTrainCalls();
    // 40 samples in batches of 3: 14 steps per epoch, the last one of 1.
    writeFakeDataset(dir.file("data"), 40, 12);
  }

  TrainSettings settings(const std::string &name) {
    TrainSettings result = defaultTrainSettings(linregModel());
    result.dataDir = dir.file("data");
    result.batch = 3;
    result.learningRate = 0.05f;
    result.seed = 7;
    result.checkpointPath = dir.file(name + ".ckpt.safetensors");
    result.logPath = dir.file(name + ".jsonl");
    return result;
  }

  int run(const TrainSettings &trainSettings) {
    out.str("");
    err.str("");
    return train(linregModel(), trainSettings, out, err);
  }

  TempDir dir;
  std::ostringstream out, err;
};

} // namespace

TEST_F(TrainerTest, EpochsReduceTheLossAndLogEachEpoch) {
  TrainSettings trainSettings = settings("run");
  trainSettings.epochs = 6;
  ASSERT_EQ(run(trainSettings), 0) << err.str();
  std::vector<nlohmann::json> metrics = readMetrics(trainSettings.logPath);
  ASSERT_EQ(metrics.size(), 6u);
  for (size_t i = 0; i < metrics.size(); ++i) {
    EXPECT_EQ(metrics[i]["epoch"], int(i) + 1);
    EXPECT_TRUE(metrics[i]["val_loss"].is_number());
    EXPECT_GT(metrics[i]["seconds"].get<double>(), 0);
    EXPECT_GT(metrics[i]["images_per_second"].get<double>(), 0);
  }
  EXPECT_LT(metrics[5]["loss"].get<double>(), 0.5 * metrics[0]["loss"].get<double>());
  EXPECT_LT(metrics[5]["val_loss"].get<double>(), metrics[0]["val_loss"].get<double>());
  // Every step ran the update pipeline into buffers other than its inputs.
  EXPECT_EQ(fakeTrainCalls().updateCalls, 6 * 14);
  EXPECT_EQ(fakeTrainCalls().aliasedUpdates, 0);
  // Plain mode: one line per epoch, no carriage returns.
  EXPECT_THAT(out.str(), HasSubstr("Epoch 6/6  14/14 [==============================] "));
  EXPECT_THAT(out.str(), Not(HasSubstr("\r")));

  Checkpoint checkpoint = loadCheckpoint(trainSettings.checkpointPath, linregModel());
  EXPECT_EQ(checkpoint.progress.epoch, 6);
  EXPECT_EQ(checkpoint.progress.step, 0);
  EXPECT_EQ(checkpoint.progress.iteration, 6 * 14);
  EXPECT_EQ(checkpoint.progress.seed, 7u);
}

TEST_F(TrainerTest, ResumeAfterInterruptRepeatsTheUninterruptedRun) {
  TrainSettings whole = settings("whole");
  whole.epochs = 3;
  ASSERT_EQ(run(whole), 0) << err.str();

  // Ctrl-C during iteration 17 (epoch 2, step 3): the step finishes, the
  // checkpoint records it, and the run stops with 130.
  TrainSettings interrupted = settings("parts");
  interrupted.epochs = 3;
  interrupted.afterStep = [](int64_t iteration) {
    if (iteration == 17)
      std::raise(SIGINT);
  };
  ASSERT_EQ(run(interrupted), kInterruptedStatus);
  EXPECT_THAT(err.str(), HasSubstr("interrupted by SIGINT at epoch 2, step 3/14"));
  EXPECT_THAT(err.str(), HasSubstr("train --resume --checkpoint " +
                                   interrupted.checkpointPath));
  Checkpoint partial = loadCheckpoint(interrupted.checkpointPath, linregModel());
  EXPECT_EQ(partial.progress.epoch, 1);
  EXPECT_EQ(partial.progress.step, 3);
  EXPECT_EQ(partial.progress.iteration, 17);
  EXPECT_EQ(partial.progress.lossCount, 9);
  EXPECT_EQ(readMetrics(interrupted.logPath).size(), 1u);

  TrainSettings resumed = settings("parts");
  resumed.epochs = 3;
  resumed.batch = 0; // taken from the checkpoint
  resumed.seed = 0;  // likewise (not given on the command line)
  resumed.resume = true;
  ASSERT_EQ(run(resumed), 0) << err.str();
  EXPECT_THAT(out.str(), HasSubstr("continuing at epoch 2, step 3"));

  std::vector<nlohmann::json> expected = readMetrics(whole.logPath);
  std::vector<nlohmann::json> actual = readMetrics(resumed.logPath);
  ASSERT_EQ(actual.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(actual[i]["loss"].get<double>(), expected[i]["loss"].get<double>()) << i;
    EXPECT_EQ(actual[i]["val_loss"].get<double>(), expected[i]["val_loss"].get<double>()) << i;
  }
  SafeTensorsFile a = readSafeTensors(whole.checkpointPath);
  SafeTensorsFile b = readSafeTensors(resumed.checkpointPath);
  ASSERT_EQ(a.tensors.size(), 4u);
  for (const auto &[name, tensor] : a.tensors)
    EXPECT_EQ(b.tensors.at(name).data, tensor.data) << name;
  EXPECT_EQ(a.metadata, b.metadata);
}

TEST_F(TrainerTest, ResumeRejectsADifferentRun) {
  TrainSettings first = settings("run");
  first.epochs = 1;
  ASSERT_EQ(run(first), 0);
  std::string before = readFile(first.checkpointPath);

  TrainSettings again = first;
  again.resume = true;
  again.epochs = 2;
  again.seedGiven = true;
  again.seed = 8;
  EXPECT_THAT(errorOf([&] { run(again); }), HasSubstr("trained with seed 7"));
  again.seedGiven = false;
  again.batch = 5;
  EXPECT_THAT(errorOf([&] { run(again); }), HasSubstr("trained with batch 3"));
  again.batch = 0;
  again.limit = 20;
  EXPECT_THAT(errorOf([&] { run(again); }),
              HasSubstr("trained on 40 samples per epoch, but the data now gives 20"));
  EXPECT_EQ(readFile(first.checkpointPath), before);

  // Resuming a finished run is not an error.
  again.limit = -1;
  again.epochs = 1;
  EXPECT_EQ(run(again), 0);
  EXPECT_THAT(out.str(), HasSubstr("has already trained 1 epoch"));
}

TEST_F(TrainerTest, NonFiniteLossStopsAndKeepsTheLastCheckpoint) {
  TrainSettings first = settings("run");
  first.epochs = 1;
  ASSERT_EQ(run(first), 0);
  std::string before = readFile(first.checkpointPath);

  TrainSettings exploding = first;
  exploding.resume = true;
  exploding.epochs = 3;
  exploding.learningRate = 1e30f;
  std::string message = errorOf([&] { run(exploding); });
  EXPECT_THAT(message, HasSubstr("the loss became inf at epoch 2, step 2 (iteration 16)"));
  EXPECT_THAT(message, HasSubstr("Last good checkpoint: " + first.checkpointPath +
                                 " (epoch 1, step 0)"));
  EXPECT_EQ(readFile(first.checkpointPath), before);
  EXPECT_EQ(readMetrics(first.logPath).size(), 1u);
}

TEST_F(TrainerTest, NonFiniteLossBeforeAnyCheckpoint) {
  TrainSettings exploding = settings("run");
  exploding.learningRate = 1e30f;
  EXPECT_THAT(errorOf([&] { run(exploding); }),
              HasSubstr("Last good checkpoint: none yet"));
  EXPECT_FALSE(fileExists(exploding.checkpointPath));
}

TEST_F(TrainerTest, TargetThatIsTheInputAndValidationFraction) {
  // mirror: validation is the last quarter of the 40 training samples.
  TrainSettings mirror = defaultTrainSettings(mirrorModel());
  mirror.dataDir = dir.file("data");
  mirror.epochs = 5;
  mirror.checkpointPath = dir.file("mirror.ckpt");
  mirror.logPath = dir.file("mirror.jsonl");
  ASSERT_EQ(train(mirrorModel(), mirror, out, err), 0);
  EXPECT_THAT(out.str(), HasSubstr("on 30 samples, validating on 10, batch 8, 4 steps"));
  std::vector<nlohmann::json> metrics = readMetrics(mirror.logPath);
  ASSERT_EQ(metrics.size(), 5u);
  EXPECT_LT(metrics[4]["loss"].get<double>(), metrics[0]["loss"].get<double>());

  // No validation at all: val_loss is null.
  TrainSettings limited = mirror;
  limited.validationLimit = 0;
  limited.epochs = 1;
  limited.logPath = dir.file("limited.jsonl");
  ASSERT_EQ(train(mirrorModel(), limited, out, err), 0);
  EXPECT_TRUE(readMetrics(limited.logPath)[0]["val_loss"].is_null());
}

TEST_F(TrainerTest, ModelWithoutTrainBlock) {
  ModelDesc untrainable = linregModel();
  untrainable.train = nullptr;
  EXPECT_THAT(errorOf([&] { train(untrainable, settings("x"), out, err); }),
              HasSubstr("model 'linreg' has no train block"));
}

TEST_F(TrainerTest, SecondRunOnTheSameCheckpointIsRefused) {
  TrainSettings first = settings("run");
  {
    // Another run holds the checkpoint (the lock is what a run takes).
    RunningChild other([&] {
      long ignored;
      if (!FileLock::tryAcquire(first.checkpointPath, ignored).release())
        throw std::runtime_error("not locked");
    });
    EXPECT_EQ(errorOf([&] { run(first); }),
              "train: " + first.checkpointPath +
                  " is in use by another train run (pid " +
                  std::to_string(other.pid()) +
                  "); wait for it to end or train into another --checkpoint");
    EXPECT_FALSE(fileExists(first.checkpointPath));
    EXPECT_FALSE(fileExists(first.logPath));
  }
  // Its process has ended: the lock went with it.
  ASSERT_EQ(run(first), 0) << err.str();
  EXPECT_FALSE(fileExists(first.checkpointPath + ".lock"));
}

TEST_F(TrainerTest, StartRemovesTemporariesOfKilledRuns) {
  TrainSettings first = settings("run");
  ASSERT_EQ(run(first), 0);
  // A run killed while writing its checkpoint, and one writing it now.
  RunningChild writing;
  std::string killed =
      first.checkpointPath + ".tmp-" + std::to_string(exitedProcessId());
  std::string live = first.checkpointPath + ".tmp-" + std::to_string(writing.pid());
  writeBytes(killed, "half a checkpoint");
  writeBytes(live, "being written");
  // Resuming a finished run writes nothing, but cleans up on start.
  TrainSettings again = first;
  again.resume = true;
  ASSERT_EQ(run(again), 0) << err.str();
  EXPECT_THAT(out.str(), HasSubstr("nothing to do"));
  EXPECT_FALSE(fileExists(killed));
  EXPECT_EQ(readFile(live), "being written");
}

TEST_F(TrainerTest, CheckpointCountersThatWouldOverflowAreRefused) {
  TrainSettings first = settings("run");
  first.epochs = 1;
  ASSERT_EQ(run(first), 0);
  SafeTensorsFile good = readSafeTensors(first.checkpointPath);
  TrainSettings resumed = first;
  resumed.resume = true;
  resumed.epochs = 2;
  auto resumeWith = [&](const std::string &key, const std::string &value) {
    SafeTensorsFile crafted = good;
    crafted.metadata[key] = value;
    writeSafeTensors(first.checkpointPath, crafted);
    return errorOf([&] { run(resumed); });
  };
  std::string max = std::to_string(INT64_MAX);
  EXPECT_EQ(resumeWith("iteration", max),
            first.checkpointPath + ": iteration " + max +
                " would overflow before epoch 2 ends (corrupt checkpoint)");
  EXPECT_EQ(resumeWith("loss_count", max),
            first.checkpointPath + ": corrupt checkpoint: loss_count " + max +
                " and correct_count 0 do not fit an epoch of 40 samples");
  EXPECT_EQ(resumeWith("correct_count", "1"),
            first.checkpointPath + ": corrupt checkpoint: loss_count 0 and "
                                   "correct_count 1 do not fit an epoch of 40 samples");
  // The last step of epoch 2 reaches INT64_MAX exactly.
  EXPECT_EQ(resumeWith("iteration", std::to_string(INT64_MAX - 14)), "");
  // A batch near INT64_MAX (the steps per epoch were (samples + batch - 1)
  // / batch) is one step of all samples.
  resumed.batch = 0;
  EXPECT_EQ(resumeWith("batch", max), "");
  EXPECT_THAT(out.str(), HasSubstr("batch " + max + ", 1 steps per epoch"));
}
