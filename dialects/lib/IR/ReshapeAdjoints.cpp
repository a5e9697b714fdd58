//===- ReshapeAdjoints.cpp - Adjoints of the ops that only move elements --===//
//
// Reshapes keep the row-major order of the elements, so their adjoint is the
// reshape back; a reversal's is the same reversal; concat's is one slice per
// input.
//
//===----------------------------------------------------------------------===//

#include "AdjointBuilders.h"

#include "nn/IR/NNOps.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::adjoint;

/// `gradient` reshaped to the shape of `x` (whose batch stays the batch).
static Value buildReshapeBack(OpBuilder &builder, Operation *op, Value x, Value gradient) {
  ArrayRef<int64_t> shape = llvm::cast<RankedTensorType>(x.getType()).getShape();
  return builder.create<ReshapeOp>(op->getLoc(), gradient, shape.drop_front(),
                                   getGradientName(op, "dx"));
}

SmallVector<Value> FlattenOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  return {buildReshapeBack(builder, *this, getX(), resultGradient)};
}

SmallVector<Value> ReshapeOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  return {buildReshapeBack(builder, *this, getX(), resultGradient)};
}

SmallVector<Value> SqueezeOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  return {buildReshapeBack(builder, *this, getX(), resultGradient)};
}

SmallVector<Value> ReverseOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  return {builder.create<ReverseOp>(getLoc(), resultGradient, getAxis(),
                                    getGradientName(*this, "dx"))};
}

SmallVector<Value> ConcatOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  int64_t axis = getNormalizedAxis();
  int64_t offset = 0;
  SmallVector<Value> gradients;
  for (auto [index, input] : llvm::enumerate(getInputs())) {
    int64_t size = llvm::cast<RankedTensorType>(input.getType()).getDimSize(axis);
    gradients.push_back(builder.create<SliceOp>(
        getLoc(), resultGradient, axis, offset, size,
        getGradientName(*this, "dx" + std::to_string(index))));
    offset += size;
  }
  return gradients;
}
