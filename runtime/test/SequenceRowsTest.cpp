//===- SequenceRowsTest.cpp - Rows still running, batches longest first ---===//

#include "nncrt/SequenceRows.h"

#include <gtest/gtest.h>

using namespace nncrt;

namespace {

/// Labels [rows, steps] whose row n holds `lengths[n]` labels 7, then the
/// padding class 0.
Tensor paddedLabels(const std::vector<int64_t> &lengths, int64_t steps) {
  Tensor labels(Shape{int64_t(lengths.size()), steps});
  for (size_t n = 0; n < lengths.size(); ++n)
    for (int64_t t = 0; t < lengths[n]; ++t)
      labels.data[n * size_t(steps) + size_t(t)] = 7.0f;
  return labels;
}

int32_t runningRows(Tensor labels, int32_t step, int32_t paddingClass = 0) {
  HalideBufferView view = wrapTensor(labels);
  return nnc_running_rows(view.get(), paddingClass, step);
}

} // namespace

TEST(SequenceRowsTest, RunningRowsReachTheLastRowStillRunning) {
  // Sorted longest first: the count of rows longer than the step.
  Tensor sorted = paddedLabels({5, 4, 4, 2, 1}, 5);
  EXPECT_EQ(runningRows(sorted, 0), 5);
  EXPECT_EQ(runningRows(sorted, 1), 4);
  EXPECT_EQ(runningRows(sorted, 2), 3);
  EXPECT_EQ(runningRows(sorted, 3), 3);
  EXPECT_EQ(runningRows(sorted, 4), 1);
  // Unsorted: up to the last row still running, ended rows before it included.
  Tensor unsorted = paddedLabels({1, 5, 2, 4, 1}, 5);
  EXPECT_EQ(runningRows(unsorted, 1), 4);
  EXPECT_EQ(runningRows(unsorted, 4), 2);
}

TEST(SequenceRowsTest, AStepNoSequenceReachesComputesOneRow) {
  Tensor labels = paddedLabels({2, 1, 0}, 4);
  EXPECT_EQ(runningRows(labels, 2), 1);
  EXPECT_EQ(runningRows(labels, 3), 1);
}

TEST(SequenceRowsTest, PaddingInsideASequenceDoesNotEndIt) {
  // Row 1: a padding label at step 1, then a counted one at step 3.
  Tensor labels = paddedLabels({1, 1}, 4);
  labels.data[4 + 3] = 5.0f;
  EXPECT_EQ(runningRows(labels, 2), 2);
  EXPECT_EQ(runningRows(labels, 3), 2);
  // Another padding class: the 0s count, the 7s do not.
  EXPECT_EQ(runningRows(labels, 3, /*paddingClass=*/7), 2);
}

TEST(SequenceRowsTest, ABoundsQueryGetsEveryRow) {
  Tensor labels = paddedLabels({3, 1, 1}, 3);
  HalideBufferView view = wrapTensor(labels);
  halide_buffer_t query = *view.get();
  query.host = nullptr;
  EXPECT_EQ(nnc_running_rows(&query, 0, 2), 3);
}

TEST(SequenceRowsTest, BatchesSortLongestFirstKeepingTies) {
  Tensor labels = paddedLabels({2, 5, 2, 0, 5, 3}, 5);
  std::vector<int64_t> order = longestFirstOrder(labels, 6, 0);
  EXPECT_EQ(order, (std::vector<int64_t>{1, 4, 5, 0, 2, 3}));
  // Only the first `count` rows (the batch; the buffer may hold more).
  EXPECT_EQ(longestFirstOrder(labels, 3, 0), (std::vector<int64_t>{1, 0, 2}));

  Tensor input(Shape{6, 2});
  for (size_t i = 0; i < input.data.size(); ++i)
    input.data[i] = float(i);
  permuteRows(input, order);
  EXPECT_EQ(input.data, (std::vector<float>{2, 3, 8, 9, 10, 11, 0, 1, 4, 5, 6, 7}));
  permuteRows(labels, order);
  EXPECT_EQ(longestFirstOrder(labels, 6, 0), (std::vector<int64_t>{0, 1, 2, 3, 4, 5}));
}
