//===- PoolOps.cpp - Shape inference of the 1-D and 2-D poolings ----------===//

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

/// Keras's MaxPooling1D and AveragePooling1D: the 2-D rule along the steps.
template <typename AdaptorT>
static LogicalResult inferPool1DType(MLIRContext *context, std::optional<Location> location,
                                     StringRef op, AdaptorT &adaptor,
                                     SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto x = checkTensor(location, op, adaptor.getX(),
                       {"input", 3, 3, "(batch, steps, channels)"});
  if (failed(x) || failed(checkPositiveSingle(location, op, "pool", adaptor.getPool())) ||
      failed(checkPositiveSingle(location, op, "strides", adaptor.getStrides())))
    return failure();
  if (adaptor.getPadding() == Padding::causal)
    return emitOptionalError(location, op, " padding must be 'valid' or 'same', got 'causal'");

  ArrayRef<int64_t> in = x->getShape();
  const int64_t noDilation[] = {1};
  auto length = inferWindowOutputSize(location, "pool", in.slice(1, 1), adaptor.getPool(),
                                      adaptor.getStrides(), noDilation,
                                      adaptor.getPadding());
  if (failed(length))
    return failure();
  inferredReturnTypes.push_back(getF32Tensor(context, {in[0], (*length)[0], in[2]}));
  return success();
}

LogicalResult MaxPool1DOp::inferReturnTypes(MLIRContext *context,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferredReturnTypes) {
  return inferPool1DType(context, location, "maxpool1d", adaptor, inferredReturnTypes);
}

LogicalResult AvgPool1DOp::inferReturnTypes(MLIRContext *context,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferredReturnTypes) {
  return inferPool1DType(context, location, "avgpool1d", adaptor, inferredReturnTypes);
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

/// A sequence is an image one pixel wide (the adjoint sees it so too).
static SpatialFootprint getPool1DFootprint(ArrayRef<int64_t> pool,
                                           ArrayRef<int64_t> strides) {
  int64_t taps[] = {pool[0], 1}, steps[] = {strides[0], 1};
  return SpatialFootprint::window(taps, steps);
}
SpatialFootprint MaxPool1DOp::getSpatialFootprint() {
  return getPool1DFootprint(getPool(), getStrides());
}
SpatialFootprint AvgPool1DOp::getSpatialFootprint() {
  return getPool1DFootprint(getPool(), getStrides());
}
