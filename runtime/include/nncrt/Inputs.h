//===- Inputs.h - Reading a model input from a data file -------------------===//
//
// An input file holds N samples along its first axis: a .npy array or an IDX
// file (".idx", "-ubyte", or either gzip-compressed as ".gz"). IDX bytes are
// pixels and are scaled to [0, 1]. A sample may be laid out differently as
// long as the element count matches: MNIST's [N, 28, 28] feeds an input
// declared [28, 28, 1].
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_INPUTS_H
#define NNCRT_INPUTS_H

#include "nncrt/ModelDesc.h"
#include "nncrt/Tensor.h"

#include <string>

namespace nncrt {

/// Whether `path` names an IDX file by its name.
bool isIdxFileName(const std::string &path);

/// Reads `path` and reshapes it to [N, spec shape...].
Tensor readInput(const std::string &path, const TensorSpec &spec);

} // namespace nncrt

#endif // NNCRT_INPUTS_H
