//===- Initializers.cpp - Seeded initial weights ---------------------------===//

#include "nncrt/Initializers.h"

#include "nncrt/Error.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace nncrt {

namespace {

/// FNV-1a: a stable hash of the parameter name.
uint64_t hashName(const char *name) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (; *name; ++name)
    hash = (hash ^ uint8_t(*name)) * 0x100000001b3ull;
  return hash;
}

/// splitmix64 finaliser: spreads nearby seeds over the whole state space.
uint64_t mix(uint64_t value) {
  value += 0x9e3779b97f4a7c15ull;
  value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ull;
  value = (value ^ (value >> 27)) * 0x94d049bb133111ebull;
  return value ^ (value >> 31);
}

std::mt19937_64 generatorFor(const ParamSpec &param, uint64_t seed) {
  return std::mt19937_64(mix(seed ^ mix(hashName(param.tensor.name))));
}

/// A standard normal draw (Box-Muller on two 53-bit uniforms, by hand for
/// the same reason as unitFloatFromBits).
double standardNormal(std::mt19937_64 &generator) {
  constexpr double kTwoPi = 6.283185307179586476925;
  double u1 = (double(generator() >> 11) + 1.0) * 0x1.0p-53; // (0, 1]
  double u2 = double(generator() >> 11) * 0x1.0p-53;          // [0, 1)
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(kTwoPi * u2);
}

/// Keras Orthogonal(gain=1): the Q of a normal matrix's QR decomposition
/// with R's diagonal made positive, which is what modified Gram-Schmidt on
/// the columns gives. The matrix is [rows, cols] with rows = all leading
/// dimensions; when rows < cols the orthonormal columns of a [cols, rows]
/// draw are transposed into orthonormal rows.
void fillOrthogonal(Tensor &tensor, const ParamSpec &param, uint64_t seed) {
  const Shape &shape = tensor.shape;
  if (shape.size() < 2)
    fail("parameter '{}': Orthogonal needs at least 2 dimensions, got shape {}",
         param.tensor.name, formatShape(shape));
  int64_t cols = shape.back();
  int64_t rows = tensor.numElements() / std::max<int64_t>(cols, 1);
  int64_t tall = std::max(rows, cols), narrow = std::min(rows, cols);
  std::mt19937_64 generator = generatorFor(param, seed);
  // q[i][j], column-major by j so that each column is contiguous.
  std::vector<double> q(size_t(tall * narrow));
  for (int64_t i = 0; i < tall; ++i)
    for (int64_t j = 0; j < narrow; ++j)
      q[size_t(j * tall + i)] = standardNormal(generator);
  for (int64_t j = 0; j < narrow; ++j) {
    double *column = q.data() + j * tall;
    for (int64_t k = 0; k < j; ++k) {
      const double *previous = q.data() + k * tall;
      double dot = 0;
      for (int64_t i = 0; i < tall; ++i)
        dot += previous[i] * column[i];
      for (int64_t i = 0; i < tall; ++i)
        column[i] -= dot * previous[i];
    }
    double norm = 0;
    for (int64_t i = 0; i < tall; ++i)
      norm += column[i] * column[i];
    norm = std::sqrt(norm);
    if (!(norm > 1e-12))
      fail("parameter '{}': degenerate random matrix in Orthogonal", param.tensor.name);
    for (int64_t i = 0; i < tall; ++i)
      column[i] /= norm;
  }
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      tensor.data[size_t(r * cols + c)] = float(
          rows >= cols ? q[size_t(c * tall + r)] : q[size_t(r * tall + c)]);
}

} // namespace

Shape specShape(const TensorSpec &spec) {
  return Shape(spec.shape, spec.shape + spec.rank);
}

double glorotUniformLimit(int64_t fanIn, int64_t fanOut) {
  return std::sqrt(6.0 / double(fanIn + fanOut));
}

float unitFloatFromBits(uint64_t bits) {
  // 24 bits fit a float mantissa exactly, so the result is < 1.
  return float(bits >> 40) * (1.0f / 16777216.0f);
}

Tensor initializeParam(const ParamSpec &param, uint64_t seed) {
  Tensor tensor(specShape(param.tensor));
  switch (param.init) {
  case Initializer::Zeros:
    break;
  case Initializer::Ones:
    std::fill(tensor.data.begin(), tensor.data.end(), 1.0f);
    break;
  case Initializer::GlorotUniform: {
    if (param.fanIn + param.fanOut <= 0)
      fail("parameter '{}': GlorotUniform needs fanIn + fanOut > 0 (got {} + "
           "{})",
           param.tensor.name, param.fanIn, param.fanOut);
    float limit = float(glorotUniformLimit(param.fanIn, param.fanOut));
    std::mt19937_64 generator = generatorFor(param, seed);
    for (float &value : tensor.data)
      value = limit * (2.0f * unitFloatFromBits(generator()) - 1.0f);
    break;
  }
  case Initializer::RandomUniform: {
    std::mt19937_64 generator = generatorFor(param, seed);
    for (float &value : tensor.data)
      value = kRandomUniformLimit * (2.0f * unitFloatFromBits(generator()) - 1.0f);
    break;
  }
  case Initializer::Orthogonal:
    fillOrthogonal(tensor, param, seed);
    break;
  case Initializer::UnitForgetBias: {
    int64_t size = tensor.numElements();
    if (tensor.shape.size() != 1 || size % 4 != 0)
      fail("parameter '{}': UnitForgetBias needs a bias of 4 x units values, "
           "got shape {}",
           param.tensor.name, formatShape(tensor.shape));
    // Gates in Keras order i, f, c, o: the forget gate starts open.
    int64_t units = size / 4;
    std::fill(tensor.data.begin() + units, tensor.data.begin() + 2 * units, 1.0f);
    break;
  }
  default:
    fail("parameter '{}': unknown initializer {}", param.tensor.name,
         int(param.init));
  }
  return tensor;
}

std::vector<Tensor> initializeParams(const ModelDesc &model, uint64_t seed) {
  std::vector<Tensor> params;
  params.reserve(size_t(model.numParams));
  for (int i = 0; i < model.numParams; ++i)
    params.push_back(initializeParam(model.params[i], seed));
  return params;
}

} // namespace nncrt
