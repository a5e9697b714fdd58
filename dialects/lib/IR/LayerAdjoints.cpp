//===- LayerAdjoints.cpp - Adjoints of dense and the convolutions ---------===//
//
// A layer is activation(sum + bias): the gradient first goes back through
// the activation (from the layer's output), then to the input, the kernel
// and the bias.
//
//===----------------------------------------------------------------------===//

#include "AdjointBuilders.h"

#include "nn/IR/NNOps.h"
#include "nn/IR/ShapeArithmetic.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::adjoint;

/// The bias gradient when the layer has a bias.
static Value buildBiasGradient(OpBuilder &builder, Operation *op, Value bias, Value dpre) {
  if (!bias)
    return {};
  return builder.create<BiasGradOp>(op->getLoc(), dpre, getGradientName(op, "dbias"));
}

SmallVector<Value> DenseOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  Location loc = getLoc();
  Value dpre = buildPreActivationGradient(builder, *this, getResult(), resultGradient,
                                          getActivation());
  Value dx = builder.create<DenseGradInputOp>(loc, dpre, getKernel(),
                                              getGradientName(*this, "dx"));
  Value dkernel = builder.create<DenseGradKernelOp>(loc, getX(), dpre,
                                                    getGradientName(*this, "dkernel"));
  SmallVector<Value> gradients = {dx, dkernel};
  if (getBias())
    gradients.push_back(buildBiasGradient(builder, *this, getBias(), dpre));
  return gradients;
}

SmallVector<Value> Conv2DOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  Location loc = getLoc();
  Value dpre = buildPreActivationGradient(builder, *this, getResult(), resultGradient,
                                          getActivation());
  Value dx = builder.create<Conv2DGradInputOp>(
      loc, dpre, getKernel(), getStrides(), getPadding(), getDilation(),
      getSpatialSize(getX().getType()), getGradientName(*this, "dx"));
  ArrayRef<int64_t> kernelShape = getKernel().getType().getShape();
  Value dkernel = builder.create<Conv2DGradKernelOp>(
      loc, getX(), dpre, getStrides(), getPadding(), getDilation(),
      kernelShape.take_front(2), getGradientName(*this, "dkernel"));
  SmallVector<Value> gradients = {dx, dkernel};
  if (getBias())
    gradients.push_back(buildBiasGradient(builder, *this, getBias(), dpre));
  return gradients;
}

/// The gradients of conv2d on the sequence seen as an image one pixel wide:
/// x [N, L, 1, C], kernel [K, 1, C, F]. 'causal' is 'valid' on x with its
/// (K - 1) * dilation leading zeros made explicit, cropped off dx again.
SmallVector<Value> Conv1DOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  Location loc = getLoc();
  Value dpre = buildPreActivationGradient(builder, *this, getResult(), resultGradient,
                                          getActivation());
  ArrayRef<int64_t> xShape = getX().getType().getShape();
  ArrayRef<int64_t> kernelShape = getKernel().getType().getShape();
  int64_t length = xShape[1], taps = kernelShape[0];
  int64_t strides[] = {getStrides()[0], 1}, dilation[] = {getDilation()[0], 1};
  Padding padding = getPadding();
  int64_t causalPadding = 0;
  if (padding == Padding::causal) {
    causalPadding = getWindowPaddingBefore(length, taps, strides[0], dilation[0], padding);
    padding = Padding::valid;
  }
  int64_t margins[] = {causalPadding, 0, 0, 0}; // top, bottom, left, right

  Value image = buildColumnImage(builder, *this, getX(), "x_image");
  if (causalPadding)
    image = builder.create<ZeroPadding2DOp>(loc, image, margins,
                                            getGradientName(*this, "x_padded"));
  Value dpreImage = buildColumnImage(builder, *this, dpre, "dpre_image");
  // Reshape keeps axis 0, here the kernel's taps: [K, C, F] -> [K, 1, C, F].
  Value kernelImage =
      buildReshape(builder, *this, getKernel(),
                   {taps, 1, kernelShape[1], kernelShape[2]}, "kernel_image");

  int64_t imageSize[] = {length + causalPadding, 1};
  Value dx = builder.create<Conv2DGradInputOp>(loc, dpreImage, kernelImage, strides, padding,
                                               dilation, imageSize,
                                               getGradientName(*this, "dx_image"));
  if (causalPadding)
    dx = builder.create<Cropping2DOp>(loc, dx, margins,
                                      getGradientName(*this, "dx_cropped"));
  dx = buildReshape(builder, *this, dx, xShape, "dx");

  int64_t kernelSize[] = {taps, 1};
  Value dkernel = builder.create<Conv2DGradKernelOp>(loc, image, dpreImage, strides, padding,
                                                     dilation, kernelSize,
                                                     getGradientName(*this, "dkernel_image"));
  dkernel = buildReshape(builder, *this, dkernel, kernelShape, "dkernel");
  SmallVector<Value> gradients = {dx, dkernel};
  if (getBias())
    gradients.push_back(buildBiasGradient(builder, *this, getBias(), dpre));
  return gradients;
}

SmallVector<Value> Conv2DTransposeOp::buildAdjoint(OpBuilder &builder,
                                                   Value resultGradient) {
  Location loc = getLoc();
  Value dpre = buildPreActivationGradient(builder, *this, getResult(), resultGradient,
                                          getActivation());
  Value dx = builder.create<Conv2DTransposeGradInputOp>(
      loc, dpre, getKernel(), getStrides(), getPadding(),
      getSpatialSize(getX().getType()), getGradientName(*this, "dx"));
  ArrayRef<int64_t> kernelShape = getKernel().getType().getShape();
  Value dkernel = builder.create<Conv2DTransposeGradKernelOp>(
      loc, getX(), dpre, getStrides(), getPadding(), kernelShape.take_front(2),
      getGradientName(*this, "dkernel"));
  SmallVector<Value> gradients = {dx, dkernel};
  if (getBias())
    gradients.push_back(buildBiasGradient(builder, *this, getBias(), dpre));
  return gradients;
}
