//===- TensorTest.cpp - Tensors and their halide_buffer_t views -----------===//

#include "nncrt/Tensor.h"

#include "nncrt/Error.h"

#include <gtest/gtest.h>

using namespace nncrt;

TEST(TensorTest, ShapeHelpers) {
  Tensor tensor(Shape{4, 2, 3});
  EXPECT_EQ(tensor.numElements(), 24);
  EXPECT_EQ(tensor.batchSize(), 4);
  EXPECT_EQ(tensor.sampleSize(), 6);
  EXPECT_EQ(tensor.data.size(), 24u);
  EXPECT_EQ(formatShape({4, 2, 3}), "[4, 2, 3]");
  EXPECT_EQ(formatShape({4, 2, 3}, "N"), "[N, 2, 3]");
  EXPECT_EQ(formatShape({}), "[]");
  EXPECT_THROW(Tensor(Shape{2, 2}, std::vector<float>(3)), Error);
}

TEST(TensorTest, HalideDimensionsAreReversed) {
  Tensor tensor(Shape{5, 2, 3});
  HalideBufferView view = wrapTensor(tensor);
  const halide_buffer_t *buffer = view.get();
  ASSERT_EQ(buffer->dimensions, 3);
  EXPECT_EQ(buffer->type.code, halide_type_float);
  EXPECT_EQ(buffer->type.bits, 32);
  // Halide dim 0 is the last (innermost) axis; the batch is the last dim.
  EXPECT_EQ(buffer->dim[0].extent, 3);
  EXPECT_EQ(buffer->dim[0].stride, 1);
  EXPECT_EQ(buffer->dim[1].extent, 2);
  EXPECT_EQ(buffer->dim[1].stride, 3);
  EXPECT_EQ(buffer->dim[2].extent, 5);
  EXPECT_EQ(buffer->dim[2].stride, 6);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(buffer->dim[i].min, 0);
  EXPECT_EQ(buffer->host, reinterpret_cast<uint8_t *>(tensor.data.data()));
  EXPECT_EQ(buffer->device, 0u);
}

TEST(TensorTest, BatchSliceStartsAtItsFirstRow) {
  Tensor tensor(Shape{5, 2});
  HalideBufferView view = wrapBatchSlice(tensor, 3, 2);
  EXPECT_EQ(view.get()->host,
            reinterpret_cast<uint8_t *>(tensor.data.data() + 6));
  EXPECT_EQ(view.get()->dim[1].extent, 2);
  EXPECT_EQ(view.get()->dim[1].min, 0);
  EXPECT_THROW(wrapBatchSlice(tensor, 4, 2), Error);
  EXPECT_THROW(wrapBatchSlice(tensor, -1, 1), Error);
}

TEST(TensorTest, CopiedViewOwnsItsDimensions) {
  Tensor tensor(Shape{5, 2});
  HalideBufferView original = wrapTensor(tensor);
  HalideBufferView copy = original;
  EXPECT_NE(copy.get()->dim, original.get()->dim);
  EXPECT_EQ(copy.get()->dim[1].extent, 5);
  std::vector<HalideBufferView> views;
  for (int i = 0; i < 10; ++i)
    views.push_back(wrapBatchSlice(tensor, i % 5, 1));
  for (HalideBufferView &view : views)
    EXPECT_EQ(view.get()->dim, &view.get()->dim[0]);
  EXPECT_EQ(views[9].get()->dim[1].extent, 1);
}

TEST(TensorTest, ElementCountsNeverOverflow) {
  EXPECT_EQ(checkedExtentProduct({4, 2, 3}), 24);
  EXPECT_EQ(checkedExtentProduct({}), 1);
  // Zero extents are skipped: the bound holds for every part of the shape.
  EXPECT_EQ(checkedExtentProduct({0, 5, 7}), 35);
  EXPECT_EQ(checkedExtentProduct({3037000500, 3037000500}), std::nullopt);
  EXPECT_EQ(checkedExtentProduct({0, INT64_MAX, 2}), std::nullopt);
  EXPECT_EQ(checkedExtentProduct({2, -3}), std::nullopt);
  EXPECT_EQ(numElements({0, 5, 7}), 0);
  // 2^64 elements once wrapped to 0.
  try {
    numElements({65536, 65536, 65536, 65536});
    FAIL() << "no error";
  } catch (const Error &error) {
    EXPECT_STREQ(error.what(), "shape [65536, 65536, 65536, 65536] has a negative "
                               "extent or more elements than a 64-bit count holds");
  }
}
