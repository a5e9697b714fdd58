//===- UpsampleOp.cpp - Shape inference of nn.upsample2d ------------------===//

#include "TensorChecks.h"

#include "nn/IR/NNOps.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::inference;

LogicalResult Upsample2DOp::inferReturnTypes(MLIRContext *context,
                                             std::optional<Location> location,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto x = checkTensor(location, "upsample2d", adaptor.getX(),
                       {"input", 4, 4, "(batch, height, width, channels)"});
  if (failed(x) ||
      failed(checkPositivePair(location, "upsample2d", "size", adaptor.getSize())))
    return failure();
  ArrayRef<int64_t> in = x->getShape(), size = adaptor.getSize();
  inferredReturnTypes.push_back(
      getF32Tensor(context, {in[0], in[1] * size[0], in[2] * size[1], in[3]}));
  return success();
}

/// Each output pixel is one input pixel, their spacing divided by `size`.
SpatialFootprint Upsample2DOp::getSpatialFootprint() {
  const int64_t one[] = {1, 1};
  return SpatialFootprint::upsample(one, getSize());
}
