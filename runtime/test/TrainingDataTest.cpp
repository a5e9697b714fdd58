//===- TrainingDataTest.cpp - IDX data folders for training ---------------===//

#include "nncrt/TrainingData.h"

#include "ErrorOf.h"
#include "FakeTrainModels.h"
#include "TempDir.h"
#include "nncrt/FileIO.h"
#include "nncrt/Idx.h"

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
  EXPECT_TRUE(endsWith(data.train.imagesPath, "train-images-idx3-ubyte.gz"));

  Tensor pixels = readIdx(data.train.imagesPath).tensor;
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
  EXPECT_EQ(data.train.images, nullptr);
  EXPECT_EQ(data.validation.count, 3);
  EXPECT_TRUE(endsWith(data.validation.imagesPath, "t10k-images-idx3-ubyte"));
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
              HasSubstr("train-labels-idx1-ubyte: 9 labels for the 10 images of"));

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
