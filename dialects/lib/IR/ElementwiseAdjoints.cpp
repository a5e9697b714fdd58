//===- ElementwiseAdjoints.cpp - Adjoints of activations and add ----------===//

#include "AdjointBuilders.h"

#include "nn/IR/NNOps.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::adjoint;

SmallVector<Value> ActivationOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  Activation activation = getActivation();
  Value x = getActivationTraits(activation).gradientNeedsInput ? getX() : Value();
  return {builder.create<ActivationGradOp>(getLoc(), getResult(), resultGradient, x, activation,
                                           getAlphaAttr(), /*axis=*/-1,
                                           getGradientName(*this, "dpre"))};
}

SmallVector<Value> SoftmaxOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  return {buildPreActivationGradient(builder, *this, getResult(), resultGradient,
                                     Activation::softmax, getNormalizedAxis())};
}

/// A sum passes its gradient unchanged to both terms.
SmallVector<Value> AddOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  return {resultGradient, resultGradient};
}
