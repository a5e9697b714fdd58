//===- ElementwiseAdjoints.cpp - Adjoints of activations and add ----------===//

#include "AdjointBuilders.h"

#include "nn/IR/NNOps.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::adjoint;

SmallVector<Value> ReluOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  return {buildPreActivationGradient(builder, *this, getResult(), resultGradient,
                                     Activation::relu)};
}

SmallVector<Value> SigmoidOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  return {buildPreActivationGradient(builder, *this, getResult(), resultGradient,
                                     Activation::sigmoid)};
}

SmallVector<Value> TanhOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  return {buildPreActivationGradient(builder, *this, getResult(), resultGradient,
                                     Activation::tanh)};
}

SmallVector<Value> SoftmaxOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  return {buildPreActivationGradient(builder, *this, getResult(), resultGradient,
                                     Activation::softmax, getNormalizedAxis())};
}

/// A sum passes its gradient unchanged to both terms.
SmallVector<Value> AddOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  return {resultGradient, resultGradient};
}
