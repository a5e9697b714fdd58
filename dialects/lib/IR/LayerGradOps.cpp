//===- LayerGradOps.cpp - Shapes of dense and bias gradients --------------===//

#include "TensorChecks.h"

#include "nn/IR/NNOps.h"
#include "nn/IR/ShapeArithmetic.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::inference;

//===----------------------------------------------------------------------===//
// DenseGradInputOp, DenseGradKernelOp, BiasGradOp
//===----------------------------------------------------------------------===//

LogicalResult
DenseGradInputOp::inferReturnTypes(MLIRContext *context, std::optional<Location> location,
                                   Adaptor adaptor,
                                   SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto dpre = checkTensor(location, "dense_grad_input", adaptor.getDpre(),
                          {"gradient dpre", -1, 2, "(batch, ..., units)"});
  auto kernel = checkTensor(location, "dense_grad_input", adaptor.getKernel(),
                            {"kernel", 2, 2, "(input features, units)", false});
  if (failed(dpre) || failed(kernel))
    return failure();
  if (kernel->getDimSize(1) != dpre->getShape().back())
    return emitOptionalError(location, "dense_grad_input kernel ",
                             formatShape(kernel->getShape()), " has ",
                             kernel->getDimSize(1), " units but the gradient dpre ",
                             formatShape(dpre->getShape()), " has ",
                             dpre->getShape().back());
  SmallVector<int64_t> shape(dpre->getShape());
  shape.back() = kernel->getDimSize(0);
  inferredReturnTypes.push_back(getF32Tensor(context, shape));
  return success();
}

LogicalResult
DenseGradKernelOp::inferReturnTypes(MLIRContext *context, std::optional<Location> location,
                                    Adaptor adaptor,
                                    SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto x = checkTensor(location, "dense_grad_kernel", adaptor.getX(),
                       {"input", -1, 2, "(batch, ..., features)"});
  auto dpre = checkTensor(location, "dense_grad_kernel", adaptor.getDpre(),
                          {"gradient dpre", -1, 2, "(batch, ..., units)"});
  if (failed(x) || failed(dpre))
    return failure();
  // x and dpre differ only in their last axis (features vs units).
  SmallVector<int64_t> leading(x->getShape().drop_back());
  leading.push_back(dpre->getShape().back());
  if (failed(matchShapes(location, "dense_grad_kernel", "gradient dpre", *dpre,
                         "input (with units last)", getF32Tensor(context, leading))))
    return failure();
  inferredReturnTypes.push_back(
      getF32Tensor(context, {x->getShape().back(), dpre->getShape().back()}));
  return success();
}

LogicalResult BiasGradOp::inferReturnTypes(MLIRContext *context,
                                           std::optional<Location> location,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto dpre = checkTensor(location, "bias_grad", adaptor.getDpre(),
                          {"gradient dpre", -1, 2, "(batch, ..., channels)"});
  if (failed(dpre))
    return failure();
  inferredReturnTypes.push_back(getF32Tensor(context, {dpre->getShape().back()}));
  return success();
}
