//===- Weights.cpp - A model's parameters in a safetensors file ------------===//

#include "nncrt/Weights.h"

#include "nncrt/Error.h"
#include "nncrt/Initializers.h"
#include "nncrt/NonFinite.h"
#include "nncrt/SafeTensors.h"

#include <set>

namespace nncrt {

std::vector<Tensor> loadWeights(const std::string &path, const ModelDesc &model) {
  return weightsFromFile(path, readSafeTensors(path), model);
}

std::vector<Tensor> weightsFromFile(const std::string &path,
                                    SafeTensorsFile file, const ModelDesc &model) {
  // safetensors.torch marks its files "pt" (as does `export --torch`).
  auto format = file.metadata.find("format");
  if (format != file.metadata.end() && format->second == "pt")
    fail("{}: a PyTorch state_dict, not nnc's weights; `init --from {}` converts it", path,
         path);
  std::vector<Tensor> params;
  std::set<std::string> expectedNames;
  for (int i = 0; i < model.numParams; ++i) {
    const TensorSpec &spec = model.params[i].tensor;
    expectedNames.insert(spec.name);
    Shape expected = specShape(spec);
    auto it = file.tensors.find(spec.name);
    if (it == file.tensors.end())
      fail("{}: missing tensor '{}' (expected shape {}) of model '{}'", path,
           spec.name, formatShape(expected), model.name);
    if (it->second.shape != expected)
      fail("{}: tensor '{}' has shape {}, expected {}", path, spec.name,
           formatShape(it->second.shape), formatShape(expected));
    requireFiniteTensor(path, spec.name, it->second);
    params.push_back(std::move(it->second));
  }
  if (!file.int64Tensors.empty())
    fail("{}: tensor '{}' is I64; a weights file of nnc holds F32 tensors", path,
         file.int64Tensors.begin()->first);
  for (const auto &entry : file.tensors)
    if (!expectedNames.count(entry.first) &&
        entry.first.rfind(kOptimizerStatePrefix, 0) != 0 &&
        entry.first.rfind(kBestWeightsPrefix, 0) != 0 &&
        entry.first.rfind(kLastWeightsPrefix, 0) != 0)
      fail("{}: unexpected tensor '{}': model '{}' has no parameter of that "
           "name",
           path, entry.first, model.name);
  return params;
}

void saveWeights(const std::string &path, const ModelDesc &model,
                 const std::vector<Tensor> &params,
                 const std::map<std::string, std::string> &metadata) {
  if (params.size() != size_t(model.numParams))
    fail("{}: model '{}' has {} parameters, got {} tensors", path, model.name,
         model.numParams, params.size());
  SafeTensorsFile file;
  file.metadata = metadata;
  for (int i = 0; i < model.numParams; ++i) {
    const TensorSpec &spec = model.params[i].tensor;
    if (params[i].shape != specShape(spec))
      fail("{}: tensor '{}' has shape {}, expected {}", path, spec.name,
           formatShape(params[i].shape), formatShape(specShape(spec)));
    file.tensors[spec.name] = params[i];
  }
  writeSafeTensors(path, file);
}

} // namespace nncrt
