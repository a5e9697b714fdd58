//===- ClassificationTest.cpp - Classes, probabilities, confusion, votes ---===//
//
// Hand-made score rows with known answers: argmax and single-unit
// thresholds, softmax against values computed by hand, a confusion matrix
// whose counts and layout are spelled out, and majority votes with ties.
//
//===----------------------------------------------------------------------===//

#include "nncrt/Classification.h"

#include "ErrorOf.h"
#include "nncrt/Ensemble.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

using namespace nncrt;
using namespace nncrt::test;
using ::testing::HasSubstr;

TEST(ClassificationTest, PredictedClassIsTheFirstMaximum) {
  const float scores[] = {0.1f, 0.7f, 0.7f, 0.2f};
  EXPECT_EQ(predictedClass(scores, 4, false), 1);
  const float last[] = {-3.0f, -2.0f, -1.0f};
  EXPECT_EQ(predictedClass(last, 3, true), 2);
}

TEST(ClassificationTest, SingleUnitThresholds) {
  const float probability = 0.6f, low = 0.5f, logit = -0.1f, positive = 0.1f;
  EXPECT_EQ(predictedClass(&probability, 1, false), 1);
  EXPECT_EQ(predictedClass(&low, 1, false), 0); // > 0.5, not >=
  EXPECT_EQ(predictedClass(&logit, 1, true), 0);
  EXPECT_EQ(predictedClass(&positive, 1, true), 1);
  std::vector<float> p = classProbabilities(&logit, 1, true);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_NEAR(p[1], 1.0 / (1.0 + std::exp(0.1)), 1e-6);
  EXPECT_NEAR(p[0] + p[1], 1.0, 1e-6);
}

TEST(ClassificationTest, SoftmaxOfLogits) {
  const float logits[] = {1.0f, 2.0f, 3.0f};
  std::vector<float> p = classProbabilities(logits, 3, true);
  double sum = std::exp(1.0) + std::exp(2.0) + std::exp(3.0);
  EXPECT_NEAR(p[0], std::exp(1.0) / sum, 1e-6);
  EXPECT_NEAR(p[2], std::exp(3.0) / sum, 1e-6);
  // Large logits do not overflow.
  const float huge[] = {1000.0f, 1000.0f};
  p = classProbabilities(huge, 2, true);
  EXPECT_NEAR(p[0], 0.5, 1e-6);
  // Probabilities pass through.
  const float given[] = {0.2f, 0.8f};
  EXPECT_EQ(classProbabilities(given, 2, false), std::vector<float>({0.2f, 0.8f}));
}

TEST(ClassificationTest, ConfusionMatrixCountsAndLayout) {
  // 5 samples of 3 classes: labels 0 0 1 2 2, predictions 0 1 1 2 0.
  const float scores[] = {0.9f, 0.1f, 0.0f, //
                          0.2f, 0.7f, 0.1f, //
                          0.1f, 0.8f, 0.1f, //
                          0.0f, 0.1f, 0.9f, //
                          0.5f, 0.2f, 0.3f};
  const float labels[] = {0, 0, 1, 2, 2};
  ConfusionMatrix confusion(3);
  confusion.addRows(scores, labels, 5, 3, false);
  EXPECT_EQ(confusion.total(), 5);
  EXPECT_EQ(confusion.correct(), 3);
  EXPECT_DOUBLE_EQ(confusion.accuracy(), 0.6);
  EXPECT_EQ(confusion.count(0, 1), 1);
  EXPECT_EQ(confusion.count(2, 0), 1);
  EXPECT_EQ(confusion.format(), "true\\pred  0  1  2\n"
                                "        0  1  1  0\n"
                                "        1  0  1  0\n"
                                "        2  1  0  1\n");
  // Columns widen to the largest count and stay aligned.
  for (int i = 0; i < 120; ++i)
    confusion.add(1, 1);
  EXPECT_EQ(confusion.format(), "true\\pred    0    1    2\n"
                                "        0    1    1    0\n"
                                "        1    0  121    0\n"
                                "        2    1    0    1\n");
  EXPECT_THAT(errorOf([&] { confusion.add(3, 0); }),
              HasSubstr("outside the 3 classes"));
}

TEST(EnsembleTest, MajorityWins) {
  // Sample 0: members vote 1, 1, 0 -> 1 even though member 3 is very sure of 0.
  // Sample 1: all vote 2.
  std::vector<Tensor> members = {
      Tensor({2, 3}, {0.3f, 0.4f, 0.3f, 0.1f, 0.1f, 0.8f}),
      Tensor({2, 3}, {0.2f, 0.5f, 0.3f, 0.0f, 0.2f, 0.8f}),
      Tensor({2, 3}, {0.99f, 0.01f, 0.0f, 0.3f, 0.3f, 0.4f}),
  };
  std::vector<ClassPrediction> votes = majorityVote(members);
  ASSERT_EQ(votes.size(), 2u);
  EXPECT_EQ(votes[0].label, 1);
  EXPECT_NEAR(votes[0].probability, (0.4 + 0.5 + 0.01) / 3, 1e-6);
  EXPECT_EQ(votes[1].label, 2);
  EXPECT_NEAR(votes[1].probability, (0.8 + 0.8 + 0.4) / 3, 1e-6);
}

TEST(EnsembleTest, TiesGoToTheHighestMeanProbability) {
  // Two members vote 0 and 2 (one vote each): class 2 has the higher mean
  // (0.35 vs 0.3), so it wins although class 0 comes first.
  std::vector<Tensor> members = {
      Tensor({1, 3}, {0.5f, 0.2f, 0.3f}),
      Tensor({1, 3}, {0.1f, 0.5f, 0.4f}),
  };
  // Member 2's top class is 1: votes 0, 1 -> tie, means 0.3 vs 0.35 -> 1.
  EXPECT_EQ(majorityVote(members)[0].label, 1);
  members[1] = Tensor({1, 3}, {0.1f, 0.3f, 0.6f});
  // Votes 0, 2: means 0.3 vs 0.45 -> 2.
  EXPECT_EQ(majorityVote(members)[0].label, 2);
  // A class nobody voted for never wins, whatever its mean.
  members = {Tensor({1, 3}, {0.45f, 0.1f, 0.45f}),
             Tensor({1, 3}, {0.0f, 0.6f, 0.4f}),
             Tensor({1, 3}, {0.5f, 0.0f, 0.5f})};
  // Votes: 0 (first max), 1, 0 -> 0 by majority.
  EXPECT_EQ(majorityVote(members)[0].label, 0);
  // Equal votes and equal means: the lowest class, whatever the member order.
  members = {Tensor({1, 2}, {0.6f, 0.4f}), Tensor({1, 2}, {0.4f, 0.6f})};
  EXPECT_EQ(majorityVote(members)[0].label, 0);
  std::swap(members[0], members[1]);
  EXPECT_EQ(majorityVote(members)[0].label, 0);
}

TEST(EnsembleTest, MembersMustAgreeOnShapes) {
  std::vector<Tensor> members = {Tensor({2, 3}), Tensor({2, 4})};
  EXPECT_THAT(errorOf([&] { majorityVote(members); }),
              HasSubstr("disagree on the shape"));
  EXPECT_THAT(errorOf([] { majorityVote({}); }), HasSubstr("at least one member"));
}

TEST(EnsembleTest, OutputProbabilitiesOfASingleUnit) {
  Tensor output({2, 1}, {0.25f, 0.75f});
  Tensor p = outputProbabilities(output, 1, false);
  EXPECT_EQ(p.shape, Shape({2, 2}));
  EXPECT_EQ(p.data, std::vector<float>({0.75f, 0.25f, 0.25f, 0.75f}));
}
