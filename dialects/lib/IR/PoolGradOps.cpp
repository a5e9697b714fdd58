//===- PoolGradOps.cpp - Shapes of the pooling and upsampling gradients ---===//

#include "TensorChecks.h"

#include "nn/IR/NNOps.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::inference;

static constexpr StringLiteral kImageLayout = "(batch, height, width, channels)";
static constexpr int64_t kNoDilation[] = {1, 1};

/// dy must have the shape the forward pooling of an [N, `inputSize`, C]
/// input has.
static LogicalResult checkPooledGradient(std::optional<Location> location, StringRef op,
                                         ArrayRef<int64_t> inputSize,
                                         ArrayRef<int64_t> pool, ArrayRef<int64_t> strides,
                                         Padding padding, RankedTensorType dy) {
  if (failed(checkPositivePair(location, op, "pool", pool)) ||
      failed(checkPositivePair(location, op, "strides", strides)))
    return failure();
  auto forward =
      inferWindowOutputSize(location, "pool", inputSize, pool, strides, kNoDilation, padding);
  if (failed(forward))
    return failure();
  ArrayRef<int64_t> got = dy.getShape().slice(1, 2);
  if (got[0] == (*forward)[0] && got[1] == (*forward)[1])
    return success();
  return emitOptionalError(location, op, ": the forward input ", inputSize[0], "x",
                           inputSize[1], " pools to ", (*forward)[0], "x", (*forward)[1],
                           " but the gradient dy is ", got[0], "x", got[1]);
}

/// Max and min pooling route the gradient through the forward input.
template <typename AdaptorT>
static LogicalResult inferExtremumPoolGradType(MLIRContext *context,
                                               std::optional<Location> location,
                                               StringRef op, AdaptorT &adaptor,
                                               SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto x = checkTensor(location, op, adaptor.getX(), {"input", 4, 4, kImageLayout});
  auto dy = checkTensor(location, op, adaptor.getDy(), {"gradient dy", 4, 4, kImageLayout});
  if (failed(x) || failed(dy))
    return failure();
  ArrayRef<int64_t> in = x->getShape();
  if (failed(checkPooledGradient(location, op, in.slice(1, 2), adaptor.getPool(),
                                 adaptor.getStrides(), adaptor.getPadding(), *dy)))
    return failure();
  if (dy->getDimSize(3) != in[3])
    return emitOptionalError(location, op, ": the gradient dy has ", dy->getDimSize(3),
                             " channels but the input has ", in[3]);
  inferredReturnTypes.push_back(*x);
  return success();
}

LogicalResult
MaxPool2DGradOp::inferReturnTypes(MLIRContext *context, std::optional<Location> location,
                                  Adaptor adaptor,
                                  SmallVectorImpl<Type> &inferredReturnTypes) {
  return inferExtremumPoolGradType(context, location, "max_pool2d_grad", adaptor,
                                   inferredReturnTypes);
}

LogicalResult
MinPool2DGradOp::inferReturnTypes(MLIRContext *context, std::optional<Location> location,
                                  Adaptor adaptor,
                                  SmallVectorImpl<Type> &inferredReturnTypes) {
  return inferExtremumPoolGradType(context, location, "min_pool2d_grad", adaptor,
                                   inferredReturnTypes);
}

LogicalResult
AvgPool2DGradOp::inferReturnTypes(MLIRContext *context, std::optional<Location> location,
                                  Adaptor adaptor,
                                  SmallVectorImpl<Type> &inferredReturnTypes) {
  StringRef op = "avg_pool2d_grad";
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto dy = checkTensor(location, op, adaptor.getDy(), {"gradient dy", 4, 4, kImageLayout});
  if (failed(dy) ||
      failed(checkPositivePair(location, op, "input_size", adaptor.getInputSize())) ||
      failed(checkPooledGradient(location, op, adaptor.getInputSize(), adaptor.getPool(),
                                 adaptor.getStrides(), adaptor.getPadding(), *dy)))
    return failure();
  ArrayRef<int64_t> size = adaptor.getInputSize();
  inferredReturnTypes.push_back(getF32Tensor(
      context, {dy->getDimSize(0), size[0], size[1], dy->getDimSize(3)}));
  return success();
}

LogicalResult
Upsample2DGradOp::inferReturnTypes(MLIRContext *context, std::optional<Location> location,
                                   Adaptor adaptor,
                                   SmallVectorImpl<Type> &inferredReturnTypes) {
  StringRef op = "upsample2d_grad";
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  return inferUpsampleGradType(context, location, op, adaptor.getDy(),
                               adaptor.getSize(), inferredReturnTypes);
}
