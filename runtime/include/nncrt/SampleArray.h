//===- SampleArray.h - A data set's samples or labels, as read ------------===//
//
// The first axis indexes samples. Unsigned bytes (IDX files, uint8 .npy
// arrays, images) stay bytes in memory, a quarter of the memory of floats,
// and become floats when a batch is gathered: float(byte) * multiplier /
// divisor, so that `scale=1/255` gives the same floats as `x / 255` in NumPy
// and as the IDX reader. Other element types are floats from the start.
// Data larger than the memory budget stays on disk (RowStream.h), its rows
// converted when gathered: samples of bytes or float32, labels of any
// element type the .npy reader accepts.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_SAMPLEARRAY_H
#define NNCRT_SAMPLEARRAY_H

#include "nncrt/RowStream.h"
#include "nncrt/Tensor.h"

#include <cstdint>
#include <memory>
#include <string>

namespace nncrt {

/// A scale written as a fraction (`1/255`): values are multiplied by the
/// numerator, then divided by the denominator, in float.
struct Scale {
  float multiplier = 1.0f;
  float divisor = 1.0f;

  float apply(float value) const { return value * multiplier / divisor; }
  bool isIdentity() const { return multiplier == 1.0f && divisor == 1.0f; }
};

class SampleArray {
public:
  /// `count * sampleSize` bytes at `storage[offset]` (the storage, usually
  /// a whole file, is kept), converted with `scale` when gathered.
  static SampleArray ofBytes(Shape shape, std::string storage, size_t offset,
                             Scale scale);
  /// Floats, already scaled.
  static SampleArray ofFloats(Tensor tensor);
  /// Rows that stay on disk (RowStream.h) of elements of the .npy type
  /// `descr` ('|u1', '<f4', '<i8', ...), converted with `scale` when
  /// gathered; a non-finite float gathered is an error naming `name` and
  /// the row.
  static SampleArray ofStream(Shape shape, std::shared_ptr<RowStream> stream,
                              std::string descr, Scale scale, std::string name);

  /// The stream of rows kept on disk, or null when the array is in memory.
  RowStream *stream() const { return rows.get(); }

  /// [count, sample...]
  const Shape &shape() const { return arrayShape; }
  int64_t count() const { return arrayShape.empty() ? 0 : arrayShape[0]; }
  /// Elements per sample (1 for a 1-D array).
  int64_t sampleSize() const { return elementsPerSample; }

  /// Views the same elements as `shape` (of the same size).
  void reshape(Shape shape);

  /// Element `k` of sample `row`, as a float.
  float at(int64_t row, int64_t k) const;
  /// The `sampleSize()` elements of sample `row`, as floats.
  void copySample(int64_t row, float *destination) const;

private:
  void setShape(Shape shape);

  Shape arrayShape;
  /// Of arrayShape, kept: at() runs per sample in every training step.
  int64_t elementsPerSample = 1;
  std::string bytes;
  size_t offset = 0;
  Scale scale;
  std::vector<float> floats;
  std::shared_ptr<RowStream> rows;
  /// How a streamed row's elements are stored: the common cases read
  /// directly, the others through the .npy reader's conversion.
  enum class RowElements { Bytes, Float32, Other } rowElements = RowElements::Bytes;
  std::string descr;
  int elementBytes = 1;
  std::string name;
};

} // namespace nncrt

#endif // NNCRT_SAMPLEARRAY_H
