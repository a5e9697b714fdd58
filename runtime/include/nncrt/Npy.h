//===- Npy.h - NumPy .npy files -------------------------------------------===//
//
// Format (numpy.lib.format): magic "\x93NUMPY", major/minor version, header
// length (uint16 for v1, uint32 for v2/v3), a Python dict literal with
// 'descr', 'fortran_order' and 'shape', padded with spaces and '\n', then the
// raw elements. The reader accepts little-endian f4, f8, u1, i4 and i8 in C
// order and converts them to float; the writer writes <f4.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_NPY_H
#define NNCRT_NPY_H

#include "nncrt/Tensor.h"

#include <string>

namespace nncrt {

/// Reads a .npy file; the tensor's shape is the array's shape.
Tensor readNpy(const std::string &path);

/// Parses .npy bytes; `name` is used in error messages.
Tensor parseNpy(const std::string &bytes, const std::string &name);

/// The .npy (v1, '<f4') encoding of `tensor`.
std::string encodeNpy(const Tensor &tensor);

/// Writes `tensor` as a '<f4' .npy file, atomically.
void writeNpy(const std::string &path, const Tensor &tensor);

} // namespace nncrt

#endif // NNCRT_NPY_H
