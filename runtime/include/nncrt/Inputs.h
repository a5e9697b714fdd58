//===- Inputs.h - Reading a model input from a data file -------------------===//
//
// An input file holds N samples along its first axis: a .npy array, a CSV
// file with a header row (one sample per row), or an IDX file (".idx",
// "-ubyte", or either gzip-compressed as ".gz"). IDX bytes are pixels and
// are scaled to [0, 1]. A sample may be laid out differently as
// long as the element count matches: MNIST's [N, 28, 28] feeds an input
// declared [28, 28, 1]. A model trained on npy or csv data reads .npy or
// .csv inputs as it read its samples (scale, label and dropped columns).
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_INPUTS_H
#define NNCRT_INPUTS_H

#include "nncrt/Csv.h"
#include "nncrt/ModelDesc.h"
#include "nncrt/SampleArray.h"
#include "nncrt/Tensor.h"

#include <map>
#include <string>
#include <vector>

namespace nncrt {

/// Whether `path` names an IDX file by its name.
bool isIdxFileName(const std::string &path);

/// How input files are read: the scales of .npy and .csv values, and the
/// columns of a .csv file that are no input values.
struct InputFormat {
  Scale npyScale;
  Scale csvScale;
  CsvColumns csvColumns{{}, /*labelsOptional=*/true, {}};
};

/// Reads `path` (.npy, .csv or IDX) and reshapes it to [N, spec shape...].
Tensor readInput(const std::string &path, const TensorSpec &spec,
                 const InputFormat &format = {});

/// Matches `--input X` / `--input NAME=FILE` option values to the tensors
/// `specs` (a value names its tensor unless there is exactly one): returns
/// index -> file. `option` ("--input"), `kind` ("input") and `context`
/// ("predict") word the errors.
std::map<int, std::string> bindInputFiles(const std::vector<std::string> &values,
                                          const TensorSpec *specs, int numSpecs,
                                          const char *option, const char *kind,
                                          const char *context);

} // namespace nncrt

#endif // NNCRT_INPUTS_H
