//===- InitializersTest.cpp - Seeded initial weights ----------------------===//

#include "nncrt/Initializers.h"

#include "FakeModel.h"
#include "nncrt/Error.h"

#include <gtest/gtest.h>

#include <algorithm>
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

namespace {

const int64_t kEmbeddingShape[] = {50, 16};
const ParamSpec kEmbedding = {{"embedding_1.embeddings", 2, kEmbeddingShape},
                              Initializer::RandomUniform, 0, 0};
const int64_t kRecurrentShape[] = {8, 32};
const ParamSpec kRecurrent = {{"lstm_1.recurrent_kernel", 2, kRecurrentShape},
                              Initializer::Orthogonal, 0, 0};
const int64_t kTallShape[] = {2, 3, 4}; // 6 x 4: orthonormal columns
const ParamSpec kTall = {{"tall.kernel", 3, kTallShape}, Initializer::Orthogonal, 0, 0};
const int64_t kLstmBiasShape[] = {20};
const ParamSpec kLstmBias = {{"lstm_1.bias", 1, kLstmBiasShape},
                             Initializer::UnitForgetBias, 0, 0};

/// The largest |M M^T - I| (rows) or |M^T M - I| (columns) of a
/// rows x cols matrix.
double orthogonalityError(const Tensor &matrix, int64_t rows, int64_t cols,
                          bool byRows) {
  int64_t n = byRows ? rows : cols, length = byRows ? cols : rows;
  auto at = [&](int64_t vector, int64_t k) {
    return double(byRows ? matrix.data[size_t(vector * cols + k)]
                         : matrix.data[size_t(k * cols + vector)]);
  };
  double worst = 0;
  for (int64_t a = 0; a < n; ++a)
    for (int64_t b = 0; b < n; ++b) {
      double dot = 0;
      for (int64_t k = 0; k < length; ++k)
        dot += at(a, k) * at(b, k);
      worst = std::max(worst, std::abs(dot - (a == b ? 1.0 : 0.0)));
    }
  return worst;
}

} // namespace

TEST(InitializersTest, RandomUniformIsWithinFiveHundredths) {
  Tensor table = initializeParam(kEmbedding, 3);
  float low = 1, high = -1;
  double sum = 0;
  for (float value : table.data) {
    ASSERT_GE(value, -0.05f);
    ASSERT_LE(value, 0.05f);
    low = std::min(low, value);
    high = std::max(high, value);
    sum += value;
  }
  EXPECT_LT(low, -0.045f);
  EXPECT_GT(high, 0.045f);
  EXPECT_NEAR(sum / 800.0, 0.0, 0.005);
  EXPECT_EQ(table.data, initializeParam(kEmbedding, 3).data);
  EXPECT_NE(table.data, initializeParam(kEmbedding, 4).data);
}

TEST(InitializersTest, OrthogonalRowsOfAWideMatrix) {
  Tensor kernel = initializeParam(kRecurrent, 11);
  EXPECT_EQ(kernel.shape, (Shape{8, 32}));
  EXPECT_LT(orthogonalityError(kernel, 8, 32, /*byRows=*/true), 1e-5);
  EXPECT_EQ(kernel.data, initializeParam(kRecurrent, 11).data);
  EXPECT_NE(kernel.data, initializeParam(kRecurrent, 12).data);
  // Not a trivial orthogonal matrix: the entries are spread out.
  int nonZero = 0;
  for (float value : kernel.data)
    nonZero += std::abs(value) > 1e-3f;
  EXPECT_GT(nonZero, 200);
}

TEST(InitializersTest, OrthogonalColumnsOfATallMatrix) {
  Tensor kernel = initializeParam(kTall, 5);
  EXPECT_LT(orthogonalityError(kernel, 6, 4, /*byRows=*/false), 1e-5);
  const int64_t squareShape[] = {16, 16};
  ParamSpec square = {{"square", 2, squareShape}, Initializer::Orthogonal, 0, 0};
  Tensor matrix = initializeParam(square, 5);
  EXPECT_LT(orthogonalityError(matrix, 16, 16, true), 1e-5);
  EXPECT_LT(orthogonalityError(matrix, 16, 16, false), 1e-5);
  const int64_t vectorShape[] = {4};
  ParamSpec vector = {{"vector", 1, vectorShape}, Initializer::Orthogonal, 0, 0};
  EXPECT_THROW(initializeParam(vector, 0), Error);
}

TEST(InitializersTest, UnitForgetBiasOpensTheForgetGate) {
  Tensor bias = initializeParam(kLstmBias, 9);
  std::vector<float> expected(20, 0.0f);
  for (int i = 5; i < 10; ++i)
    expected[size_t(i)] = 1.0f; // gates i, f, c, o of 5 units: f is [5, 10)
  EXPECT_EQ(bias.data, expected);
  const int64_t oddShape[] = {6};
  ParamSpec odd = {{"odd.bias", 1, oddShape}, Initializer::UnitForgetBias, 0, 0};
  EXPECT_THROW(initializeParam(odd, 0), Error);
}

// BatchNormalization's gamma and moving variance start at one, whatever the
// seed, as Keras's "ones" initializer.
TEST(InitializersTest, OnesAreOnes) {
  const ParamSpec variance = {{"batchnorm_1.moving_variance", 1, kBiasShape},
                              Initializer::Ones, 0, 0, /*nonTrainable=*/true};
  Tensor tensor = initializeParam(variance, 7);
  EXPECT_EQ(tensor.shape, (Shape{16}));
  EXPECT_TRUE(std::all_of(tensor.data.begin(), tensor.data.end(),
                          [](float value) { return value == 1.0f; }));
}
