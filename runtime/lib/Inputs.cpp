//===- Inputs.cpp - Reading a model input from a data file -----------------===//

#include "nncrt/Inputs.h"

#include "nncrt/CommandLineParser.h"
#include "nncrt/Csv.h"
#include "nncrt/Error.h"
#include "nncrt/FileIO.h"
#include "nncrt/Idx.h"
#include "nncrt/Initializers.h"
#include "nncrt/NonFinite.h"
#include "nncrt/Npy.h"

#include <algorithm>

namespace nncrt {

bool isIdxFileName(const std::string &path) {
  std::string plain = endsWith(path, ".gz") ? path.substr(0, path.size() - 3) : path;
  return endsWith(plain, ".idx") || endsWith(plain, "-ubyte") ||
         endsWith(plain, ".idx1") || endsWith(plain, ".idx3");
}

Tensor readInput(const std::string &path, const TensorSpec &spec,
                 const InputFormat &format) {
  Tensor tensor;
  Scale scale;
  if (endsWith(path, ".npy")) {
    tensor = readNpy(path);
    scale = format.npyScale;
  } else if (endsWith(path, ".csv") || endsWith(path, ".csv.gz")) {
    tensor = readCsv(path, format.csvColumns).samples;
    scale = format.csvScale;
  } else if (isIdxFileName(path))
    tensor = readIdx(path, IdxReadOptions{/*scaleBytesToUnit=*/true}).tensor;
  else
    fail("{}: unknown input format: expected a .npy file, a .csv file or an "
         "IDX file (.idx, -ubyte, optionally .gz)",
         path);
  if (!scale.isIdentity())
    for (float &value : tensor.data)
      value = scale.apply(value);

  Shape sample = specShape(spec);
  if (tensor.shape.empty())
    fail("{}: holds a single value; input '{}' needs an array of samples "
         "[N, ...] with samples of shape {}",
         path, spec.name, formatShape(sample));
  if (tensor.sampleSize() != numElements(sample))
    fail("{}: shape {} does not fit input '{}' of shape {}: {} elements per "
         "sample, expected {}",
         path, formatShape(tensor.shape), spec.name, formatShape(sample),
         tensor.sampleSize(), numElements(sample));
  // A NaN input gives a NaN output (class 0 for a classifier), silently.
  NonFiniteValues nonFinite = findNonFinite(tensor);
  if (nonFinite.count)
    fail("{}: {}; '{}' takes finite numbers only", path,
         describeNonFinite(nonFinite, tensor.shape), spec.name);
  sample.insert(sample.begin(), tensor.batchSize());
  tensor.shape = std::move(sample);
  return tensor;
}

/// Matches `--input X` / `--input NAME=FILE` values to tensor specs: a value
/// names its tensor unless the model has exactly one.
std::map<int, std::string> bindInputFiles(const std::vector<std::string> &values,
                                          const TensorSpec *specs, int numSpecs,
                                          const char *option, const char *kind,
                                          const char *context) {
  std::vector<std::string> names;
  for (int i = 0; i < numSpecs; ++i)
    names.push_back(specs[i].name);
  std::string nameList = fmt::format("{}", fmt::join(names, ", "));

  std::map<int, std::string> bound;
  for (const std::string &value : values) {
    int index = -1;
    std::string file = value;
    size_t equals = value.find('=');
    if (equals != std::string::npos) {
      std::string name = value.substr(0, equals);
      auto it = std::find(names.begin(), names.end(), name);
      if (it != names.end()) {
        index = int(it - names.begin());
        file = value.substr(equals + 1);
      } else if (numSpecs > 1) {
        fail("{}: {} '{}': the model has no {} '{}'{}; its {}s are: {}",
             context, option, value, kind, name, didYouMean(name, names), kind, nameList);
      }
    }
    if (index < 0) {
      if (numSpecs != 1)
        fail("{}: the model has several {}s ({}): write {} NAME=FILE",
             context, kind, nameList, option);
      index = 0;
    }
    if (file.empty())
      fail("{}: {} '{}' names no file", context, option, value);
    if (!bound.emplace(index, file).second)
      fail("{}: {} '{}' given more than once", context, kind,
           names[index]);
  }
  return bound;
}


} // namespace nncrt
