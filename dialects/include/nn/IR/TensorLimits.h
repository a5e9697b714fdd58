//===- TensorLimits.h - The largest tensors nnc generates code for -*- C++ -*-===//
//
// Every tensor of a model becomes a Halide buffer: a pipeline's input or
// output, or an allocation inside a fused pipeline, as fusion decides. Halide
// 14 (without the LargeBuffers target feature, which nnc never sets) refuses
// at run time an input or output of more than 2^31 - 1 elements
// (halide_error_buffer_allocation_too_large / _extents_too_large) and an
// allocation of more than 2^31 - 1 bytes; the byte bound, the stricter one,
// holds for every tensor, so that no model builds that cannot run. The
// runtime views tensors as halide_buffer_t of at most 8 axes.
//
// Sizes count one sample: dynamic dimensions (the batch) count as 1. Keeping
// a whole batch within the bound is the runtime's business; a single sample
// must fit. Checked with overflow-safe arithmetic, so no shape written in a
// model can wrap around.
//
//===----------------------------------------------------------------------===//

#ifndef NN_IR_TENSORLIMITS_H
#define NN_IR_TENSORLIMITS_H

#include "mlir/IR/Location.h"
#include "mlir/IR/OpDefinition.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/Twine.h"

#include <cstdint>
#include <limits>
#include <optional>

namespace nnc::nn {

/// Halide's Target::maximum_buffer_size() without LargeBuffers: bytes of one
/// tensor (of one sample of a batched tensor).
inline constexpr int64_t kMaxTensorBytes = std::numeric_limits<int32_t>::max();

/// f32 values of one tensor: 536,870,911. Also bounds every axis, and every
/// window, stride and upsampling factor, so that index arithmetic in the
/// generated code (32-bit) and in shape inference (64-bit) cannot overflow.
inline constexpr int64_t kMaxTensorElements = kMaxTensorBytes / sizeof(float);

/// Axes of a tensor, the batch included: the runtime's
/// nncrt::HalideBufferView::kMaxRank (nnc.cpp asserts they agree).
inline constexpr int64_t kMaxTensorRank = 8;

/// Elements of `shape` with its dynamic dimensions counted as 1; nullopt when
/// the product overflows int64_t.
std::optional<int64_t> getStaticElementCount(llvm::ArrayRef<int64_t> shape);

/// Whether a tensor of `shape` fits the limits above. If not, and a location
/// is given, reports there, in Keras terms: "dense_1 kernel (100000, 100000)
/// holds 10000000000 values (40000000000 bytes), more than the 536870911 f32
/// values (2 GiB, Halide's buffer limit) of one tensor". `what` names the
/// tensor ("input 'x'", "dense_1 kernel", "conv2d_1 output").
mlir::LogicalResult checkTensorLimits(std::optional<mlir::Location> location,
                                      const llvm::Twine &what,
                                      llvm::ArrayRef<int64_t> shape);

/// checkTensorLimits on each ranked tensor result of `op`, named after its
/// layer (the op's `name` attribute).
mlir::LogicalResult verifyResultLimits(mlir::Operation *op);

namespace OpTrait {

/// Every nn op's results fit the code nnc generates (see above); operands
/// are checked by the ops' type inference, which names their roles. Verified
/// with the regions, as InferTypeOpInterface is, and after it: an operand or
/// attribute beyond the limits is reported in the op's terms first.
template <typename ConcreteType>
class ResultsWithinTensorLimits
    : public mlir::OpTrait::TraitBase<ConcreteType, ResultsWithinTensorLimits> {
public:
  static mlir::LogicalResult verifyRegionTrait(mlir::Operation *op) {
    return verifyResultLimits(op);
  }
};

} // namespace OpTrait
} // namespace nnc::nn

#endif // NN_IR_TENSORLIMITS_H
