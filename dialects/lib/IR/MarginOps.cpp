//===- MarginOps.cpp - ZeroPadding2D and Cropping2D: shapes and adjoints --===//
//
// Padding and cropping by the same margins undo each other, so each op's
// adjoint is the other one.
//
//===----------------------------------------------------------------------===//

#include "AdjointBuilders.h"
#include "TensorChecks.h"

#include "nn/IR/NNOps.h"

#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::inference;

/// [N, H + sign (top + bottom), W + sign (left + right), C], checked.
template <typename AdaptorT>
static LogicalResult inferMarginsType(MLIRContext *context, std::optional<Location> location,
                                      StringRef op, AdaptorT &adaptor, int64_t sign,
                                      SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  ArrayRef<int64_t> margins = adaptor.getMargins();
  if (margins.size() != 4 || llvm::any_of(margins, [](int64_t m) { return m < 0; }))
    return emitOptionalError(location, op,
                             " margins must be 4 non-negative integers [top, bottom, left, "
                             "right], got ",
                             formatList(margins));
  auto x = checkTensor(location, op, adaptor.getX(),
                       {"input", 4, 1, "(batch, height, width, channels)"});
  if (failed(x))
    return failure();
  SmallVector<int64_t> shape(x->getShape());
  for (int axis = 0; axis < 2; ++axis) {
    std::optional<int64_t> size = llvm::checkedAdd<int64_t>(shape[axis + 1], margins[2 * axis]);
    if (size)
      size = llvm::checkedAdd<int64_t>(*size, margins[2 * axis + 1]);
    if (sign > 0 && !size)
      return emitOptionalError(location, op, " margins overflow the image size");
    shape[axis + 1] = sign > 0 ? *size
                               : shape[axis + 1] - margins[2 * axis] - margins[2 * axis + 1];
    if (shape[axis + 1] <= 0)
      return emitOptionalError(location, op, " of ", margins[2 * axis], " and ",
                               margins[2 * axis + 1],
                               axis == 0 ? " rows leaves nothing of the input's height "
                                         : " columns leaves nothing of the input's width ",
                               x->getShape()[axis + 1]);
  }
  inferredReturnTypes.push_back(getF32Tensor(context, shape));
  return success();
}

LogicalResult ZeroPadding2DOp::inferReturnTypes(MLIRContext *context,
                                                std::optional<Location> location,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &inferredReturnTypes) {
  return inferMarginsType(context, location, "zero_padding2d", adaptor, +1,
                          inferredReturnTypes);
}

LogicalResult Cropping2DOp::inferReturnTypes(MLIRContext *context,
                                             std::optional<Location> location,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &inferredReturnTypes) {
  return inferMarginsType(context, location, "cropping2d", adaptor, -1, inferredReturnTypes);
}

// A pixel sees what the input pixel it copies saw (or nothing: a zero).
SpatialFootprint ZeroPadding2DOp::getSpatialFootprint() { return SpatialFootprint::pointwise(); }
SpatialFootprint Cropping2DOp::getSpatialFootprint() { return SpatialFootprint::pointwise(); }

SmallVector<Value> ZeroPadding2DOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  return {builder.create<Cropping2DOp>(getLoc(), resultGradient, getMargins(),
                                       adjoint::getGradientName(*this, "dx"))};
}

SmallVector<Value> Cropping2DOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  return {builder.create<ZeroPadding2DOp>(getLoc(), resultGradient, getMargins(),
                                          adjoint::getGradientName(*this, "dx"))};
}
