//===- Inputs.cpp - Reading a model input from a data file -----------------===//

#include "nncrt/Inputs.h"

#include "nncrt/Error.h"
#include "nncrt/FileIO.h"
#include "nncrt/Idx.h"
#include "nncrt/Initializers.h"
#include "nncrt/Npy.h"

namespace nncrt {

bool isIdxFileName(const std::string &path) {
  std::string plain = endsWith(path, ".gz") ? path.substr(0, path.size() - 3) : path;
  return endsWith(plain, ".idx") || endsWith(plain, "-ubyte") ||
         endsWith(plain, ".idx1") || endsWith(plain, ".idx3");
}

Tensor readInput(const std::string &path, const TensorSpec &spec) {
  Tensor tensor;
  if (endsWith(path, ".npy"))
    tensor = readNpy(path);
  else if (isIdxFileName(path))
    tensor = readIdx(path, IdxReadOptions{/*scaleBytesToUnit=*/true}).tensor;
  else
    fail("{}: unknown input format: expected a .npy file or an IDX file "
         "(.idx, -ubyte, optionally .gz)",
         path);

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
  sample.insert(sample.begin(), tensor.batchSize());
  tensor.shape = std::move(sample);
  return tensor;
}

} // namespace nncrt
