//===- Inputs.h - Reading a model input from a data file -------------------===//
//
// An input file holds N samples along its first axis: a .npy array, an
// array of a .npz archive ("data.npz:x_test", or "data.npz" when it holds
// one), a CSV
// file with a header row (one sample per row), or an IDX file (".idx",
// "-ubyte", or either gzip-compressed as ".gz"). IDX bytes are pixels and
// are scaled to [0, 1]. A sample may be laid out differently as
// long as the element count matches: MNIST's [N, 28, 28] feeds an input
// declared [28, 28, 1]. A model trained on npy or csv data reads .npy or
// .csv inputs as it read its samples (scale, label and dropped columns).
// A PNG or JPEG file is one sample and a folder holds one per image file
// (nested folders included, in Keras's order), for an input [height, width,
// channels]: decoded and resized as images training data is, with the
// scale the model's data has (1/255 for IDX data).
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
  Scale imageScale;
};

/// Whether `path` is read as images: a folder, or a .png/.jpg/.jpeg file.
bool isImageInput(const std::string &path);

/// Reads `path` (.npy, .csv, IDX or images) and reshapes it to [N, spec shape...].
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
