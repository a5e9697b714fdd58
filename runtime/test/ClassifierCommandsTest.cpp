//===- ClassifierCommandsTest.cpp - accuracy, eval, predict, bagging -------===//
//
// The classifier side of the executables, driven through runCommandLine with
// the softmax-regression models of FakeTrainModels.h ("clf", "clf_flip",
// "clf_random_flip") on a 3-class IDX folder.
//
//===----------------------------------------------------------------------===//

#include "nncrt/CommandLine.h"

#include "FakeTrainModels.h"
#include "RunCommandLine.h"
#include "TempDir.h"
#include "nncrt/Checkpoint.h"
#include "nncrt/FileIO.h"
#include "nncrt/Idx.h"
#include "nncrt/Npy.h"
#include "nncrt/SafeTensors.h"
#include "nncrt/Trainer.h"
#include "nncrt/Weights.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <csignal>
#include <unistd.h>
#include <sstream>

using namespace nncrt;
using namespace nncrt::test;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

namespace {

Result run(std::vector<std::string> args) {
  return runProgram(trainRegistry(), "/bin/clf", std::move(args));
}

std::vector<nlohmann::json> readMetrics(const std::string &path) {
  std::vector<nlohmann::json> lines;
  std::istringstream text(readFile(path));
  for (std::string line; std::getline(text, line);)
    lines.push_back(nlohmann::json::parse(line));
  return lines;
}

class ClassifierCommandsTest : public ::testing::Test {
protected:
  void SetUp() override {
    resetFakeTrainCalls();
    writeFakeDataset(dir.file("data"), 60, 30, 2, 1, false, 3);
  }

  /// train --model MODEL on the data folder, into `name`.ckpt / `name`.jsonl.
  Result train(const std::string &model, const std::string &name,
               std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--model", model, "train", "--data",
                                     dir.file("data"), "--seed", "3",
                                     "--checkpoint", ckpt(name), "--log",
                                     dir.file(name + ".jsonl")};
    args.insert(args.end(), extra.begin(), extra.end());
    return run(args);
  }
  std::string ckpt(const std::string &name) {
    return dir.file(name + ".ckpt.safetensors");
  }

  TempDir dir;
};

double numberAfter(const std::string &text, const std::string &key) {
  size_t at = text.find(key);
  EXPECT_NE(at, std::string::npos) << key << " in " << text;
  return at == std::string::npos ? -1 : std::stod(text.substr(at + key.size()));
}

} // namespace

TEST_F(ClassifierCommandsTest, AccuracyInProgressLineAndMetricsLog) {
  Result result = train("clf", "run", {"--epochs", "6"});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("Epoch 6/6"));
  EXPECT_THAT(result.out, HasSubstr("  acc "));
  EXPECT_THAT(result.out, HasSubstr("  val_acc "));
  std::vector<nlohmann::json> metrics = readMetrics(dir.file("run.jsonl"));
  ASSERT_EQ(metrics.size(), 6u);
  for (const nlohmann::json &line : metrics) {
    double accuracy = line["accuracy"], valAccuracy = line["val_accuracy"];
    EXPECT_GE(accuracy, 0);
    EXPECT_LE(accuracy, 1);
    // 30 validation samples: a multiple of 1/30.
    EXPECT_NEAR(valAccuracy * 30, std::round(valAccuracy * 30), 1e-9);
  }
  // eval of the final checkpoint reproduces the last val_accuracy, computed
  // independently of the training loop.
  Result eval = run({"--model", "clf", "eval", "--weights", ckpt("run"),
                     "--data", dir.file("data")});
  ASSERT_EQ(eval.status, 0) << eval.err;
  EXPECT_NEAR(numberAfter(eval.out, "accuracy "),
              metrics.back()["val_accuracy"].get<double>(), 1e-4);
  EXPECT_NEAR(numberAfter(eval.out, "sparse_categorical_crossentropy "),
              metrics.back()["val_loss"].get<double>(), 1e-5);
  // The confusion matrix: a header and 3 rows whose counts sum to 30.
  size_t title = eval.out.find("confusion matrix (rows: true class, columns: predicted class):\n");
  ASSERT_NE(title, std::string::npos) << eval.out;
  std::istringstream table(eval.out.substr(eval.out.find('\n', title) + 1));
  std::string header;
  std::getline(table, header);
  EXPECT_THAT(header, ::testing::MatchesRegex("true.pred +0 +1 +2"));
  int64_t total = 0;
  for (int row = 0; row < 3; ++row) {
    std::string line;
    ASSERT_TRUE(std::getline(table, line));
    std::istringstream cells(line);
    int64_t trueClass, count;
    cells >> trueClass;
    EXPECT_EQ(trueClass, row);
    while (cells >> count)
      total += count;
    EXPECT_EQ(line.size(), header.size()); // aligned columns
  }
  EXPECT_EQ(total, 30);

  // Independently: predict's raw logits against the IDX labels.
  Result predict = run({"--model", "clf", "predict", "--weights", ckpt("run"),
                        "--input", dir.file("data/t10k-images-idx3-ubyte"),
                        "--output", dir.file("logits.npy")});
  ASSERT_EQ(predict.status, 0) << predict.err;
  Tensor logits = readNpy(dir.file("logits.npy"));
  IdxBytes labels = readIdxBytes(dir.file("data/t10k-labels-idx1-ubyte"));
  int correct = 0;
  for (int n = 0; n < 30; ++n) {
    const float *row = logits.data.data() + 3 * n;
    correct += std::max_element(row, row + 3) - row == labels.data()[n];
  }
  EXPECT_NEAR(numberAfter(eval.out, "accuracy "), correct / 30.0, 1e-4);
  // It learns: above the 1/3 of guessing.
  EXPECT_GT(correct, 15);
}

TEST_F(ClassifierCommandsTest, FlipLrDoublesTheStepsAndResumesExactly) {
  Result whole = train("clf_flip", "whole", {"--epochs", "2", "--batch", "7"});
  ASSERT_EQ(whole.status, 0) << whole.err;
  // 60 images and their mirrors: 120 samples, 18 steps of 7.
  EXPECT_THAT(whole.out, HasSubstr("on 120 samples (2 x 60 with flip_lr)"));
  EXPECT_THAT(whole.out, HasSubstr("18 steps per epoch"));
  EXPECT_THAT(whole.out, HasSubstr("Epoch 2/2  18/18"));

  // Interrupted at iteration 23 (epoch 2, step 5), then resumed.
  std::vector<std::string> args = {"--model", "clf_flip", "train", "--data",
                                   dir.file("data"), "--seed", "3", "--checkpoint",
                                   ckpt("parts"), "--log", dir.file("parts.jsonl"),
                                   "--epochs", "2", "--batch", "7"};
  // runCommandLine has no afterStep hook: drive the Trainer directly.
  TrainSettings settings = defaultTrainSettings(clfFlipModel());
  settings.dataDir = dir.file("data");
  settings.seed = 3;
  settings.seedGiven = true;
  settings.epochs = 2;
  settings.batch = 7;
  settings.checkpointPath = ckpt("parts");
  settings.logPath = dir.file("parts.jsonl");
  settings.afterStep = [](int64_t iteration) {
    if (iteration == 23)
      std::raise(SIGINT);
  };
  std::ostringstream out, err;
  ASSERT_EQ(nncrt::train(clfFlipModel(), settings, out, err), kInterruptedStatus);
  args.push_back("--resume");
  Result resumed = run(args);
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  std::vector<Tensor> a = loadWeights(ckpt("whole"), clfFlipModel());
  std::vector<Tensor> b = loadWeights(ckpt("parts"), clfFlipModel());
  EXPECT_EQ(a[0].data, b[0].data);
  EXPECT_EQ(a[1].data, b[1].data);
  std::vector<nlohmann::json> wholeLog = readMetrics(dir.file("whole.jsonl"));
  std::vector<nlohmann::json> partsLog = readMetrics(dir.file("parts.jsonl"));
  ASSERT_EQ(partsLog.size(), 2u);
  EXPECT_EQ(wholeLog[1]["loss"], partsLog[1]["loss"]);
  EXPECT_EQ(wholeLog[1]["accuracy"], partsLog[1]["accuracy"]);
  EXPECT_EQ(wholeLog[1]["val_accuracy"], partsLog[1]["val_accuracy"]);
}

TEST_F(ClassifierCommandsTest, RandomFlipIsReproducibleFromTheSeed) {
  ASSERT_EQ(train("clf_random_flip", "a", {"--epochs", "2"}).status, 0);
  ASSERT_EQ(train("clf_random_flip", "b", {"--epochs", "2"}).status, 0);
  ASSERT_EQ(train("clf", "plain", {"--epochs", "2"}).status, 0);
  std::vector<Tensor> a = loadWeights(ckpt("a"), clfModel());
  EXPECT_EQ(a[0].data, loadWeights(ckpt("b"), clfModel())[0].data);
  // The flips change what is learnt (same seed, same order, same init).
  EXPECT_NE(a[0].data, loadWeights(ckpt("plain"), clfModel())[0].data);
}

TEST_F(ClassifierCommandsTest, BaggingTrainsMembersOnBootstrapSamples) {
  Result bagging = train("clf", "bag", {"--epochs", "2", "--bagging", "3"});
  ASSERT_EQ(bagging.status, 0) << bagging.err;
  for (int k = 0; k < 3; ++k) {
    std::string member = dir.file("bag.ckpt.member" + std::to_string(k) + ".safetensors");
    EXPECT_TRUE(fileExists(member)) << member;
    EXPECT_THAT(bagging.out, HasSubstr(fmt::format("Bagging member {}/3", k + 1)));
    EXPECT_TRUE(fileExists(dir.file("bag.member" + std::to_string(k) + ".jsonl")));
    EXPECT_EQ(loadCheckpoint(member, clfModel()).progress.baggingMember, k);
  }
  EXPECT_THAT(bagging.out, HasSubstr("eval --ensemble "));
  auto member = [&](int k) {
    return dir.file("bag.ckpt.member" + std::to_string(k) + ".safetensors");
  };
  EXPECT_NE(loadWeights(member(0), clfModel())[0].data,
            loadWeights(member(1), clfModel())[0].data);
  // Reproducible: member 1 again, alone.
  Result again = train("clf", "again", {"--epochs", "2", "--bagging", "2"});
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(loadWeights(member(1), clfModel())[0].data,
            loadWeights(dir.file("again.ckpt.member1.safetensors"), clfModel())[0].data);
  // A member cannot be resumed as a single run.
  Result wrong = run({"--model", "clf", "train", "--data", dir.file("data"),
                      "--checkpoint", member(0), "--epochs", "3", "--resume"});
  EXPECT_EQ(wrong.status, 1);
  EXPECT_THAT(wrong.err, HasSubstr("was trained as bagging member 0"));

  // The ensemble: each member's accuracy, then the vote's.
  Result eval = run({"--model", "clf", "eval", "--data", dir.file("data"),
                     "--ensemble", member(0), member(1), member(2)});
  ASSERT_EQ(eval.status, 0) << eval.err;
  for (int k = 1; k <= 3; ++k)
    EXPECT_THAT(eval.out, HasSubstr(fmt::format("member {} (", k)));
  EXPECT_THAT(eval.out, HasSubstr("ensemble (majority vote of 3 members): accuracy "));
  EXPECT_THAT(eval.out, HasSubstr("true\\pred"));

  // predict --ensemble writes the voted classes.
  Tensor images({4, 2, 2, 1}, std::vector<float>(16, 0.5f));
  for (int i = 0; i < 4; ++i)
    images.data[size_t(4 * i + i % 4)] = 1.0f;
  writeNpy(dir.file("images.npy"), images);
  Result predict = run({"--model", "clf", "predict", "--input", dir.file("images.npy"),
                        "--classes", "--classes-output", dir.file("classes.csv"),
                        "--ensemble", member(0), member(1), member(2)});
  ASSERT_EQ(predict.status, 0) << predict.err;
  EXPECT_THAT(predict.out, HasSubstr("sample  class  probability\n"));
  std::string csv = readFile(dir.file("classes.csv"));
  EXPECT_THAT(csv, StartsWith("class,probability\n"));
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 5);
}

TEST_F(ClassifierCommandsTest, PredictClassesOfOneModel) {
  ASSERT_EQ(train("clf", "run", {"--epochs", "2"}).status, 0);
  Tensor images({2, 2, 2, 1}, {0, 0, 0, 0, 1, 1, 1, 1});
  writeNpy(dir.file("images.npy"), images);
  Result result = run({"--model", "clf", "predict", "--weights", ckpt("run"),
                       "--input", dir.file("images.npy"), "--classes",
                       "--classes-output", dir.file("c.csv"), "--output",
                       dir.file("logits.npy")});
  ASSERT_EQ(result.status, 0) << result.err;
  // The CSV agrees with the softmax of the raw logits written beside it.
  Tensor logits = readNpy(dir.file("logits.npy"));
  std::istringstream csv(readFile(dir.file("c.csv")));
  std::string line;
  std::getline(csv, line);
  for (int n = 0; n < 2; ++n) {
    ASSERT_TRUE(std::getline(csv, line));
    const float *row = logits.data.data() + 3 * n;
    int best = int(std::max_element(row, row + 3) - row);
    double sum = std::exp(row[0]) + std::exp(row[1]) + std::exp(row[2]);
    EXPECT_EQ(std::stoi(line.substr(0, line.find(','))), best);
    EXPECT_NEAR(std::stod(line.substr(line.find(',') + 1)),
                std::exp(row[best]) / sum, 1e-5);
  }
}

TEST_F(ClassifierCommandsTest, BadInput) {
  expectError(train("clf", "zero", {"--bagging", "0"}), "--bagging 0 trains no model");

  // Labels outside the 3 classes of the model.
  TempDir bad;
  writeFakeDataset(bad.file("data"), 20, 5, 2, 1, false, 10);
  Result outside = run({"--model", "clf", "train", "--data", bad.file("data"),
                        "--checkpoint", ckpt("outside")});
  expectError(outside, "train-labels-idx1-ubyte: label ");
  EXPECT_THAT(outside.err, HasSubstr("is outside the 3 classes [0, 3)"));
  EXPECT_FALSE(fileExists(ckpt("outside")));

  // A missing label file.
  ::unlink(dir.file("data/t10k-labels-idx1-ubyte").c_str());
  expectError(train("clf", "nolabels"), "missing t10k-labels-idx1-ubyte");

  // Ensemble members of another model, or of other shapes.
  writeFakeDataset(dir.file("data"), 60, 30, 2, 1, false, 3);
  ASSERT_EQ(train("clf", "ok", {"--epochs", "1"}).status, 0);
  ASSERT_EQ(run({"--model", "linreg", "train", "--data", dir.file("data"),
                 "--checkpoint", ckpt("linreg"), "--log", dir.file("l.jsonl")})
                .status,
            0);
  expectError(run({"--model", "clf", "eval", "--data", dir.file("data"),
                   "--ensemble", ckpt("ok"), ckpt("linreg")}),
              "ensemble member of model 'linreg', not 'clf'");
  Tensor kernel({4, 4}), bias({3});
  saveWeights(dir.file("odd.safetensors"), clfModel(), {Tensor({4, 3}), bias});
  SafeTensorsFile odd = readSafeTensors(dir.file("odd.safetensors"));
  odd.tensors["clf.kernel"] = kernel;
  writeSafeTensors(dir.file("odd.safetensors"), odd);
  expectError(run({"--model", "clf", "predict", "--input", dir.file("data/t10k-images-idx3-ubyte"),
                   "--classes", "--ensemble", ckpt("ok"), dir.file("odd.safetensors")}),
              "tensor 'clf.kernel' has shape [4, 4], expected [4, 3]");
  expectError(run({"--model", "clf", "predict", "--input", dir.file("data/t10k-images-idx3-ubyte"),
                   "--ensemble", ckpt("ok")}),
              "--ensemble votes on classes");
  expectError(run({"--model", "mirror", "eval", "--data", dir.file("data"),
                   "--ensemble", ckpt("ok")}),
              "not a classifier");
}
