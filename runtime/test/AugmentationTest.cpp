//===- AugmentationTest.cpp - Flips, random flips and bootstrap samples ----===//

#include "nncrt/Augmentation.h"

#include "ErrorOf.h"
#include "FakeTrainModels.h"
#include "TempDir.h"
#include "nncrt/Bagging.h"
#include "nncrt/Idx.h"
#include "nncrt/TrainingData.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <numeric>
#include <set>

using namespace nncrt;
using namespace nncrt::test;
using ::testing::HasSubstr;

TEST(AugmentationTest, FlipMirrorsTheWidthAxis) {
  // [H=2, W=3, C=2]: pixel (y, x, c) = 100y + 10x + c.
  std::vector<float> image;
  for (int y = 0; y < 2; ++y)
    for (int x = 0; x < 3; ++x)
      for (int c = 0; c < 2; ++c)
        image.push_back(float(100 * y + 10 * x + c));
  std::vector<float> flipped = image;
  flipLeftRight(flipped.data(), {2, 3, 2});
  for (int y = 0; y < 2; ++y)
    for (int x = 0; x < 3; ++x)
      for (int c = 0; c < 2; ++c)
        EXPECT_EQ(flipped[size_t((y * 3 + x) * 2 + c)],
                  float(100 * y + 10 * (2 - x) + c));
  flipLeftRight(flipped.data(), {2, 3, 2});
  EXPECT_EQ(flipped, image); // a flip is its own inverse
}

TEST(AugmentationTest, FlipLrDoublesTheSetWithMirroredCopies) {
  TrainingSamples samples({4, 7, 9}, Augmentation{true, false}, 1);
  ASSERT_EQ(samples.count(), 6);
  for (int64_t i = 0; i < 3; ++i) {
    SampleRef original = samples.at(i, 0), copy = samples.at(i + 3, 0);
    EXPECT_EQ(original.row, copy.row);
    EXPECT_FALSE(original.flip);
    EXPECT_TRUE(copy.flip);
  }
  TrainingSamples plain({4, 7, 9}, Augmentation{}, 1);
  EXPECT_EQ(plain.count(), 3);
  EXPECT_FALSE(plain.at(2, 5).flip);
}

TEST(AugmentationTest, RandomFlipIsReproducibleAndAboutHalf) {
  int flips = 0, sameAsNextEpoch = 0;
  for (int64_t sample = 0; sample < 2000; ++sample) {
    bool flip = randomFlipDecision(7, 3, sample);
    EXPECT_EQ(flip, randomFlipDecision(7, 3, sample));
    flips += flip;
    sameAsNextEpoch += flip == randomFlipDecision(7, 4, sample);
  }
  EXPECT_GT(flips, 900);
  EXPECT_LT(flips, 1100);
  // A fresh decision each epoch: about half agree, not all.
  EXPECT_GT(sameAsNextEpoch, 900);
  EXPECT_LT(sameAsNextEpoch, 1100);
  // Another seed, other decisions.
  int differ = 0;
  for (int64_t sample = 0; sample < 200; ++sample)
    differ += randomFlipDecision(7, 3, sample) != randomFlipDecision(8, 3, sample);
  EXPECT_GT(differ, 50);

  TrainingSamples samples({0, 1, 2, 3}, Augmentation{false, true}, 7);
  for (int64_t i = 0; i < 4; ++i)
    EXPECT_EQ(samples.at(i, 3).flip, randomFlipDecision(7, 3, i));
}

TEST(AugmentationTest, GatherMirrorsThePixelsOfFlippedSamples) {
  TempDir dir;
  writeFakeDataset(dir.file("data"), 6, 2, 2, 1, false, 3);
  TrainingData data = loadTrainingData(clfFlipModel(), {dir.file("data"), -1, -1});
  IdxBytes raw = readIdxBytes(dir.file("data/train-images-idx3-ubyte"));
  Tensor input({2, 2, 2, 1}), target({2});
  SampleRef samples[] = {{3, false}, {3, true}};
  gatherSamples(clfFlipModel(), data.train, samples, 2, input, target);
  const uint8_t *pixels = raw.data() + 3 * 4;
  for (int y = 0; y < 2; ++y)
    for (int x = 0; x < 2; ++x) {
      EXPECT_EQ(input.data[size_t(y * 2 + x)], float(pixels[y * 2 + x]) / 255.0f);
      EXPECT_EQ(input.data[size_t(4 + y * 2 + x)],
                float(pixels[y * 2 + (1 - x)]) / 255.0f);
    }
  EXPECT_EQ(target.data[0], target.data[1]); // the label does not change
}

TEST(AugmentationTest, FlipsNeedAnImageInput) {
  const int64_t shape[] = {4};
  TensorSpec vector = {"v", 1, shape};
  EXPECT_THAT(errorOf([&] { imageGeometry(vector); }),
              HasSubstr("input 'v' has rank 1"));
}

TEST(BaggingTest, BootstrapIsReproducibleAndDiffersPerMember) {
  std::vector<int64_t> first = bootstrapRows(1000, 5, 0);
  EXPECT_EQ(first, bootstrapRows(1000, 5, 0));
  EXPECT_NE(first, bootstrapRows(1000, 5, 1));
  EXPECT_NE(first, bootstrapRows(1000, 6, 0));
  ASSERT_EQ(first.size(), 1000u);
  for (int64_t row : first) {
    EXPECT_GE(row, 0);
    EXPECT_LT(row, 1000);
  }
  // Drawn with replacement: about 1 - 1/e = 63% distinct rows.
  std::set<int64_t> distinct(first.begin(), first.end());
  EXPECT_GT(distinct.size(), 580u);
  EXPECT_LT(distinct.size(), 680u);
  EXPECT_NE(memberInitSeed(5, 0), memberInitSeed(5, 1));
}

TEST(BaggingTest, MemberPaths) {
  EXPECT_EQ(memberPath("clf.ckpt.safetensors", 2), "clf.ckpt.member2.safetensors");
  EXPECT_EQ(memberPath("out/run.jsonl", 0), "out/run.member0.jsonl");
  EXPECT_EQ(memberPath("out.d/ckpt", 1), "out.d/ckpt.member1");
  EXPECT_EQ(memberPath(".hidden", 1), ".hidden.member1");
}
