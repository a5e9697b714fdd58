//===- Tensor.h - A float tensor and its view as a halide_buffer_t --------===//
//
// The runtime keeps all data as row-major float tensors whose first axis is
// the batch (NHWC for images), as in Keras. Halide pipelines see the same
// memory through a halide_buffer_t whose dimensions are listed innermost first:
// Halide dimension 0 is the last axis, the batch is the last Halide dimension.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_TENSOR_H
#define NNCRT_TENSOR_H

#include "HalideRuntime.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace nncrt {

using Shape = std::vector<int64_t>;

/// Product of the extents (1 for a scalar shape). Throws Error when an
/// extent is negative or the count overflows (see checkedExtentProduct).
int64_t numElements(const Shape &shape);

/// The product of the non-zero extents (1 when there are none), or nothing
/// when an extent is negative or the product overflows int64_t. It bounds
/// the element count of the shape and of every part of it (a sample, a row):
/// readers check it against their limit, so that `[0, 2^40, 2^40]` is not
/// taken for an harmless empty tensor whose sample size then overflows.
std::optional<int64_t> checkedExtentProduct(const Shape &shape);

/// "[2, 28, 28, 1]"; `batchName` replaces the first extent (e.g. "N").
std::string formatShape(const Shape &shape, const char *batchName = nullptr);

struct Tensor {
  Shape shape;
  std::vector<float> data;

  Tensor() = default;
  /// A zero-filled tensor of the given shape.
  explicit Tensor(Shape shape);
  Tensor(Shape shape, std::vector<float> data);

  int64_t numElements() const { return nncrt::numElements(shape); }
  /// The first extent; a tensor without axes has no batch.
  int64_t batchSize() const { return shape.empty() ? 0 : shape.front(); }
  /// Elements per batch entry (the product of all extents but the first).
  int64_t sampleSize() const;
};

/// A halide_buffer_t describing float memory owned elsewhere. Copies keep
/// pointing at their own dimension array.
class HalideBufferView {
public:
  static constexpr int kMaxRank = 8;

  /// The whole tensor; `shape` lists axes outermost first.
  HalideBufferView(float *data, const Shape &shape);
  HalideBufferView(const HalideBufferView &other);
  HalideBufferView &operator=(const HalideBufferView &other);

  halide_buffer_t *get() { return &buffer; }
  const halide_buffer_t *get() const { return &buffer; }

private:
  halide_buffer_t buffer;
  std::array<halide_dimension_t, kMaxRank> dims;
};

/// The whole tensor (used for parameters, which have no batch axis).
HalideBufferView wrapTensor(Tensor &tensor);

/// Batch entries [first, first + count) of a tensor whose first axis is the
/// batch. The view's batch dimension starts at 0.
HalideBufferView wrapBatchSlice(Tensor &tensor, int64_t first, int64_t count);

} // namespace nncrt

#endif // NNCRT_TENSOR_H
