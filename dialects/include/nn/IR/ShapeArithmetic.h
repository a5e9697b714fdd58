//===- ShapeArithmetic.h - Keras output lengths and axis rules --*- C++ -*-===//
//
// The one place that knows how long a layer's output is along one axis.
// Shape inference uses it, and so can code generation (padding amounts must
// agree with the inferred shapes). Formulas follow keras.utils.conv_utils.
// Arguments are at most kMaxTensorElements (TensorLimits.h; inference checks
// sizes and attributes before it calls these), so no result overflows.
//
//===----------------------------------------------------------------------===//

#ifndef NN_IR_SHAPEARITHMETIC_H
#define NN_IR_SHAPEARITHMETIC_H

#include "nn/IR/NNDialect.h"

#include <cstdint>
#include <optional>

namespace nnc::nn {

/// Extent of a kernel of `size` taps spread `dilation` apart: (size-1)*d + 1.
int64_t getDilatedKernelSize(int64_t size, int64_t dilation);

/// Output length of a sliding window (convolution or pooling) along one axis;
/// nullopt when the (dilated) window does not fit in the input under 'valid'.
/// 'valid': (input - dilatedWindow) / stride + 1. 'same' and 'causal':
/// ceil(input / stride).
std::optional<int64_t> getWindowOutputLength(int64_t input, int64_t window,
                                             int64_t stride, int64_t dilation,
                                             Padding padding);

/// Zeros (or ignored pixels, for pooling) before the first input element under
/// 'same', as TensorFlow pads: half the total padding, rounded down. 0 for
/// 'valid'; under 'causal' all of it, dilatedWindow - 1.
int64_t getWindowPaddingBefore(int64_t input, int64_t window, int64_t stride,
                               int64_t dilation, Padding padding);

/// Output length of a transposed convolution along one axis (Keras
/// deconv_output_length without output_padding): 'valid':
/// input * stride + max(kernel - stride, 0); 'same': input * stride.
int64_t getTransposedOutputLength(int64_t input, int64_t kernel, int64_t stride,
                                  Padding padding);

/// Cropping at the start of a transposed convolution's full output
/// ((input - 1) * stride + kernel long) to obtain the Keras output.
int64_t getTransposedPaddingBefore(int64_t input, int64_t kernel, int64_t stride,
                                   Padding padding);

/// `axis` in [-rank, rank) counted from the front; nullopt when out of range.
std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank);

} // namespace nnc::nn

#endif // NN_IR_SHAPEARITHMETIC_H
