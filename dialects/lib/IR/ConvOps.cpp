//===- ConvOps.cpp - Shape inference of the convolutions ------------------===//

#include "TensorChecks.h"

#include "nn/IR/NNOps.h"
#include "nn/IR/ShapeArithmetic.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::inference;

static constexpr StringLiteral kImageLayout = "(batch, height, width, channels)";
static constexpr StringLiteral kSequenceLayout = "(batch, steps, channels)";

LogicalResult Conv2DOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto x = checkTensor(location, "conv2d", adaptor.getX(), {"input", 4, 4, kImageLayout});
  if (failed(x))
    return failure();
  auto kernel = checkTensor(location, "conv2d", adaptor.getKernel(),
                            {"kernel", 4, 4, "(height, width, input channels, filters)",
                             /*batched=*/false});
  if (failed(kernel) ||
      failed(checkPositivePair(location, "conv2d", "strides", adaptor.getStrides())) ||
      failed(checkPositivePair(location, "conv2d", "dilation", adaptor.getDilation())))
    return failure();

  ArrayRef<int64_t> in = x->getShape(), k = kernel->getShape();
  if (k[2] != in[3])
    return emitOptionalError(location, "conv2d kernel ", formatShape(k), " expects ",
                             k[2], " input channels but the input ", formatShape(in),
                             " has ", in[3]);
  int64_t filters = k[3];
  if (failed(checkBias(location, "conv2d", adaptor.getBias(), filters, "filters")))
    return failure();

  auto spatial = inferWindowOutputSize(location, "kernel", in.slice(1, 2), k.take_front(2),
                                       adaptor.getStrides(), adaptor.getDilation(),
                                       adaptor.getPadding());
  if (failed(spatial))
    return failure();
  inferredReturnTypes.push_back(
      getF32Tensor(context, {in[0], (*spatial)[0], (*spatial)[1], filters}));
  return success();
}

LogicalResult Conv1DOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto x = checkTensor(location, "conv1d", adaptor.getX(), {"input", 3, 3, kSequenceLayout});
  if (failed(x))
    return failure();
  auto kernel = checkTensor(location, "conv1d", adaptor.getKernel(),
                            {"kernel", 3, 3, "(length, input channels, filters)",
                             /*batched=*/false});
  if (failed(kernel) ||
      failed(checkPositiveSingle(location, "conv1d", "strides", adaptor.getStrides())) ||
      failed(checkPositiveSingle(location, "conv1d", "dilation", adaptor.getDilation())))
    return failure();

  ArrayRef<int64_t> in = x->getShape(), k = kernel->getShape();
  if (k[1] != in[2])
    return emitOptionalError(location, "conv1d kernel ", formatShape(k), " expects ",
                             k[1], " input channels but the input ", formatShape(in),
                             " has ", in[2]);
  int64_t filters = k[2];
  if (failed(checkBias(location, "conv1d", adaptor.getBias(), filters, "filters")))
    return failure();

  auto length = inferWindowOutputSize(location, "kernel", in.slice(1, 1), k.take_front(1),
                                      adaptor.getStrides(), adaptor.getDilation(),
                                      adaptor.getPadding());
  if (failed(length))
    return failure();
  inferredReturnTypes.push_back(getF32Tensor(context, {in[0], (*length)[0], filters}));
  return success();
}

LogicalResult
Conv2DTransposeOp::inferReturnTypes(MLIRContext *context,
                                    std::optional<Location> location, Adaptor adaptor,
                                    SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto x = checkTensor(location, "conv2d_transpose", adaptor.getX(),
                       {"input", 4, 4, kImageLayout});
  if (failed(x))
    return failure();
  // Keras keeps the kernel of the convolution this op is the transpose of.
  auto kernel = checkTensor(location, "conv2d_transpose", adaptor.getKernel(),
                            {"kernel", 4, 4, "(height, width, filters, input channels)",
                             /*batched=*/false});
  if (failed(kernel) || failed(checkPositivePair(location, "conv2d_transpose", "strides",
                                                 adaptor.getStrides())))
    return failure();

  ArrayRef<int64_t> in = x->getShape(), k = kernel->getShape();
  if (k[3] != in[3])
    return emitOptionalError(location, "conv2d_transpose kernel ", formatShape(k),
                             " expects ", k[3], " input channels but the input ",
                             formatShape(in), " has ", in[3]);
  int64_t filters = k[2];
  if (failed(checkBias(location, "conv2d_transpose", adaptor.getBias(), filters,
                       "filters")))
    return failure();

  ArrayRef<int64_t> strides = adaptor.getStrides();
  Padding padding = adaptor.getPadding();
  if (padding == Padding::causal)
    return emitOptionalError(location, "conv2d_transpose padding must be 'valid' or "
                                       "'same', got 'causal'");
  inferredReturnTypes.push_back(getF32Tensor(
      context, {in[0], getTransposedOutputLength(in[1], k[0], strides[0], padding),
                getTransposedOutputLength(in[2], k[1], strides[1], padding), filters}));
  return success();
}

//===----------------------------------------------------------------------===//
// Spatial footprints
//===----------------------------------------------------------------------===//

SpatialFootprint Conv2DOp::getSpatialFootprint() {
  auto kernel = llvm::cast<RankedTensorType>(getKernel().getType()).getShape();
  ArrayRef<int64_t> dilation = getDilation();
  int64_t taps[] = {(kernel[0] - 1) * dilation[0] + 1, (kernel[1] - 1) * dilation[1] + 1};
  return SpatialFootprint::window(taps, getStrides());
}

/// A sequence is an image one pixel wide (the adjoint sees it so too).
SpatialFootprint Conv1DOp::getSpatialFootprint() {
  int64_t length = llvm::cast<RankedTensorType>(getKernel().getType()).getDimSize(0);
  int64_t taps[] = {getDilatedKernelSize(length, getDilation()[0]), 1};
  int64_t steps[] = {getStrides()[0], 1};
  return SpatialFootprint::window(taps, steps);
}

SpatialFootprint Conv2DTransposeOp::getSpatialFootprint() {
  auto kernel = llvm::cast<RankedTensorType>(getKernel().getType()).getShape();
  return SpatialFootprint::upsample(kernel.take_front(2), getStrides());
}
