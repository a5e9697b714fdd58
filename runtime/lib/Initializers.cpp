//===- Initializers.cpp - Seeded initial weights ---------------------------===//

#include "nncrt/Initializers.h"

#include "nncrt/Error.h"

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
  case Initializer::GlorotUniform: {
    if (param.fanIn + param.fanOut <= 0)
      fail("parameter '{}': GlorotUniform needs fanIn + fanOut > 0 (got {} + "
           "{})",
           param.tensor.name, param.fanIn, param.fanOut);
    float limit = float(glorotUniformLimit(param.fanIn, param.fanOut));
    std::mt19937_64 generator(mix(seed ^ mix(hashName(param.tensor.name))));
    for (float &value : tensor.data)
      value = limit * (2.0f * unitFloatFromBits(generator()) - 1.0f);
    break;
  }
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
