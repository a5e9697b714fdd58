//===- DenseOp.cpp - Shape inference of nn.dense --------------------------===//

#include "TensorChecks.h"

#include "nn/IR/NNOps.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::inference;

LogicalResult DenseOp::inferReturnTypes(MLIRContext *context,
                                        std::optional<Location> location,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto x = checkTensor(location, "dense", adaptor.getX(),
                       {"input", /*rank=*/-1, /*minRank=*/2, "(batch, ..., features)"});
  if (failed(x))
    return failure();
  auto kernel = checkTensor(location, "dense", adaptor.getKernel(),
                            {"kernel", 2, 2, "(input features, units)", false});
  if (failed(kernel))
    return failure();

  int64_t features = x->getShape().back();
  int64_t kernelInputs = kernel->getDimSize(0);
  int64_t units = kernel->getDimSize(1);
  if (kernelInputs != features)
    return emitOptionalError(location, "dense kernel ", formatShape(kernel->getShape()),
                             " expects ", kernelInputs,
                             " input features but the input ",
                             formatShape(x->getShape()), " has ", features);
  if (failed(checkBias(location, "dense", adaptor.getBias(), units, "units")))
    return failure();

  SmallVector<int64_t> shape(x->getShape());
  shape.back() = units;
  inferredReturnTypes.push_back(getF32Tensor(context, shape));
  return success();
}

/// On an image, dense acts on each pixel's channels.
SpatialFootprint DenseOp::getSpatialFootprint() { return SpatialFootprint::pointwise(); }
