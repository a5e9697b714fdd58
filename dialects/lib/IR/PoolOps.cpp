//===- PoolOps.cpp - Shape inference of nn.{max,min,avg}_pool2d -----------===//

#include "TensorChecks.h"

#include "nn/IR/NNOps.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::inference;

/// The three poolings differ only in their reduction.
template <typename AdaptorT>
static LogicalResult inferPool2DType(MLIRContext *context, std::optional<Location> location,
                                     StringRef op, AdaptorT &adaptor,
                                     SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto x = checkTensor(location, op, adaptor.getX(),
                       {"input", 4, 4, "(batch, height, width, channels)"});
  if (failed(x) || failed(checkPositivePair(location, op, "pool", adaptor.getPool())) ||
      failed(checkPositivePair(location, op, "strides", adaptor.getStrides())))
    return failure();

  ArrayRef<int64_t> in = x->getShape();
  const int64_t noDilation[] = {1, 1};
  auto spatial = inferWindowOutputSize(location, "pool", in.slice(1, 2), adaptor.getPool(),
                                       adaptor.getStrides(), noDilation,
                                       adaptor.getPadding());
  if (failed(spatial))
    return failure();
  inferredReturnTypes.push_back(
      getF32Tensor(context, {in[0], (*spatial)[0], (*spatial)[1], in[3]}));
  return success();
}

LogicalResult MaxPool2DOp::inferReturnTypes(MLIRContext *context,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferredReturnTypes) {
  return inferPool2DType(context, location, "maxpool2d", adaptor, inferredReturnTypes);
}

LogicalResult MinPool2DOp::inferReturnTypes(MLIRContext *context,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferredReturnTypes) {
  return inferPool2DType(context, location, "minpool2d", adaptor, inferredReturnTypes);
}

LogicalResult AvgPool2DOp::inferReturnTypes(MLIRContext *context,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferredReturnTypes) {
  return inferPool2DType(context, location, "avgpool2d", adaptor, inferredReturnTypes);
}

SpatialFootprint MaxPool2DOp::getSpatialFootprint() {
  return SpatialFootprint::window(getPool(), getStrides());
}
SpatialFootprint MinPool2DOp::getSpatialFootprint() {
  return SpatialFootprint::window(getPool(), getStrides());
}
SpatialFootprint AvgPool2DOp::getSpatialFootprint() {
  return SpatialFootprint::window(getPool(), getStrides());
}
