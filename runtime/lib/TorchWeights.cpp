//===- TorchWeights.cpp - A model's weights as a PyTorch state_dict -------===//

#include "nncrt/TorchWeights.h"

#include "nncrt/Error.h"
#include "nncrt/Initializers.h"
#include "nncrt/NonFinite.h"

#include <map>
#include <set>

namespace nncrt {

namespace {

void requireTorchForm(const ModelDesc &model) {
  if (!model.torchModule)
    fail("model '{}' has no PyTorch form: {}", model.name,
         model.torchError ? model.torchError : "this executable predates the PyTorch export");
}

Shape shapeOf(const TorchParamSpec &spec) {
  return Shape(spec.shape, spec.shape + spec.rank);
}

int paramIndex(const ModelDesc &model, const char *name) {
  for (int i = 0; i < model.numParams; ++i)
    if (std::string(model.params[i].tensor.name) == name)
      return i;
  fail("model '{}': the PyTorch tensor's source '{}' is not one of its parameters", model.name,
       name);
}

/// For each element of the PyTorch tensor (row-major), the index of the
/// element of its source parameter (of shape `source`) it holds.
std::vector<int64_t> sourceIndices(const TorchParamSpec &spec, const Shape &source) {
  Shape sub = source;
  int64_t base = 0;
  if (spec.row >= 0) {
    sub.erase(sub.begin());
    base = spec.row * numElements(sub);
  }
  Shape shape = shapeOf(spec);
  // Row-major strides of the source (row) by its axes.
  std::vector<int64_t> strides(sub.size(), 1);
  for (int axis = int(sub.size()) - 2; axis >= 0; --axis)
    strides[size_t(axis)] = strides[size_t(axis) + 1] * sub[size_t(axis) + 1];
  int64_t gateSize = spec.gateAxis >= 0 ? shape[size_t(spec.gateAxis)] / spec.numGates : 0;
  std::vector<int64_t> indices(size_t(numElements(shape)));
  std::vector<int64_t> at(shape.size(), 0);
  for (int64_t &index : indices) {
    index = base;
    for (size_t axis = 0; axis < shape.size(); ++axis) {
      int64_t coordinate = at[axis];
      if (int(axis) == spec.gateAxis)
        coordinate = spec.gateOrder[coordinate / gateSize] * gateSize + coordinate % gateSize;
      index += coordinate * strides[size_t(spec.perm[axis])];
    }
    for (int axis = int(shape.size()) - 1; axis >= 0; --axis) {
      if (++at[size_t(axis)] < shape[size_t(axis)])
        break;
      at[size_t(axis)] = 0;
    }
  }
  return indices;
}

} // namespace

SafeTensorsFile torchStateDict(const ModelDesc &model, const std::vector<Tensor> &params) {
  requireTorchForm(model);
  SafeTensorsFile file;
  for (int i = 0; i < model.numTorchParams; ++i) {
    const TorchParamSpec &spec = model.torchParams[i];
    Shape shape = shapeOf(spec);
    if (spec.role == TorchParamRole::Counter) {
      file.int64Tensors[spec.name] = {shape, std::vector<int64_t>(size_t(numElements(shape)), 0)};
      continue;
    }
    Tensor tensor(shape);
    if (spec.role == TorchParamRole::Fill) {
      std::fill(tensor.data.begin(), tensor.data.end(), spec.fill);
    } else if (spec.role == TorchParamRole::Copy) {
      const Tensor &source = params[size_t(paramIndex(model, spec.source))];
      std::vector<int64_t> indices = sourceIndices(spec, source.shape);
      for (size_t element = 0; element < indices.size(); ++element)
        tensor.data[element] = source.data[size_t(indices[element])];
    } // an Addend is zeros: the source is all in its Copy
    file.tensors[spec.name] = std::move(tensor);
  }
  file.metadata = {{"format", "pt"}, {"model", model.name}, {"producer", "nnc export --torch"}};
  return file;
}

std::vector<Tensor> paramsFromTorchStateDict(const ModelDesc &model, const SafeTensorsFile &file,
                                             const std::string &path) {
  requireTorchForm(model);
  std::vector<Tensor> params;
  for (int i = 0; i < model.numParams; ++i)
    params.emplace_back(specShape(model.params[i].tensor));
  std::set<std::string> known;
  std::vector<bool> covered(size_t(model.numParams), false);
  // Copies first: an Addend adds to what its Copy put there.
  for (TorchParamRole role : {TorchParamRole::Copy, TorchParamRole::Addend}) {
    for (int i = 0; i < model.numTorchParams; ++i) {
      const TorchParamSpec &spec = model.torchParams[i];
      known.insert(spec.name);
      if (spec.role != role)
        continue;
      auto it = file.tensors.find(spec.name);
      if (it == file.tensors.end())
        fail("{}: missing tensor '{}' (shape {}, PyTorch's layout of '{}') of model '{}'", path,
             spec.name, formatShape(shapeOf(spec)), spec.source, model.name);
      if (it->second.shape != shapeOf(spec))
        fail("{}: tensor '{}' has shape {}, expected {} (PyTorch's layout of '{}')", path,
             spec.name, formatShape(it->second.shape), formatShape(shapeOf(spec)),
             spec.source);
      requireFiniteTensor(path, spec.name, it->second);
      int index = paramIndex(model, spec.source);
      Tensor &param = params[size_t(index)];
      std::vector<int64_t> indices = sourceIndices(spec, param.shape);
      for (size_t element = 0; element < indices.size(); ++element) {
        float &target = param.data[size_t(indices[element])];
        target = role == TorchParamRole::Copy ? it->second.data[element]
                                              : target + it->second.data[element];
      }
      covered[size_t(index)] = true;
    }
  }
  for (int i = 0; i < model.numParams; ++i)
    if (!covered[size_t(i)])
      fail("model '{}': parameter '{}' has no PyTorch tensor", model.name,
           model.params[i].tensor.name);
  for (const auto &[name, tensor] : file.tensors)
    if (!known.count(name))
      fail("{}: unexpected tensor '{}': model '{}' has no PyTorch tensor of that name", path,
           name, model.name);
  for (const auto &[name, tensor] : file.int64Tensors)
    if (!known.count(name))
      fail("{}: unexpected tensor '{}': model '{}' has no PyTorch tensor of that name", path,
           name, model.name);
  return params;
}

} // namespace nncrt
