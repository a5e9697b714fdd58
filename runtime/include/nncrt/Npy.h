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

#include <cstdint>
#include <string>

namespace nncrt {

/// A .npy file as read: its elements still in their own type.
struct NpyArray {
  Shape shape;
  std::string descr;     ///< '<f4', '|u1', ...
  bool isBytes = false;  ///< unsigned bytes ('|u1'): kept as bytes
  int elementSize = 0;
  std::string bytes;     ///< the whole file
  size_t dataOffset = 0; ///< where the elements start in `bytes`

  const uint8_t *data() const {
    return reinterpret_cast<const uint8_t *>(bytes.data()) + dataOffset;
  }
  /// Every element as a float (integers exactly up to 2^24).
  Tensor toTensor() const;
};

/// A .npy file's header: what its data holds and where it starts.
struct NpyHeader {
  Shape shape;
  std::string descr;
  bool isBytes = false;
  int elementSize = 0;
  size_t dataOffset = 0;
};

/// One element of a supported type `descr` (as NpyHeader::descr), as a
/// float (integers exactly up to 2^24).
float decodeNpyElement(const char *bytes, const std::string &descr);

/// Reads and checks a .npy file's header (and its size against it) without
/// reading the data: for arrays streamed from disk, which may exceed the
/// 2^31 - 1 elements of an array read whole.
NpyHeader readNpyHeader(const std::string &path);

/// Parses and checks .npy bytes, keeping them; `name` is used in errors.
NpyArray parseNpyArray(std::string bytes, const std::string &name);

/// Reads a .npy file without converting its elements.
NpyArray readNpyArray(const std::string &path);

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
