//===- TrainingDataTest.cpp - IDX data folders for training ---------------===//

#include "nncrt/TrainingData.h"

#include "ErrorOf.h"
#include "FakeTrainModels.h"
#include "TempDir.h"
#include "nncrt/FileIO.h"
#include "nncrt/Idx.h"
#include "nncrt/Npy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <unistd.h>

using namespace nncrt;
using namespace nncrt::test;
using ::testing::HasSubstr;

TEST(TrainingDataTest, LoadsSplitsAndGathersBatches) {
  TempDir dir;
  writeFakeDataset(dir.path(), 10, 4, 2, 3, /*gzip=*/true);
  TrainingData data = loadTrainingData(linregModel(), {dir.path(), -1, -1});
  EXPECT_EQ(data.train.count, 10);
  EXPECT_EQ(data.validation.count, 4);
  EXPECT_TRUE(endsWith(data.train.samplesPath, "train-images-idx3-ubyte.gz"));

  Tensor pixels = readIdx(data.train.samplesPath).tensor;
  Tensor labels = readIdx(data.train.labelsPath).tensor;
  Tensor input({3, 2, 2}), target({3, 1});
  int64_t rows[] = {9, 0, 4};
  gatherBatch(linregModel(), data.train, rows, 3, input, target);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(target.data[i], labels.data[rows[i]]);
    for (int k = 0; k < 4; ++k)
      EXPECT_EQ(input.data[4 * i + k], pixels.data[4 * rows[i] + k] / 255.0f);
  }

  TrainingData limited = loadTrainingData(linregModel(), {dir.path(), 6, 2});
  EXPECT_EQ(limited.train.count, 6);
  EXPECT_EQ(limited.validation.count, 2);
}

TEST(TrainingDataTest, ValidationOnlyReadsTheTestSplitAlone) {
  TempDir dir;
  writeFakeDataset(dir.path(), 10, 4);
  // Broken training files: eval of the test split must not need them.
  writeBytes(dir.file("train-images-idx3-ubyte"), "not IDX");
  ::unlink(dir.file("train-labels-idx1-ubyte").c_str());
  DataOptions options{dir.path(), -1, 3};
  options.validationOnly = true;
  TrainingData data = loadTrainingData(linregModel(), options);
  EXPECT_EQ(data.train.count, 0);
  EXPECT_EQ(data.train.samples, nullptr);
  EXPECT_EQ(data.validation.count, 3);
  EXPECT_TRUE(endsWith(data.validation.samplesPath, "t10k-images-idx3-ubyte"));
  EXPECT_NE(data.validation.labels, nullptr);
  // Training reads them, and says what is wrong.
  EXPECT_THAT(errorOf([&] { loadTrainingData(linregModel(), {dir.path(), -1, -1}); }),
              HasSubstr("missing train-labels-idx1-ubyte"));
}

TEST(TrainingDataTest, ValidationFractionIsTheEndOfTheTrainingSplit) {
  TempDir dir;
  writeFakeDataset(dir.path(), 20, 4);
  // mirror holds out a quarter; no labels are read for it.
  ::unlink(dir.file("train-labels-idx1-ubyte").c_str());
  TrainingData data = loadTrainingData(mirrorModel(), {dir.path(), -1, -1});
  EXPECT_EQ(data.train.count, 15);
  EXPECT_EQ(data.validation.first, 15);
  EXPECT_EQ(data.validation.count, 5);
  EXPECT_EQ(data.train.labels, nullptr);

  Tensor input({1, 2, 2, 1}), unused;
  int64_t row = 0;
  gatherBatch(mirrorModel(), data.validation, &row, 1, input, unused);
  Tensor pixels = readIdx(dir.file("train-images-idx3-ubyte")).tensor;
  EXPECT_EQ(input.data[0], pixels.data[15 * 4] / 255.0f);
}

TEST(TrainingDataTest, DataErrorsNameTheFile) {
  TempDir dir;
  auto load = [&](const std::string &folder) {
    return errorOf([&] { loadTrainingData(linregModel(), {folder, -1, -1}); });
  };
  EXPECT_THAT(load(dir.file("absent")), HasSubstr("absent: data folder not found"));
  EXPECT_THAT(load(""), HasSubstr("no data folder"));

  writeFakeDataset(dir.path(), 10, 4);
  ::unlink(dir.file("t10k-labels-idx1-ubyte").c_str());
  EXPECT_THAT(load(dir.path()),
              HasSubstr("missing t10k-labels-idx1-ubyte (or t10k-labels-idx1-ubyte.gz)"));

  writeFakeDataset(dir.path(), 10, 4);
  std::string images = readFile(dir.file("train-images-idx3-ubyte"));
  writeBytes(dir.file("train-images-idx3-ubyte"), images.substr(0, images.size() - 3));
  EXPECT_THAT(load(dir.path()), HasSubstr("train-images-idx3-ubyte: truncated"));

  writeBytes(dir.file("train-images-idx3-ubyte"), "PK\3\4 a zip file");
  EXPECT_THAT(load(dir.path()), HasSubstr("train-images-idx3-ubyte: not an IDX file"));

  writeIdx(dir.file("train-images-idx3-ubyte"), Tensor({10, 2, 2}), IdxType::Float32);
  EXPECT_THAT(load(dir.path()), HasSubstr("expected unsigned bytes"));

  writeFakeDataset(dir.path(), 10, 4);
  writeIdx(dir.file("train-labels-idx1-ubyte"), Tensor({9}), IdxType::UInt8);
  EXPECT_THAT(load(dir.path()),
              HasSubstr("train-labels-idx1-ubyte: 9 labels for the 10 samples of"));

  writeFakeDataset(dir.path(), 10, 4, /*side=*/3);
  EXPECT_THAT(load(dir.path()),
              HasSubstr("train-images-idx3-ubyte: samples of shape [3, 3] do not "
                        "fit input 'x' of shape [2, 2]"));
}

TEST(TrainingDataTest, EpochOrderDependsOnSeedAndEpochOnly) {
  std::vector<int64_t> a = epochOrder(100, 5, 2, true);
  EXPECT_EQ(a, epochOrder(100, 5, 2, true));
  EXPECT_NE(a, epochOrder(100, 5, 3, true));
  EXPECT_NE(a, epochOrder(100, 6, 2, true));
  std::vector<int64_t> sorted = a;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, epochOrder(100, 5, 2, false));
  EXPECT_NE(a, sorted);
  EXPECT_EQ(sorted.front(), 0);
  EXPECT_EQ(sorted.back(), 99);
}

namespace {

std::string npyDataDir(const std::string &name) {
  return std::string(NNCRT_TEST_DATA_DIR) + "/npy_data/" + name;
}

/// All rows of `split`, gathered.
std::pair<Tensor, Tensor> gatherAll(const ModelDesc &model, const DataSplit &split,
                                    Shape sample, int64_t targetSize) {
  std::vector<int64_t> rows(size_t(split.count));
  for (int64_t i = 0; i < split.count; ++i)
    rows[size_t(i)] = i;
  sample.insert(sample.begin(), split.count);
  Tensor input(sample), target({split.count, targetSize});
  gatherBatch(model, split, rows.data(), split.count, input, target);
  return {input, target};
}

} // namespace

// The runtime reads npy data as NumPy does: uint8 images with scale=1/255
// give the floats of `x / 255` (make_npy_data_fixtures.py), integer labels of
// any width the class indices, and the test arrays the validation split.
TEST(TrainingDataTest, NpyDataGivesNumPysValues) {
  std::string dir = npyDataDir("clf");
  TrainingData data = loadTrainingData(clfNpyModel(), {dir, -1, -1});
  ASSERT_EQ(data.train.count, 5);
  ASSERT_EQ(data.validation.count, 3);
  auto [input, target] = gatherAll(clfNpyModel(), data.train, {2, 2, 1}, 1);
  EXPECT_EQ(input.data, readNpy(dir + "/expected_x.npy").data);
  EXPECT_EQ(target.data, readNpy(dir + "/y.npy").data);
  auto [testInput, testTarget] =
      gatherAll(clfNpyModel(), data.validation, {2, 2, 1}, 1);
  EXPECT_EQ(testInput.data, readNpy(dir + "/expected_x_test.npy").data);
  EXPECT_EQ(testTarget.data, (std::vector<float>{1, 2, 0}));

  // eval reads the test arrays alone.
  DataOptions options{dir, -1, 2};
  options.validationOnly = true;
  TrainingData test = loadTrainingData(clfNpyModel(), options);
  EXPECT_EQ(test.train.samples, nullptr);
  EXPECT_EQ(test.validation.count, 2);
}

// float64 samples are scaled in f32 as they are read; float labels of the
// target's size are the targets; validation = 0.4 holds out the last 2 of 5.
TEST(TrainingDataTest, NpyFloatDataAndValidationFraction) {
  std::string dir = npyDataDir("linreg");
  TrainingData data = loadTrainingData(linregNpyModel(), {dir, -1, -1});
  ASSERT_EQ(data.train.count, 3);
  ASSERT_EQ(data.validation.first, 3);
  ASSERT_EQ(data.validation.count, 2);
  std::vector<float> expected = readNpy(dir + "/expected_x.npy").data;
  std::vector<float> labels = readNpy(dir + "/y.npy").data;
  auto [input, target] = gatherAll(linregNpyModel(), data.train, {2, 2}, 1);
  EXPECT_EQ(input.data, std::vector<float>(expected.begin(), expected.begin() + 12));
  EXPECT_EQ(target.data, std::vector<float>(labels.begin(), labels.begin() + 3));
  auto [heldOut, heldOutTarget] =
      gatherAll(linregNpyModel(), data.validation, {2, 2}, 1);
  EXPECT_EQ(heldOut.data, std::vector<float>(expected.begin() + 12, expected.end()));
  EXPECT_EQ(heldOutTarget.data, std::vector<float>(labels.begin() + 3, labels.end()));
}

// Relative names are in the data folder; labels that are no class index
// name their file and sample.
TEST(TrainingDataTest, NpyDataErrorsNameTheFile) {
  EXPECT_THAT(errorOf([&] { loadTrainingData(clfNpyModel(), {"/nonexistent", -1, -1}); }),
              HasSubstr("/nonexistent/x.npy"));
  // Regression targets (linreg's y) are no class indices.
  DataOptions options{npyDataDir("linreg"), -1, -1};
  std::string error = errorOf([&] { loadTrainingData(clfNpyModel(), options); });
  EXPECT_THAT(error, HasSubstr("linreg/y.npy: label "));
  EXPECT_THAT(error, HasSubstr("of sample 0 is not a class index (a whole number in [0, 3)"));
}
