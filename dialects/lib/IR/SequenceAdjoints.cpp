//===- SequenceAdjoints.cpp - Adjoints of embedding and recurrent layers --===//
//
// An embedding's gradient is a scatter-add into its table (token indices
// have none). A recurrent layer's (LSTM, GRU, SimpleRNN) is one
// backpropagation through time, nn.lstm_grad, nn.gru_grad or
// nn.simple_rnn_grad, which gives the gradients of all its operands at once.
//
//===----------------------------------------------------------------------===//

#include "AdjointBuilders.h"

#include "nn/IR/NNOps.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::adjoint;

SmallVector<Value> EmbeddingOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  int64_t vocab = getTable().getType().getDimSize(0);
  Value dtable = builder.create<EmbeddingGradOp>(getLoc(), getTokens(), resultGradient,
                                                 vocab, getGradientName(*this, "dtable"));
  return {Value(), dtable};
}

/// `resultGradient` is the gradient of `output` (result 0): the nn-autodiff
/// pass refuses gradients that reach the final state.
SmallVector<Value> LSTMOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  auto grad = builder.create<LSTMGradOp>(
      getLoc(), getX(), getKernel(), getRecurrentKernel(), getBias(), getOutput(),
      resultGradient, getInitialState(), getReturnSequences(),
      getGradientName(*this, "grad"));
  SmallVector<Value> gradients = {grad.getDx(), grad.getDkernel(),
                                  grad.getDrecurrentKernel(), grad.getDbias()};
  if (!getInitialState().empty())
    gradients.append({grad.getDh0(), grad.getDc0()});
  return gradients;
}

/// The gradients of a recurrent op from its gradient op `grad`: x and the
/// weights, then the initial state's when the op has one.
template <typename GradOp>
static SmallVector<Value> recurrentGradients(GradOp grad, bool hasInitialState) {
  SmallVector<Value> gradients = {grad.getDx(), grad.getDkernel(),
                                  grad.getDrecurrentKernel(), grad.getDbias()};
  if (hasInitialState)
    gradients.push_back(grad.getDh0());
  return gradients;
}

SmallVector<Value> GRUOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  auto grad = builder.create<GRUGradOp>(getLoc(), getX(), getKernel(), getRecurrentKernel(),
                                        getBias(), getOutput(), resultGradient,
                                        getInitialState(), getReturnSequences(),
                                        getGradientName(*this, "grad"));
  return recurrentGradients(grad, !getInitialState().empty());
}

SmallVector<Value> SimpleRNNOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  auto grad = builder.create<SimpleRNNGradOp>(
      getLoc(), getX(), getKernel(), getRecurrentKernel(), getBias(), getOutput(),
      resultGradient, getInitialState(), getReturnSequences(),
      getGradientName(*this, "grad"));
  return recurrentGradients(grad, !getInitialState().empty());
}
