//===- InitializersTest.cpp - Seeded initial weights ----------------------===//

#include "nncrt/Initializers.h"

#include "FakeModel.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace nncrt;
using namespace nncrt::test;

namespace {

const int64_t kKernelShape[] = {3, 3, 8, 16};
const ParamSpec kKernel = {{"conv2d_1.kernel", 4, kKernelShape},
                           Initializer::GlorotUniform, 3 * 3 * 8, 3 * 3 * 16};
const ParamSpec kOtherKernel = {{"conv2d_2.kernel", 4, kKernelShape},
                                Initializer::GlorotUniform, 3 * 3 * 8, 3 * 3 * 16};
const int64_t kBiasShape[] = {16};
const ParamSpec kBias = {{"conv2d_1.bias", 1, kBiasShape}, Initializer::Zeros, 0, 0};

} // namespace

TEST(InitializersTest, GeneratorIsTheStandardOne) {
  // The C++ standard fixes this value ([rand.predef]), so weights derived
  // from std::mt19937_64 are the same with every standard library.
  std::mt19937_64 generator;
  generator.discard(9999);
  EXPECT_EQ(generator(), 9981545732273789042ull);
}

TEST(InitializersTest, BitsToFloatStaysInTheUnitInterval) {
  EXPECT_EQ(unitFloatFromBits(0), 0.0f);
  EXPECT_LT(unitFloatFromBits(~0ull), 1.0f);
  EXPECT_EQ(unitFloatFromBits(~0ull), 1.0f - 1.0f / 16777216.0f);
  EXPECT_EQ(unitFloatFromBits(1ull << 63), 0.5f);
}

TEST(InitializersTest, GlorotLimit) {
  EXPECT_DOUBLE_EQ(glorotUniformLimit(3, 3), 1.0);
  EXPECT_DOUBLE_EQ(glorotUniformLimit(72, 144), std::sqrt(6.0 / 216.0));
}

TEST(InitializersTest, SameSeedSameWeights) {
  Tensor first = initializeParam(kKernel, 42);
  Tensor second = initializeParam(kKernel, 42);
  EXPECT_EQ(first.shape, (Shape{3, 3, 8, 16}));
  EXPECT_EQ(first.data, second.data);
  EXPECT_NE(first.data, initializeParam(kKernel, 43).data);
  // Parameters of the same shape still get different values.
  EXPECT_NE(first.data, initializeParam(kOtherKernel, 42).data);
}

TEST(InitializersTest, GlorotUniformBoundsAndSpread) {
  Tensor kernel = initializeParam(kKernel, 7);
  float limit = float(std::sqrt(6.0 / (72 + 144)));
  double sum = 0, sumOfSquares = 0;
  float low = limit, high = -limit;
  for (float value : kernel.data) {
    ASSERT_GE(value, -limit);
    ASSERT_LE(value, limit);
    low = std::min(low, value);
    high = std::max(high, value);
    sum += value;
    sumOfSquares += double(value) * value;
  }
  double n = double(kernel.data.size());
  // Uniform on [-l, l]: mean 0, variance l^2 / 3; 1152 samples.
  EXPECT_NEAR(sum / n, 0.0, 0.1 * limit);
  EXPECT_NEAR(sumOfSquares / n, limit * limit / 3, 0.1 * limit * limit);
  EXPECT_LT(low, -0.95f * limit);
  EXPECT_GT(high, 0.95f * limit);
}

TEST(InitializersTest, ZerosAndWholeModel) {
  Tensor bias = initializeParam(kBias, 42);
  EXPECT_EQ(bias.data, std::vector<float>(16, 0.0f));
  std::vector<Tensor> params = initializeParams(affineModel(), 1);
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(params[0].shape, (Shape{3}));
  EXPECT_EQ(params[1].data, std::vector<float>(3, 0.0f));
  for (float value : params[0].data)
    EXPECT_LE(std::abs(value), 1.0f);
}
