//===- AddOp.cpp - Shape inference of nn.add ------------------------------===//

#include "TensorChecks.h"

#include "nn/IR/NNOps.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::inference;

LogicalResult AddOp::inferReturnTypes(MLIRContext *context,
                                      std::optional<Location> location, Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  // Parameters' gradients have no batch (any dimension may be static), and
  // the losses of a model with several outputs are scalars.
  auto a = checkTensor(location, "add", adaptor.getA(), {"first operand", -1, 0});
  auto b = checkTensor(location, "add", adaptor.getB(), {"second operand", -1, 0});
  if (failed(a) || failed(b))
    return failure();
  auto shape = matchShapes(location, "add", "second operand", *b, "first operand", *a);
  if (failed(shape))
    return failure();
  inferredReturnTypes.push_back(getF32Tensor(context, *shape));
  return success();
}

SpatialFootprint AddOp::getSpatialFootprint() { return SpatialFootprint::widest(); }
