//===- Idx.h - IDX files (the MNIST format) -------------------------------===//
//
// An IDX file is a 4-byte magic (two zero bytes, an element type code, the
// number of dimensions), one big-endian uint32 extent per dimension, then the
// elements in row-major order, big-endian. MNIST and Fashion-MNIST ship as
// gzip-compressed IDX files; the reader accepts both forms.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_IDX_H
#define NNCRT_IDX_H

#include "nncrt/Tensor.h"

#include <cstdint>
#include <string>

namespace nncrt {

/// IDX element type codes (the third byte of the magic).
enum class IdxType : uint8_t {
  UInt8 = 0x08,
  Int8 = 0x09,
  Int16 = 0x0B,
  Int32 = 0x0C,
  Float32 = 0x0D,
  Float64 = 0x0E,
};

struct IdxReadOptions {
  /// Divide UInt8 elements by 255 (pixels to [0, 1], as done for MNIST).
  bool scaleBytesToUnit = false;
};

struct IdxData {
  Tensor tensor;
  IdxType type;
};

/// Reads a plain or gzip-compressed IDX file; every element becomes a float.
IdxData readIdx(const std::string &path, IdxReadOptions options = {});

/// An IDX file of unsigned bytes kept as bytes (a quarter of the memory of
/// floats): training data stays in this form and is converted per batch.
struct IdxBytes {
  Shape shape;
  std::string bytes; ///< the whole (decompressed) file
  size_t dataOffset = 0;

  const uint8_t *data() const {
    return reinterpret_cast<const uint8_t *>(bytes.data()) + dataOffset;
  }
  /// Elements per entry of the first axis.
  int64_t sampleSize() const;
};

/// Reads a plain or gzip-compressed IDX file whose elements are UInt8.
IdxBytes readIdxBytes(const std::string &path);

/// Writes `tensor` as IDX with the given element type (values are rounded
/// and must fit integer types). A path ending in ".gz" is gzip-compressed.
/// The write is atomic.
void writeIdx(const std::string &path, const Tensor &tensor, IdxType type);

} // namespace nncrt

#endif // NNCRT_IDX_H
