//===- ShapeArithmetic.cpp - Keras output lengths and axis rules ----------===//

#include "nn/IR/ShapeArithmetic.h"

#include "llvm/Support/MathExtras.h"

#include <algorithm>

using namespace nnc;

int64_t nn::getDilatedKernelSize(int64_t size, int64_t dilation) {
  return (size - 1) * dilation + 1;
}

std::optional<int64_t> nn::getWindowOutputLength(int64_t input, int64_t window,
                                                 int64_t stride, int64_t dilation,
                                                 Padding padding) {
  if (padding != Padding::valid) // 'causal' pads as much as 'same', all before
    return llvm::divideCeil(input, stride);
  int64_t extent = getDilatedKernelSize(window, dilation);
  if (extent > input)
    return std::nullopt;
  return (input - extent) / stride + 1;
}

int64_t nn::getWindowPaddingBefore(int64_t input, int64_t window, int64_t stride,
                                   int64_t dilation, Padding padding) {
  if (padding == Padding::valid)
    return 0;
  int64_t extent = getDilatedKernelSize(window, dilation);
  if (padding == Padding::causal)
    return extent - 1;
  int64_t output = llvm::divideCeil(input, stride);
  int64_t total = std::max<int64_t>((output - 1) * stride + extent - input, 0);
  return total / 2;
}

int64_t nn::getTransposedOutputLength(int64_t input, int64_t kernel, int64_t stride,
                                      Padding padding) {
  if (padding == Padding::same)
    return input * stride;
  return input * stride + std::max<int64_t>(kernel - stride, 0);
}

int64_t nn::getTransposedPaddingBefore(int64_t input, int64_t kernel, int64_t stride,
                                       Padding padding) {
  // Under 'same' the transposed convolution is the adjoint of a 'same'
  // convolution from H*s to H, whose total padding is max(k - s, 0).
  (void)input;
  if (padding == Padding::valid)
    return 0;
  return std::max<int64_t>(kernel - stride, 0) / 2;
}

std::optional<int64_t> nn::normalizeAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return std::nullopt;
  return axis < 0 ? axis + rank : axis;
}
