//===- Tensor.cpp - A float tensor and its view as a halide_buffer_t ------===//

#include "nncrt/Tensor.h"

#include "nncrt/CheckedArithmetic.h"
#include "nncrt/Error.h"

#include <climits>

namespace nncrt {

std::optional<int64_t> checkedExtentProduct(const Shape &shape) {
  int64_t product = 1;
  for (int64_t extent : shape) {
    if (extent < 0)
      return std::nullopt;
    if (extent == 0)
      continue;
    std::optional<int64_t> next = checkedMultiply(product, extent);
    if (!next)
      return std::nullopt;
    product = *next;
  }
  return product;
}

int64_t numElements(const Shape &shape) {
  // Readers reject such shapes with the file's name; this guards the rest.
  if (!checkedExtentProduct(shape))
    fail("shape {} has a negative extent or more elements than a 64-bit "
         "count holds",
         formatShape(shape));
  int64_t count = 1;
  for (int64_t extent : shape)
    count *= extent;
  return count;
}

std::string formatShape(const Shape &shape, const char *batchName) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      text += ", ";
    if (i == 0 && batchName)
      text += batchName;
    else
      text += std::to_string(shape[i]);
  }
  return text + "]";
}

Tensor::Tensor(Shape shape)
    : shape(std::move(shape)), data(size_t(nncrt::numElements(this->shape))) {}

Tensor::Tensor(Shape shape, std::vector<float> data)
    : shape(std::move(shape)), data(std::move(data)) {
  if (int64_t(this->data.size()) != numElements())
    fail("tensor of shape {} needs {} values, got {}", formatShape(this->shape),
         numElements(), this->data.size());
}

int64_t Tensor::sampleSize() const {
  return shape.empty() ? 1 : nncrt::numElements(Shape(shape.begin() + 1, shape.end()));
}

HalideBufferView::HalideBufferView(float *data, const Shape &shape) {
  if (shape.size() > size_t(kMaxRank))
    fail("tensor of shape {} has more than {} axes", formatShape(shape), kMaxRank);
  buffer = halide_buffer_t();
  dims.fill(halide_dimension_t(0, 0, 0));
  buffer.host = reinterpret_cast<uint8_t *>(data);
  buffer.type = halide_type_t(halide_type_float, 32, 1);
  buffer.dimensions = int32_t(shape.size());
  buffer.dim = dims.data();
  // Halide lists dimensions innermost first: walk the shape backwards.
  int64_t stride = 1;
  for (int halideDim = 0; halideDim < int(shape.size()); ++halideDim) {
    int64_t extent = shape[shape.size() - 1 - halideDim];
    if (extent < 0 || extent > INT32_MAX || stride > INT32_MAX)
      fail("tensor of shape {} is too large for a Halide buffer",
           formatShape(shape));
    dims[halideDim] = halide_dimension_t(0, int32_t(extent), int32_t(stride));
    stride *= extent;
  }
}

HalideBufferView::HalideBufferView(const HalideBufferView &other)
    : buffer(other.buffer), dims(other.dims) {
  buffer.dim = dims.data();
}

HalideBufferView &HalideBufferView::operator=(const HalideBufferView &other) {
  buffer = other.buffer;
  dims = other.dims;
  buffer.dim = dims.data();
  return *this;
}

HalideBufferView wrapTensor(Tensor &tensor) {
  return HalideBufferView(tensor.data.data(), tensor.shape);
}

HalideBufferView wrapBatchSlice(Tensor &tensor, int64_t first, int64_t count) {
  if (tensor.shape.empty() || first < 0 || count < 0 ||
      first + count > tensor.batchSize())
    fail("batch slice [{}, {}) is outside a tensor of shape {}", first,
         first + count, formatShape(tensor.shape));
  Shape sliceShape = tensor.shape;
  sliceShape[0] = count;
  return HalideBufferView(tensor.data.data() + first * tensor.sampleSize(),
                          sliceShape);
}

} // namespace nncrt
