//===- ActivationOps.cpp - relu, sigmoid, tanh, softmax as layers ---------===//
//
// Activations keep the shape of their input.
//
//===----------------------------------------------------------------------===//

#include "TensorChecks.h"

#include "nn/IR/NNOps.h"
#include "nn/IR/ShapeArithmetic.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::inference;

template <typename AdaptorT>
static LogicalResult inferSameType(MLIRContext *context, std::optional<Location> location,
                                   StringRef op, AdaptorT &adaptor,
                                   SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto x = checkTensor(location, op, adaptor.getX(), {"input"});
  if (failed(x))
    return failure();
  inferredReturnTypes.push_back(*x);
  return success();
}

LogicalResult ReluOp::inferReturnTypes(MLIRContext *context,
                                       std::optional<Location> location, Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferredReturnTypes) {
  return inferSameType(context, location, "relu", adaptor, inferredReturnTypes);
}

LogicalResult SigmoidOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location> location,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferredReturnTypes) {
  return inferSameType(context, location, "sigmoid", adaptor, inferredReturnTypes);
}

LogicalResult TanhOp::inferReturnTypes(MLIRContext *context,
                                       std::optional<Location> location, Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferredReturnTypes) {
  return inferSameType(context, location, "tanh", adaptor, inferredReturnTypes);
}

int64_t SoftmaxOp::getNormalizedAxis() {
  return *normalizeAxis(getAxis(), getX().getType().getRank());
}

LogicalResult SoftmaxOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location> location,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(inferSameType(context, location, "softmax", adaptor, inferredReturnTypes)))
    return failure();
  auto rank = llvm::cast<RankedTensorType>(inferredReturnTypes.back()).getRank();
  if (failed(checkAxis(location, "softmax", adaptor.getAxis(), rank))) {
    inferredReturnTypes.pop_back();
    return failure();
  }
  return success();
}
