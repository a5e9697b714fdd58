//===- LayerAdjoints.cpp - Adjoints of dense, conv2d, conv2d_transpose ----===//
//
// A layer is activation(sum + bias): the gradient first goes back through
// the activation (from the layer's output), then to the input, the kernel
// and the bias.
//
//===----------------------------------------------------------------------===//

#include "AdjointBuilders.h"

#include "nn/IR/NNOps.h"

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
