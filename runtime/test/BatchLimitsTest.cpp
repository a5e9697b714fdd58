//===- BatchLimitsTest.cpp - Batches over Halide's buffer limit -----------===//
//
// Copies of the fake models whose registry entries give a per-sample size
// that makes a handful of samples reach Halide's 2^31 - 1 bytes per buffer.
//
//===----------------------------------------------------------------------===//

#include "nncrt/BatchLimits.h"

#include "ErrorOf.h"
#include "FakeModel.h"
#include "FakeTrainModels.h"
#include "RunCommandLine.h"
#include "TempDir.h"
#include "nncrt/Forward.h"
#include "nncrt/Initializers.h"
#include "nncrt/Npy.h"
#include "nncrt/Weights.h"

#include "HalideRuntime.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace nncrt;
using namespace nncrt::test;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

// Four samples fit: 4 * 536,870,911 = 2,147,483,644 bytes.
constexpr int64_t kFourSamples = kHalideMaxBufferBytes / 4;

HalideErrorHandler installedHandler = nullptr;

HalideErrorHandler fakeSetErrorHandler(HalideErrorHandler handler) {
  HalideErrorHandler previous = installedHandler;
  installedHandler = handler;
  return previous;
}

/// affine's forward, but failing as Halide does on a batch of more than 4
/// (a buffer of its own the registry does not know of).
int forwardRefusingLargeBatches(void **args) {
  auto *y = static_cast<halide_buffer_t *>(args[3]);
  if (y->dim[1].extent > 4) {
    if (installedHandler)
      installedHandler(nullptr, "Total allocation for buffer y_rows is "
                                "2684354560, which exceeds the maximum size "
                                "of 2147483647\n");
    return halide_error_code_buffer_allocation_too_large;
  }
  return affineModel().forward(args);
}

ModelDesc withSampleBytes(ModelDesc model, int64_t forward, int64_t loss,
                          int64_t gradient) {
  model.forwardSampleBytes = forward;
  model.lossSampleBytes = loss;
  model.gradientSampleBytes = gradient;
  return model;
}

const ModelDesc kModels[] = {
    withSampleBytes(affineModel(), kFourSamples, 0, 0),
    withSampleBytes(linregModel(), kFourSamples, kFourSamples, kHalideMaxBufferBytes / 2),
};

const ModelRegistry &limitedRegistry() {
  static const ModelRegistry registry = {"limited.nn", kModels, 2, nullptr,
                                         fakeSetErrorHandler};
  return registry;
}

ModelDesc affineFailingOverFour() {
  ModelDesc model = affineModel();
  model.forward = forwardRefusingLargeBatches;
  return model;
}

const ModelRegistry &failingRegistry() {
  static const ModelDesc models[] = {affineFailingOverFour()};
  static const ModelRegistry registry = {"failing.nn", models, 1, nullptr,
                                         fakeSetErrorHandler};
  return registry;
}

Result run(const ModelRegistry &registry, std::vector<std::string> args) {
  return runProgram(registry, "/bin/limited", std::move(args));
}

/// Ten samples of affine's input [3], and weights for it.
class BatchLimitsTest : public ::testing::Test {
protected:
  void SetUp() override {
    resetFakeCalls();
    Tensor samples(Shape{10, 3});
    for (size_t i = 0; i < samples.data.size(); ++i)
      samples.data[i] = float(i);
    writeNpy(dir.file("x.npy"), samples);
    saveWeights(dir.file("w.safetensors"), affineModel(),
                {Tensor(Shape{3}, {1, 2, 3}), Tensor(Shape{3}, {0, 0, 1})});
  }
  TempDir dir;
};

} // namespace

TEST(LargestBatchTest, FollowsTheRegistry) {
  EXPECT_EQ(largestBatch(kModels[0], BatchPipeline::Forward), 4);
  // Not known (no train block here): no limit.
  EXPECT_EQ(largestBatch(kModels[0], BatchPipeline::Gradient), INT64_MAX);
  EXPECT_EQ(largestBatch(kModels[1], BatchPipeline::Gradient), 2);
  EXPECT_EQ(chunkSize(kModels[1], {BatchPipeline::Loss, BatchPipeline::Forward}, 256), 4);
  EXPECT_EQ(chunkSize(kModels[1], {BatchPipeline::Loss}, 3), 3);

  EXPECT_EQ(errorOf([&] {
              requireBatchFits(kModels[1], {BatchPipeline::Gradient}, 2, "train");
            }),
            "");
  EXPECT_EQ(errorOf([&] {
              requireBatchFits(kModels[1], {BatchPipeline::Forward, BatchPipeline::Gradient},
                               3, "train");
            }),
            "train: a batch of 3 samples is too large: the gradient pipeline's "
            "largest buffer holds 1,073,741,823 bytes per sample, and Halide "
            "takes at most 2,147,483,647 bytes per buffer; the largest batch "
            "that fits is 2");
  ModelDesc huge = withSampleBytes(affineModel(), kHalideMaxBufferBytes + 1, 0, 0);
  EXPECT_THAT(errorOf([&] { chunkSize(huge, {BatchPipeline::Forward}, 8); }),
              HasSubstr("model 'affine': not even one sample fits: the forward "
                        "pipeline's largest buffer holds 2,147,483,648 bytes"));
}

TEST_F(BatchLimitsTest, ForwardRunsLargeBatchesInChunks) {
  std::vector<Tensor> inputs = {readNpy(dir.file("x.npy"))};
  std::vector<Tensor> params = loadWeights(dir.file("w.safetensors"), affineModel());
  std::vector<Tensor> chunked = runForward(kModels[0], inputs, params, 256);
  EXPECT_THAT(fakeCalls().batchExtents, ElementsAre(4, 4, 2));
  std::vector<Tensor> whole = runForward(affineModel(), inputs, params, 256);
  EXPECT_EQ(chunked[0].data, whole[0].data);
}

TEST_F(BatchLimitsTest, PredictSaysItRunsInChunks) {
  Result result = run(limitedRegistry(),
                      {"--model", "affine", "predict", "--weights", dir.file("w.safetensors"),
                       "--input", dir.file("x.npy"), "--batch", "10", "--output",
                       dir.file("y.npy")});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.err, "note: the forward pipeline takes at most 4 samples per "
                        "call (Halide's buffer limit); running --batch 10 in "
                        "chunks of 4\n");
  EXPECT_THAT(fakeCalls().batchExtents, ElementsAre(4, 4, 2));
  EXPECT_EQ(readNpy(dir.file("y.npy")).shape, (Shape{10, 3}));
}

TEST_F(BatchLimitsTest, TrainRefusesABatchThatDoesNotFit) {
  // linreg's train block says batch 4; its gradient pipeline takes 2. The
  // refusal comes before any data is read.
  expectError(run(limitedRegistry(), {"--model", "linreg", "train", "--data",
                                      dir.file("nowhere")}),
              "train: a batch of 4 samples is too large: the gradient "
              "pipeline's largest buffer holds 1,073,741,823 bytes per sample, "
              "and Halide takes at most 2,147,483,647 bytes per buffer; the "
              "largest batch that fits is 2");
}

TEST_F(BatchLimitsTest, HalideErrorsAreOneLineNotAnAbort) {
  installedHandler = nullptr;
  Result result = run(failingRegistry(),
                      {"predict", "--weights", dir.file("w.safetensors"), "--input",
                       dir.file("x.npy"), "--batch", "10", "--output", dir.file("y.npy")});
  ASSERT_NE(installedHandler, nullptr);
  expectError(result, "forward pipeline failed with Halide error -5: Total "
                      "allocation for buffer y_rows is 2684354560, which "
                      "exceeds the maximum size of 2147483647 (rows 0 to 9)");
  // The message is taken: the next failure does not repeat it.
  fakeCalls().forwardStatus = -3;
  expectError(run(failingRegistry(),
                  {"predict", "--weights", dir.file("w.safetensors"), "--input",
                   dir.file("x.npy"), "--batch", "2", "--output", dir.file("y.npy")}),
              "forward pipeline failed with Halide error -3 (rows 0 to 1)");
}
