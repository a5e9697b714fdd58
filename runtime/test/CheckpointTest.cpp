//===- CheckpointTest.cpp - Checkpoints: round trip, atomicity, errors ----===//

#include "nncrt/Checkpoint.h"

#include "ErrorOf.h"
#include "FakeTrainModels.h"
#include "TempDir.h"
#include "nncrt/FileIO.h"
#include "nncrt/Initializers.h"
#include "nncrt/SafeTensors.h"
#include "nncrt/TrainingPipelines.h"
#include "nncrt/Weights.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace nncrt;
using namespace nncrt::test;
using ::testing::HasSubstr;

namespace {

Checkpoint sampleCheckpoint(const ModelDesc &model) {
  Checkpoint checkpoint;
  checkpoint.params = initializeParams(model, 3);
  checkpoint.state = zerosLikeState(model);
  checkpoint.state[0].data[1] = -0.25f;
  checkpoint.progress = {2, 5, 33, 9, 0.1 + 0.2, 15, 3, 40};
  return checkpoint;
}

} // namespace

TEST(CheckpointTest, RoundTripsExactly) {
  TempDir dir;
  std::string path = dir.file("c.safetensors");
  Checkpoint saved = sampleCheckpoint(linregModel());
  saveCheckpoint(path, linregModel(), saved);
  Checkpoint loaded = loadCheckpoint(path, linregModel());
  ASSERT_EQ(loaded.params.size(), 2u);
  ASSERT_EQ(loaded.state.size(), 2u);
  EXPECT_EQ(loaded.params[0].data, saved.params[0].data);
  EXPECT_EQ(loaded.state[0].data, saved.state[0].data);
  EXPECT_EQ(loaded.progress.epoch, 2);
  EXPECT_EQ(loaded.progress.step, 5);
  EXPECT_EQ(loaded.progress.iteration, 33);
  EXPECT_EQ(loaded.progress.seed, 9u);
  EXPECT_EQ(loaded.progress.lossSum, 0.1 + 0.2); // bit for bit
  EXPECT_EQ(loaded.progress.lossCount, 15);
  EXPECT_EQ(loaded.progress.batch, 3);
  EXPECT_EQ(loaded.progress.trainSamples, 40);

  SafeTensorsFile file = readSafeTensors(path);
  EXPECT_TRUE(file.tensors.count("optimizer/linreg.kernel.velocity"));
  EXPECT_EQ(file.metadata.at("model"), "linreg");
  EXPECT_EQ(file.metadata.at("optimizer"), "sgd");
  EXPECT_EQ(file.metadata.at("format_version"), "1");
  // A checkpoint is also a weights file: the optimizer state is skipped.
  std::vector<Tensor> weights = loadWeights(path, linregModel());
  EXPECT_EQ(weights[0].data, saved.params[0].data);
}

TEST(CheckpointTest, ReplacesAtomically) {
  TempDir dir;
  std::string path = dir.file("c.safetensors");
  saveCheckpoint(path, linregModel(), sampleCheckpoint(linregModel()));
  std::string before = readFile(path);
  // A write that fails (the target is a folder) leaves no temporary file.
  std::string folder = dir.file("folder");
  ::mkdir(folder.c_str(), 0755);
  EXPECT_THAT(errorOf([&] {
                saveCheckpoint(folder, linregModel(), sampleCheckpoint(linregModel()));
              }),
              HasSubstr("cannot replace the file"));
  EXPECT_EQ(listDirectory(dir.path()), "c.safetensors folder");
  EXPECT_EQ(readFile(path), before);
}

TEST(CheckpointTest, RejectsCorruptForeignAndIncompleteFiles) {
  TempDir dir;
  std::string path = dir.file("c.safetensors");
  auto load = [&] { return errorOf([&] { loadCheckpoint(path, linregModel()); }); };

  saveCheckpoint(path, linregModel(), sampleCheckpoint(linregModel()));
  std::string good = readFile(path);
  writeBytes(path, good.substr(0, good.size() - 7));
  EXPECT_THAT(load(), HasSubstr(path + ": "));
  EXPECT_THAT(load(), HasSubstr("data section"));

  saveCheckpoint(path, mirrorModel(), sampleCheckpoint(mirrorModel()));
  EXPECT_EQ(load(), path + ": checkpoint belongs to model 'mirror', not 'linreg'");

  saveWeights(path, linregModel(), initializeParams(linregModel(), 1));
  EXPECT_THAT(load(), HasSubstr("not a training checkpoint"));

  SafeTensorsFile file = parseSafeTensors(good, path);
  file.tensors.erase("optimizer/linreg.bias.velocity");
  writeSafeTensors(path, file);
  EXPECT_THAT(load(), HasSubstr("missing tensor 'optimizer/linreg.bias.velocity'"));

  file = parseSafeTensors(good, path);
  file.tensors["linreg.kernel"] = Tensor({2, 2});
  writeSafeTensors(path, file);
  EXPECT_EQ(load(), path + ": tensor 'linreg.kernel' has shape [2, 2], expected [4]");

  file = parseSafeTensors(good, path);
  file.metadata["iteration"] = "many";
  writeSafeTensors(path, file);
  EXPECT_THAT(load(), HasSubstr("__metadata__ 'iteration' is 'many'"));

  file = parseSafeTensors(good, path);
  file.metadata["optimizer"] = "adam";
  writeSafeTensors(path, file);
  EXPECT_THAT(load(), HasSubstr("holds 'adam' optimizer state"));

  EXPECT_THAT(errorOf([&] { loadCheckpoint(dir.file("none"), linregModel()); }),
              HasSubstr("none: cannot open"));
}
