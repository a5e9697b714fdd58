//===- Weights.h - A model's parameters in a safetensors file --------------===//
//
// A weights file holds exactly the model's parameters, by name (e.g.
// "conv2d_1.kernel"), each F32 with the shape of its ParamSpec. A training
// checkpoint is a weights file too: its optimizer state lies under
// "optimizer/<param>.<slot>" and is ignored when only the weights are wanted.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_WEIGHTS_H
#define NNCRT_WEIGHTS_H

#include "nncrt/ModelDesc.h"
#include "nncrt/SafeTensors.h"
#include "nncrt/Tensor.h"

#include <map>
#include <string>
#include <vector>

namespace nncrt {

/// The name prefix of optimizer state tensors in a checkpoint.
constexpr const char *kOptimizerStatePrefix = "optimizer/";
/// The name prefixes of early_stopping's best weights in a checkpoint, and
/// of the weights a run ended with when those replaced them.
constexpr const char *kBestWeightsPrefix = "best/";
constexpr const char *kLastWeightsPrefix = "last/";

/// Loads the parameters in ModelDesc order; every parameter must be present
/// with its exact shape and the file must hold nothing else (but optimizer
/// state and best or last weights, which are skipped).
std::vector<Tensor> loadWeights(const std::string &path, const ModelDesc &model);

/// The same checks on a file already read from `path`.
std::vector<Tensor> weightsFromFile(const std::string &path,
                                    SafeTensorsFile file, const ModelDesc &model);

/// Writes the parameters (in ModelDesc order) with optional metadata.
void saveWeights(const std::string &path, const ModelDesc &model,
                 const std::vector<Tensor> &params,
                 const std::map<std::string, std::string> &metadata = {});

} // namespace nncrt

#endif // NNCRT_WEIGHTS_H
