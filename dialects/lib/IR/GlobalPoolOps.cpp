//===- GlobalPoolOps.cpp - Keras's global poolings: shapes and adjoint ----===//

#include "AdjointBuilders.h"
#include "TensorChecks.h"

#include "nn/IR/NNOps.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::inference;

static StringRef layerName(GlobalPool kind, int64_t dimensions) {
  if (kind == GlobalPool::average)
    return dimensions == 1 ? "global_avgpool1d" : "global_avgpool2d";
  return dimensions == 1 ? "global_maxpool1d" : "global_maxpool2d";
}

LogicalResult GlobalPoolOp::inferReturnTypes(MLIRContext *context,
                                             std::optional<Location> location,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  int64_t dimensions = adaptor.getDimensions();
  if (dimensions != 1 && dimensions != 2)
    return emitOptionalError(location, "global_pool pools over 1 or 2 spatial axes, got ",
                             dimensions);
  StringRef op = layerName(adaptor.getKind(), dimensions);
  auto x = checkTensor(location, op, adaptor.getX(),
                       {"input", dimensions + 2, 1,
                        dimensions == 1 ? "(batch, steps, features)"
                                        : "(batch, height, width, channels)"});
  if (failed(x))
    return failure();
  inferredReturnTypes.push_back(
      getF32Tensor(context, {x->getShape().front(), x->getShape().back()}));
  return success();
}

StringRef GlobalPoolOp::getKerasClass() {
  if (getKind() == GlobalPool::average)
    return getDimensions() == 1 ? "GlobalAveragePooling1D" : "GlobalAveragePooling2D";
  return getDimensions() == 1 ? "GlobalMaxPooling1D" : "GlobalMaxPooling2D";
}

SmallVector<Value> GlobalPoolOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  return {builder.create<GlobalPoolGradOp>(getLoc(), getX(), getResult(), resultGradient,
                                           getKind(),
                                           adjoint::getGradientName(*this, "dx"))};
}

LogicalResult
GlobalPoolGradOp::inferReturnTypes(MLIRContext *context, std::optional<Location> location,
                                   Adaptor adaptor,
                                   SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto x = checkTensor(location, "global_pool_grad", adaptor.getX(), {"input", -1, 3});
  auto y = checkTensor(location, "global_pool_grad", adaptor.getY(), {"output y", 2});
  auto dy = checkTensor(location, "global_pool_grad", adaptor.getDy(), {"gradient dy", 2});
  if (failed(x) || failed(y) || failed(dy))
    return failure();
  auto pooled = getF32Tensor(context, {x->getShape().front(), x->getShape().back()});
  if (failed(matchShapes(location, "global_pool_grad", "output y", *y, "pooled input",
                         pooled)) ||
      failed(matchShapes(location, "global_pool_grad", "gradient dy", *dy, "output y", *y)))
    return failure();
  inferredReturnTypes.push_back(*x);
  return success();
}
