//===- PoolAdjoints.cpp - Adjoints of the poolings and of upsample2d ------===//

#include "AdjointBuilders.h"

#include "nn/IR/NNOps.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::adjoint;

// Max and min pooling find their winners again in the forward input.

SmallVector<Value> MaxPool2DOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  return {builder.create<MaxPool2DGradOp>(getLoc(), getX(), resultGradient, getPool(),
                                          getStrides(), getPadding(),
                                          getGradientName(*this, "dx"))};
}

SmallVector<Value> MinPool2DOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  return {builder.create<MinPool2DGradOp>(getLoc(), getX(), resultGradient, getPool(),
                                          getStrides(), getPadding(),
                                          getGradientName(*this, "dx"))};
}

SmallVector<Value> AvgPool2DOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  return {builder.create<AvgPool2DGradOp>(getLoc(), resultGradient, getPool(),
                                          getStrides(), getPadding(),
                                          getSpatialSize(getX().getType()),
                                          getGradientName(*this, "dx"))};
}

// The 1-D poolings use the 2-D gradients on the sequence seen as an image
// one pixel wide.

SmallVector<Value> MaxPool1DOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  int64_t pool[] = {getPool()[0], 1}, strides[] = {getStrides()[0], 1};
  Value dx = builder.create<MaxPool2DGradOp>(
      getLoc(), buildColumnImage(builder, *this, getX(), "x_image"),
      buildColumnImage(builder, *this, resultGradient, "dy_image"), pool, strides,
      getPadding(), getGradientName(*this, "dx_image"));
  return {buildReshape(builder, *this, dx, getX().getType().getShape(), "dx")};
}

SmallVector<Value> AvgPool1DOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  int64_t pool[] = {getPool()[0], 1}, strides[] = {getStrides()[0], 1};
  ArrayRef<int64_t> xShape = getX().getType().getShape();
  int64_t imageSize[] = {xShape[1], 1};
  Value dx = builder.create<AvgPool2DGradOp>(
      getLoc(), buildColumnImage(builder, *this, resultGradient, "dy_image"), pool, strides,
      getPadding(), imageSize, getGradientName(*this, "dx_image"));
  return {buildReshape(builder, *this, dx, xShape, "dx")};
}

SmallVector<Value> Upsample2DOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  return {builder.create<Upsample2DGradOp>(getLoc(), resultGradient, getSize(),
                                           getGradientName(*this, "dx"))};
}
