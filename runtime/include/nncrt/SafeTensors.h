//===- SafeTensors.h - The safetensors weight format -----------------------===//
//
// Format (huggingface/safetensors): an 8-byte little-endian header length N,
// N bytes of JSON mapping each tensor name to {"dtype", "shape",
// "data_offsets": [begin, end]} (offsets relative to the data section that
// follows the header), plus an optional "__metadata__" map of strings. The
// data section is covered exactly by the tensors, without holes or overlaps.
// nnc stores F32 tensors, row-major, in Keras layout (a conv kernel is
// (kh, kw, in, out)); I64 tensors are read and written for PyTorch's
// state_dicts (BatchNorm's num_batches_tracked).
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_SAFETENSORS_H
#define NNCRT_SAFETENSORS_H

#include "nncrt/Tensor.h"

#include <map>
#include <string>
#include <vector>

namespace nncrt {

/// An I64 tensor (PyTorch's counters).
struct Int64Tensor {
  Shape shape;
  std::vector<int64_t> data;
};

struct SafeTensorsFile {
  std::map<std::string, Tensor> tensors; ///< the F32 tensors
  std::map<std::string, Int64Tensor> int64Tensors;
  std::map<std::string, std::string> metadata;
};

/// Reads and validates a safetensors file (F32 and I64 tensors).
SafeTensorsFile readSafeTensors(const std::string &path);

/// Parses safetensors bytes; `name` is used in error messages.
SafeTensorsFile parseSafeTensors(const std::string &bytes,
                                 const std::string &name);

/// The safetensors encoding of `file` (tensors in name order).
std::string encodeSafeTensors(const SafeTensorsFile &file);

/// Writes `file` atomically: `<path>.tmp-<pid>`, then a rename.
void writeSafeTensors(const std::string &path, const SafeTensorsFile &file);

} // namespace nncrt

#endif // NNCRT_SAFETENSORS_H
