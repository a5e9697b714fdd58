//===- ForwardTest.cpp - Running a model's forward pipeline ---------------===//

#include "nncrt/Forward.h"

#include "ErrorOf.h"
#include "FakeModel.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace nncrt;
using namespace nncrt::test;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

Tensor rows(int64_t count) {
  Tensor x(Shape{count, 3});
  for (size_t i = 0; i < x.data.size(); ++i)
    x.data[i] = float(i) - 4.5f;
  return x;
}

} // namespace

TEST(ForwardTest, RunsInBatchesAndComputesEveryRow) {
  resetFakeCalls();
  std::vector<Tensor> inputs = {rows(5)};
  std::vector<Tensor> params = {Tensor(Shape{3}, {2, -1, 0.5f}),
                                Tensor(Shape{3}, {1, 0, -3})};
  std::vector<Tensor> outputs = runForward(affineModel(), inputs, params, 2);
  EXPECT_THAT(fakeCalls().batchExtents, ElementsAre(2, 2, 1));
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_EQ(outputs[0].shape, (Shape{5, 3}));
  for (int row = 0; row < 5; ++row)
    for (int i = 0; i < 3; ++i)
      EXPECT_EQ(outputs[0].data[row * 3 + i],
                params[0].data[i] * inputs[0].data[row * 3 + i] + params[1].data[i])
          << row << "," << i;
}

TEST(ForwardTest, DefaultBatchAndEmptyDataset) {
  resetFakeCalls();
  std::vector<Tensor> inputs = {rows(600)};
  std::vector<Tensor> params = {Tensor(Shape{3}), Tensor(Shape{3})};
  runForward(affineModel(), inputs, params);
  EXPECT_THAT(fakeCalls().batchExtents, ElementsAre(256, 256, 88));

  resetFakeCalls();
  std::vector<Tensor> none = {rows(0)};
  EXPECT_EQ(runForward(affineModel(), none, params)[0].shape, (Shape{0, 3}));
  EXPECT_EQ(fakeCalls().forwardCalls, 0);
}

TEST(ForwardTest, Errors) {
  resetFakeCalls();
  std::vector<Tensor> inputs = {rows(3)};
  std::vector<Tensor> params = {Tensor(Shape{3}), Tensor(Shape{3})};
  fakeCalls().forwardStatus = -7;
  EXPECT_THAT(errorOf([&] { runForward(affineModel(), inputs, params); }),
              HasSubstr("forward pipeline failed with Halide error -7"));
  resetFakeCalls();

  std::vector<Tensor> wrongInput = {Tensor(Shape{3, 4})};
  EXPECT_THAT(errorOf([&] { runForward(affineModel(), wrongInput, params); }),
              HasSubstr("input 'x' has shape [3, 4], expected [N, 3]"));
  std::vector<Tensor> wrongParams = {Tensor(Shape{3})};
  EXPECT_THAT(errorOf([&] { runForward(affineModel(), inputs, wrongParams); }),
              HasSubstr("has 2 parameters, got 1"));
  EXPECT_THAT(errorOf([&] { runForward(affineModel(), inputs, params, 0); }),
              HasSubstr("batch size must be positive"));

  std::vector<Tensor> uneven = {Tensor(Shape{3, 2}), Tensor(Shape{4, 2})};
  std::vector<Tensor> pairParams = {Tensor(Shape{2})};
  EXPECT_THAT(errorOf([&] { runForward(pairModel(), uneven, pairParams); }),
              HasSubstr("input 'b' has 4 rows but input 'a' has 3"));
}
