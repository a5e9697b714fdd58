//===- TrainCommandsTest.cpp - train, eval, reconstruct, gradient, gradcheck
//
// The training subcommands driven through runCommandLine with the
// hand-written models of FakeTrainModels.h.
//
//===----------------------------------------------------------------------===//

#include "nncrt/CommandLine.h"

#include "FakeModel.h"
#include "FakeTrainModels.h"
#include "RunCommandLine.h"
#include "TempDir.h"
#include "nncrt/Checkpoint.h"
#include "nncrt/FileIO.h"
#include "nncrt/Idx.h"
#include "nncrt/Initializers.h"
#include "nncrt/Npy.h"
#include "nncrt/SafeTensors.h"
#include "nncrt/Weights.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <png.h>

#include <cmath>
#include <sstream>

using namespace nncrt;
using namespace nncrt::test;
using ::testing::HasSubstr;
using ::testing::StartsWith;

namespace {

Result run(std::vector<std::string> args,
           const ModelRegistry &registry = trainRegistry()) {
  return runProgram(registry, "/bin/models", std::move(args));
}

class TrainCommandsTest : public ::testing::Test {
protected:
  void SetUp() override {
    resetFakeTrainCalls();
    writeFakeDataset(dir.file("data"), 24, 6);
  }
  TempDir dir;
};

} // namespace

TEST_F(TrainCommandsTest, HelpOfEveryTrainingSubcommand) {
  Result overview = run({"--model", "linreg", "--help"});
  for (const char *name : {"train", "eval", "reconstruct", "gradient", "gradcheck"})
    EXPECT_THAT(overview.out, HasSubstr(std::string("  ") + name + " "));
  Result help = run({"train", "--help"});
  EXPECT_EQ(help.status, 0);
  for (const char *option : {"--data", "--epochs", "--batch", "--lr", "--seed",
                             "--checkpoint", "--resume", "--log", "--limit",
                             "--validation-limit", "--threads"})
    EXPECT_THAT(help.out, HasSubstr(option));
  EXPECT_THAT(help.out, HasSubstr("models train --epochs 50 --resume"));
  for (const char *name : {"eval", "reconstruct", "gradient", "gradcheck"})
    EXPECT_EQ(run({name, "--help"}).status, 0) << name;
}

TEST_F(TrainCommandsTest, TrainThenEvalThenPredictFromTheCheckpoint) {
  std::string ckpt = dir.file("lr.ckpt"), log = dir.file("lr.jsonl");
  Result trained = run({"--model", "linreg", "train", "--data", dir.file("data"),
                        "--epochs", "2", "--batch", "5", "--lr", "0.1", "--checkpoint",
                        ckpt, "--log", log, "--threads", "1"});
  ASSERT_EQ(trained.status, 0) << trained.err;
  EXPECT_THAT(trained.out, HasSubstr("Epoch 1/2  5/5 [="));
  EXPECT_THAT(trained.out, HasSubstr("Epoch 2/2  5/5 [="));
  EXPECT_THAT(trained.out, HasSubstr("val_loss "));

  // eval's loss against one computed here from the weights and test files.
  std::vector<Tensor> params = loadWeights(ckpt, linregModel());
  Tensor x = readIdx(dir.file("data/t10k-images-idx3-ubyte"), {true}).tensor;
  Tensor labels = readIdx(dir.file("data/t10k-labels-idx1-ubyte")).tensor;
  double expected = 0;
  for (int n = 0; n < 6; ++n) {
    double y = params[1].data[0];
    for (int k = 0; k < 4; ++k)
      y += double(params[0].data[k]) * x.data[4 * n + k];
    expected += (y - labels.data[n]) * (y - labels.data[n]) / 6;
  }
  Result eval = run({"--model", "linreg", "eval", "--checkpoint", ckpt, "--data",
                     dir.file("data"), "--batch", "4"});
  ASSERT_EQ(eval.status, 0) << eval.err;
  EXPECT_THAT(eval.out, StartsWith("mean_squared_error "));
  EXPECT_THAT(eval.out, HasSubstr(" on 6 test samples"));
  double printed = std::stod(eval.out.substr(eval.out.find(' ') + 1));
  EXPECT_NEAR(printed, expected, 1e-5 * (1 + expected));

  // predict reads the checkpoint as weights, skipping optimizer/*.
  writeNpy(dir.file("x.npy"), Tensor({1, 2, 2}, {0.5f, 0.5f, 0.5f, 0.5f}));
  Result predicted = run({"--model", "linreg", "predict", "--weights", ckpt,
                          "--input", dir.file("x.npy"), "--output", dir.file("y.npy")});
  ASSERT_EQ(predicted.status, 0) << predicted.err;
  float y = params[1].data[0];
  for (int k = 0; k < 4; ++k)
    y += params[0].data[k] * 0.5f;
  EXPECT_NEAR(readNpy(dir.file("y.npy")).data[0], y, 1e-6);
}

TEST_F(TrainCommandsTest, TrainErrors) {
  expectError(run({"train"}, affineRegistry()),
              "model 'affine' has no train block");
  expectError(run({"--model", "linreg", "train", "--lr", "fast"}),
              "--lr expects a number, got 'fast'");
  expectError(run({"--model", "linreg", "train", "--data", dir.file("nowhere")}),
              "nowhere: data folder not found");
  expectError(run({"--model", "linreg", "train", "--data", dir.file("data"),
                   "--resume", "--checkpoint", dir.file("absent.ckpt")}),
              "absent.ckpt: cannot open");
}

TEST_F(TrainCommandsTest, GradientMatchesHandComputedValues) {
  saveWeights(dir.file("w.safetensors"), linregModel(),
              initializeParams(linregModel(), 4));
  Tensor x({3, 2, 2}, {0.1f, 0.2f, 0.3f, 0.4f, 1, 0, 0, 1, 0.5f, 0.5f, 0, 0});
  Tensor t({3}, {1, 2, 0});
  writeNpy(dir.file("x.npy"), x);
  writeNpy(dir.file("t.npy"), t);
  Result result = run({"--model", "linreg", "gradient", "--weights",
                       dir.file("w.safetensors"), "--input", dir.file("x.npy"),
                       "--target", dir.file("t.npy"), "--output", dir.file("g.safetensors")});
  ASSERT_EQ(result.status, 0) << result.err;

  std::vector<Tensor> params = loadWeights(dir.file("w.safetensors"), linregModel());
  double loss = 0, gk[4] = {0, 0, 0, 0}, gb = 0;
  for (int n = 0; n < 3; ++n) {
    double y = params[1].data[0];
    for (int k = 0; k < 4; ++k)
      y += double(params[0].data[k]) * x.data[4 * n + k];
    double e = y - t.data[n];
    loss += e * e / 3;
    for (int k = 0; k < 4; ++k)
      gk[k] += 2 * e * x.data[4 * n + k] / 3;
    gb += 2 * e / 3;
  }
  SafeTensorsFile grads = readSafeTensors(dir.file("g.safetensors"));
  EXPECT_EQ(grads.tensors.at("loss").shape, Shape{});
  EXPECT_NEAR(grads.tensors.at("loss").data[0], loss, 1e-6);
  for (int k = 0; k < 4; ++k)
    EXPECT_NEAR(grads.tensors.at("linreg.kernel").data[k], gk[k], 1e-6);
  EXPECT_NEAR(grads.tensors.at("linreg.bias").data[0], gb, 1e-6);

  expectError(run({"--model", "linreg", "gradient", "--weights",
                   dir.file("w.safetensors"), "--input", dir.file("x.npy"),
                   "--output", dir.file("g.safetensors")}),
              "missing required option --target");
}

TEST_F(TrainCommandsTest, GradcheckPassesAndCatchesAWrongGradient) {
  saveWeights(dir.file("w.safetensors"), mirrorModel(),
              initializeParams(mirrorModel(), 2));
  std::vector<std::string> args = {"--model", "mirror", "gradcheck", "--weights",
                                   dir.file("w.safetensors"), "--input",
                                   dir.file("data/t10k-images-idx3-ubyte"),
                                   "--samples", "3"};
  Result good = run(args);
  EXPECT_EQ(good.status, 0) << good.out << good.err;
  EXPECT_THAT(good.out, HasSubstr("6 of 6 coordinates match"));
  EXPECT_THAT(good.out, HasSubstr("mirror.scale"));

  fakeTrainCalls().gradientScale = 1.5;
  Result bad = run(args);
  EXPECT_EQ(bad.status, 1);
  EXPECT_THAT(bad.out, HasSubstr("MISMATCH"));
  EXPECT_THAT(bad.err, HasSubstr("differ from finite differences"));
}

TEST_F(TrainCommandsTest, ReconstructWritesAPngGrid) {
  std::string ckpt = dir.file("m.ckpt");
  ASSERT_EQ(run({"--model", "mirror", "train", "--data", dir.file("data"),
                 "--epochs", "1", "--checkpoint", ckpt, "--log", dir.file("m.jsonl")})
                .status,
            0);
  std::string png = dir.file("recon.png");
  Result result = run({"--model", "mirror", "reconstruct", "--weights", ckpt,
                       "--count", "3", "--output", png, "--data", dir.file("data")});
  ASSERT_EQ(result.status, 0) << result.err;
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  ASSERT_TRUE(png_image_begin_read_from_file(&image, png.c_str()));
  EXPECT_EQ(image.width, 3u * 4 + 4 * 2);
  EXPECT_EQ(image.height, 2u * 4 + 3 * 2);
  EXPECT_EQ(PNG_IMAGE_PIXEL_CHANNELS(image.format), 1u);
  std::vector<uint8_t> pixels(PNG_IMAGE_SIZE(image));
  ASSERT_TRUE(png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr));
  // The top-left pixel of the first original is test image 0, pixel 0.
  Tensor test = readIdx(dir.file("data/t10k-images-idx3-ubyte")).tensor;
  EXPECT_EQ(pixels[2 * image.width + 2], uint8_t(test.data[0]));

  expectError(run({"--model", "linreg", "reconstruct", "--weights", ckpt}),
              "does not learn to reproduce its input");
}
