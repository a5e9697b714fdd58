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

SmallVector<Value> Upsample2DOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  return {builder.create<Upsample2DGradOp>(getLoc(), resultGradient, getSize(),
                                           getGradientName(*this, "dx"))};
}
