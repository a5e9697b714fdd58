//===- UnpoolOps.cpp - Shapes of bed-of-nails upsampling and max unpooling ===//

#include "TensorChecks.h"

#include "nn/IR/NNOps.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::inference;

static constexpr StringLiteral kImageLayout = "(batch, height, width, channels)";

LogicalResult BedOfNailsUpsample2DOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &inferredReturnTypes) {
  StringRef op = "upsample2d";
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto x = checkTensor(location, op, adaptor.getX(), {"input", 4, 4, kImageLayout});
  if (failed(x) || failed(checkPositivePair(location, op, "size", adaptor.getSize())))
    return failure();
  ArrayRef<int64_t> in = x->getShape(), size = adaptor.getSize();
  inferredReturnTypes.push_back(
      getF32Tensor(context, {in[0], in[1] * size[0], in[2] * size[1], in[3]}));
  return success();
}

LogicalResult BedOfNailsUpsample2DGradOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &inferredReturnTypes) {
  StringRef op = "bed_of_nails_upsample2d_grad";
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  return inferUpsampleGradType(context, location, op, adaptor.getDy(),
                               adaptor.getSize(), inferredReturnTypes);
}

/// The shape that max pooling `poolInput` with the op's pool, strides and
/// padding gives: [N, OH, OW, C].
template <typename AdaptorT>
static FailureOr<SmallVector<int64_t>> inferPooledShape(std::optional<Location> location,
                                                        StringRef op, AdaptorT &adaptor,
                                                        RankedTensorType poolInput) {
  if (failed(checkPositivePair(location, op, "pool", adaptor.getPool())) ||
      failed(checkPositivePair(location, op, "strides", adaptor.getStrides())))
    return failure();
  const int64_t noDilation[] = {1, 1};
  ArrayRef<int64_t> in = poolInput.getShape();
  auto spatial = inferWindowOutputSize(location, "pool", in.slice(1, 2), adaptor.getPool(),
                                       adaptor.getStrides(), noDilation,
                                       adaptor.getPadding());
  if (failed(spatial))
    return failure();
  return SmallVector<int64_t>{in[0], (*spatial)[0], (*spatial)[1], in[3]};
}

LogicalResult MaxUnpool2DOp::inferReturnTypes(MLIRContext *context,
                                              std::optional<Location> location,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &inferredReturnTypes) {
  StringRef op = "max_unpool2d";
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto value = checkTensor(location, op, adaptor.getValue(), {"value", 4, 4, kImageLayout});
  auto poolInput =
      checkTensor(location, op, adaptor.getPoolInput(), {"pool input", 4, 4, kImageLayout});
  if (failed(value) || failed(poolInput))
    return failure();
  auto pooled = inferPooledShape(location, op, adaptor, *poolInput);
  if (failed(pooled))
    return failure();
  if (value->getShape().drop_front() != ArrayRef<int64_t>(*pooled).drop_front())
    return emitOptionalError(location, op, ": the pool input ",
                             formatShape(poolInput->getShape()), " pools to ",
                             formatShape(*pooled), " but the value to unpool is ",
                             formatShape(value->getShape()));
  inferredReturnTypes.push_back(*poolInput);
  return success();
}

LogicalResult MaxUnpool2DGradOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &inferredReturnTypes) {
  StringRef op = "max_unpool2d_grad";
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto poolInput =
      checkTensor(location, op, adaptor.getPoolInput(), {"pool input", 4, 4, kImageLayout});
  auto dy = checkTensor(location, op, adaptor.getDy(), {"gradient dy", 4, 4, kImageLayout});
  if (failed(poolInput) || failed(dy))
    return failure();
  if (dy->getShape().drop_front() != poolInput->getShape().drop_front())
    return emitOptionalError(location, op, ": the gradient dy ",
                             formatShape(dy->getShape()),
                             " must have the pool input's shape ",
                             formatShape(poolInput->getShape()));
  auto pooled = inferPooledShape(location, op, adaptor, *poolInput);
  if (failed(pooled))
    return failure();
  (*pooled)[0] = dy->getDimSize(0);
  inferredReturnTypes.push_back(getF32Tensor(context, *pooled));
  return success();
}

//===----------------------------------------------------------------------===//
// Spatial footprints
//===----------------------------------------------------------------------===//

SpatialFootprint BedOfNailsUpsample2DOp::getSpatialFootprint() {
  const int64_t one[] = {1, 1};
  return SpatialFootprint::upsample(one, getSize());
}

/// The value's pixels go back over the pooling's windows (the pool input
/// only says where, and sees no more than the value did).
SpatialFootprint MaxUnpool2DOp::getSpatialFootprint() {
  return SpatialFootprint::upsample(getPool(), getStrides());
}
