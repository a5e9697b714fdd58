//===- Initializers.h - Seeded initial weights -----------------------------===//
//
// Initial weights depend only on (seed, parameter name): the generator for
// each parameter is std::mt19937_64 seeded with a mix of both, and bits are
// turned into floats by hand (the std distributions differ between standard
// libraries), so a seed gives the same weights on every machine and adding a
// layer does not change the weights of the others.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_INITIALIZERS_H
#define NNCRT_INITIALIZERS_H

#include "nncrt/ModelDesc.h"
#include "nncrt/Tensor.h"

#include <cstdint>
#include <vector>

namespace nncrt {

/// The shape of a TensorSpec as a Shape.
Shape specShape(const TensorSpec &spec);

/// The bound of Keras's RandomUniform default (embeddings): [-0.05, 0.05].
constexpr float kRandomUniformLimit = 0.05f;

/// Glorot (Xavier) uniform limit: sqrt(6 / (fanIn + fanOut)).
double glorotUniformLimit(int64_t fanIn, int64_t fanOut);

/// A uniform float in [0, 1) from the top 24 bits of a 64-bit draw.
float unitFloatFromBits(uint64_t bits);

/// The initial value of one parameter.
Tensor initializeParam(const ParamSpec &param, uint64_t seed);

/// The initial values of all parameters of a model, in ModelDesc order.
std::vector<Tensor> initializeParams(const ModelDesc &model, uint64_t seed);

} // namespace nncrt

#endif // NNCRT_INITIALIZERS_H
