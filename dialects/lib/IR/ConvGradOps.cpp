//===- ConvGradOps.cpp - Shapes of the convolutions' gradients ------------===//
//
// The forward shapes are recomputed from the stated sizes (input_size,
// kernel_size) so that a gradient op can only exist for a forward op that
// could: its dpre must have the forward result's spatial size.
//
//===----------------------------------------------------------------------===//

#include "TensorChecks.h"

#include "nn/IR/NNOps.h"
#include "nn/IR/ShapeArithmetic.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::inference;

static constexpr StringLiteral kImageLayout = "(batch, height, width, channels)";

/// dpre's height and width must be the forward output's.
static LogicalResult checkForwardOutput(std::optional<Location> location, StringRef op,
                                        ArrayRef<int64_t> inputSize,
                                        ArrayRef<int64_t> expected,
                                        RankedTensorType dpre) {
  ArrayRef<int64_t> got = dpre.getShape().slice(1, 2);
  if (got[0] == expected[0] && got[1] == expected[1])
    return success();
  return emitOptionalError(location, op, ": the forward input ", inputSize[0], "x",
                           inputSize[1], " gives a ", expected[0], "x", expected[1],
                           " output but the gradient dpre is ", got[0], "x", got[1]);
}

static LogicalResult checkChannels(std::optional<Location> location, StringRef op,
                                   StringRef what, int64_t expected, StringRef whose,
                                   int64_t got) {
  if (expected == got)
    return success();
  return emitOptionalError(location, op, ": ", what, " has ", expected, " ", whose,
                           " but got ", got);
}

//===----------------------------------------------------------------------===//
// Conv2DGradInputOp, Conv2DGradKernelOp
//===----------------------------------------------------------------------===//

LogicalResult
Conv2DGradInputOp::inferReturnTypes(MLIRContext *context, std::optional<Location> location,
                                    Adaptor adaptor,
                                    SmallVectorImpl<Type> &inferredReturnTypes) {
  StringRef op = "conv2d_grad_input";
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto dpre = checkTensor(location, op, adaptor.getDpre(), {"gradient dpre", 4, 4, kImageLayout});
  auto kernel = checkTensor(location, op, adaptor.getKernel(),
                            {"kernel", 4, 4, "(height, width, input channels, filters)", false});
  if (failed(dpre) || failed(kernel) ||
      failed(checkPositivePair(location, op, "strides", adaptor.getStrides())) ||
      failed(checkPositivePair(location, op, "dilation", adaptor.getDilation())) ||
      failed(checkPositivePair(location, op, "input_size", adaptor.getInputSize())))
    return failure();
  ArrayRef<int64_t> k = kernel->getShape();
  if (failed(checkChannels(location, op, "the kernel", k[3], "filters", dpre->getDimSize(3))))
    return failure();
  auto forward = inferWindowOutputSize(location, "kernel", adaptor.getInputSize(),
                                       k.take_front(2), adaptor.getStrides(),
                                       adaptor.getDilation(), adaptor.getPadding());
  if (failed(forward) ||
      failed(checkForwardOutput(location, op, adaptor.getInputSize(), *forward, *dpre)))
    return failure();
  ArrayRef<int64_t> size = adaptor.getInputSize();
  inferredReturnTypes.push_back(
      getF32Tensor(context, {dpre->getDimSize(0), size[0], size[1], k[2]}));
  return success();
}

LogicalResult
Conv2DGradKernelOp::inferReturnTypes(MLIRContext *context, std::optional<Location> location,
                                     Adaptor adaptor,
                                     SmallVectorImpl<Type> &inferredReturnTypes) {
  StringRef op = "conv2d_grad_kernel";
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto x = checkTensor(location, op, adaptor.getX(), {"input", 4, 4, kImageLayout});
  auto dpre = checkTensor(location, op, adaptor.getDpre(), {"gradient dpre", 4, 4, kImageLayout});
  if (failed(x) || failed(dpre) ||
      failed(checkPositivePair(location, op, "strides", adaptor.getStrides())) ||
      failed(checkPositivePair(location, op, "dilation", adaptor.getDilation())) ||
      failed(checkPositivePair(location, op, "kernel_size", adaptor.getKernelSize())))
    return failure();
  ArrayRef<int64_t> in = x->getShape();
  auto forward = inferWindowOutputSize(location, "kernel", in.slice(1, 2),
                                       adaptor.getKernelSize(), adaptor.getStrides(),
                                       adaptor.getDilation(), adaptor.getPadding());
  if (failed(forward) ||
      failed(checkForwardOutput(location, op, in.slice(1, 2), *forward, *dpre)))
    return failure();
  ArrayRef<int64_t> size = adaptor.getKernelSize();
  inferredReturnTypes.push_back(
      getF32Tensor(context, {size[0], size[1], in[3], dpre->getDimSize(3)}));
  return success();
}

//===----------------------------------------------------------------------===//
// Conv2DTransposeGradInputOp, Conv2DTransposeGradKernelOp
//===----------------------------------------------------------------------===//

static std::array<int64_t, 2> getTransposedOutputSize(ArrayRef<int64_t> input,
                                                      ArrayRef<int64_t> kernel,
                                                      ArrayRef<int64_t> strides,
                                                      Padding padding) {
  return {getTransposedOutputLength(input[0], kernel[0], strides[0], padding),
          getTransposedOutputLength(input[1], kernel[1], strides[1], padding)};
}

LogicalResult Conv2DTransposeGradInputOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &inferredReturnTypes) {
  StringRef op = "conv2d_transpose_grad_input";
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto dpre = checkTensor(location, op, adaptor.getDpre(), {"gradient dpre", 4, 4, kImageLayout});
  auto kernel = checkTensor(location, op, adaptor.getKernel(),
                            {"kernel", 4, 4, "(height, width, filters, input channels)", false});
  if (failed(dpre) || failed(kernel) ||
      failed(checkPositivePair(location, op, "strides", adaptor.getStrides())) ||
      failed(checkPositivePair(location, op, "input_size", adaptor.getInputSize())))
    return failure();
  ArrayRef<int64_t> k = kernel->getShape();
  if (failed(checkChannels(location, op, "the kernel", k[2], "filters", dpre->getDimSize(3))))
    return failure();
  ArrayRef<int64_t> size = adaptor.getInputSize();
  if (failed(checkForwardOutput(
          location, op, size,
          getTransposedOutputSize(size, k.take_front(2), adaptor.getStrides(),
                                  adaptor.getPadding()),
          *dpre)))
    return failure();
  inferredReturnTypes.push_back(
      getF32Tensor(context, {dpre->getDimSize(0), size[0], size[1], k[3]}));
  return success();
}

LogicalResult Conv2DTransposeGradKernelOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &inferredReturnTypes) {
  StringRef op = "conv2d_transpose_grad_kernel";
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto x = checkTensor(location, op, adaptor.getX(), {"input", 4, 4, kImageLayout});
  auto dpre = checkTensor(location, op, adaptor.getDpre(), {"gradient dpre", 4, 4, kImageLayout});
  if (failed(x) || failed(dpre) ||
      failed(checkPositivePair(location, op, "strides", adaptor.getStrides())) ||
      failed(checkPositivePair(location, op, "kernel_size", adaptor.getKernelSize())))
    return failure();
  ArrayRef<int64_t> in = x->getShape(), size = adaptor.getKernelSize();
  if (failed(checkForwardOutput(location, op, in.slice(1, 2),
                                getTransposedOutputSize(in.slice(1, 2), size,
                                                        adaptor.getStrides(),
                                                        adaptor.getPadding()),
                                *dpre)))
    return failure();
  inferredReturnTypes.push_back(
      getF32Tensor(context, {size[0], size[1], dpre->getDimSize(3), in[3]}));
  return success();
}
