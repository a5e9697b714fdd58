//===- UnpoolAdjoints.cpp - Adjoints of the zero-filling upsamplings ------===//
//
// Both ops place each input value at one output cell, so their gradient reads
// the upstream gradient back at that cell.
//
//===----------------------------------------------------------------------===//

#include "AdjointBuilders.h"

#include "nn/IR/NNOps.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::adjoint;

SmallVector<Value> BedOfNailsUpsample2DOp::buildAdjoint(OpBuilder &builder,
                                                        Value resultGradient) {
  return {builder.create<BedOfNailsUpsample2DGradOp>(getLoc(), resultGradient, getSize(),
                                                     getGradientName(*this, "dx"))};
}

/// The argmax positions are piecewise constant in the pool input: no gradient
/// flows to it through this op (it gets its gradient from its other uses).
SmallVector<Value> MaxUnpool2DOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  Value dvalue = builder.create<MaxUnpool2DGradOp>(getLoc(), getPoolInput(), resultGradient,
                                                   getPool(), getStrides(), getPadding(),
                                                   getGradientName(*this, "dvalue"));
  return {dvalue, Value()};
}
