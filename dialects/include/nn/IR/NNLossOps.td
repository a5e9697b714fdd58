//===- NNLossOps.td - Keras losses and their gradients -----*- tablegen -*-===//
//
// A loss reduces a batch of predictions and targets to one number (a 0-d
// tensor), with Keras's reduction: the mean over the batch (and over every
// other position). Its `_grad` op is the gradient with respect to `pred` of
// that number (the upstream gradient of a loss is 1), so it has pred's shape.
//
//===----------------------------------------------------------------------===//

#ifndef NN_LOSS_OPS_TD
#define NN_LOSS_OPS_TD

include "nn/IR/NNBase.td"

/// A loss of `pred` against a `target` of the same shape.
class NN_PairLossOp<string mnemonic, string formula, dag extraArgs = (ins)>
    : NN_Op<mnemonic> {
  let arguments = !con((ins NN_Tensor:$pred, NN_Tensor:$target), extraArgs,
                       (ins StrAttr:$name));
  let assemblyFormat = "$pred `,` $target attr-dict `:` functional-type(operands, results)";
  let description = formula;
}

defvar NN_FromLogits = (ins DefaultValuedAttr<BoolAttr, "false">:$from_logits);

defvar NN_BinaryCrossentropyFormula = [{
  Keras binary_crossentropy: the mean over all elements of
  -(t log p + (1 - t) log(1 - p)) with p clipped to [1e-7, 1 - 1e-7]; with
  `from_logits`, the stable form max(x, 0) - x t + log(1 + exp(-|x|)).
  The gradient is 0 where the clip is active.
}];

def NN_BinaryCrossentropyOp
    : NN_PairLossOp<"binary_crossentropy", NN_BinaryCrossentropyFormula, NN_FromLogits> {
  let summary = "Keras binary cross-entropy, mean over all elements";
  let results = (outs NN_Scalar:$loss);
}
def NN_BinaryCrossentropyGradOp
    : NN_PairLossOp<"binary_crossentropy_grad", NN_BinaryCrossentropyFormula,
                    NN_FromLogits> {
  let summary = "Gradient of nn.binary_crossentropy with respect to pred";
  let results = (outs NN_Tensor:$dpred);
}

defvar NN_MeanSquaredErrorFormula = [{
  Keras mean_squared_error: the mean over all elements of (p - t)^2.
}];

def NN_MeanSquaredErrorOp
    : NN_PairLossOp<"mean_squared_error", NN_MeanSquaredErrorFormula> {
  let summary = "Keras mean squared error, mean over all elements";
  let results = (outs NN_Scalar:$loss);
}
def NN_MeanSquaredErrorGradOp
    : NN_PairLossOp<"mean_squared_error_grad", NN_MeanSquaredErrorFormula> {
  let summary = "Gradient of nn.mean_squared_error with respect to pred";
  let results = (outs NN_Tensor:$dpred);
}

defvar NN_CategoricalCrossentropyFormula = [{
  Keras categorical_crossentropy over the last axis (the classes):
  -sum(t log p), p clipped to [1e-7, 1 - 1e-7] after renormalising over the
  classes as Keras does; with `from_logits`, -sum(t log_softmax(x)). Summed
  over the classes, then the mean over every other position.
}];

def NN_CategoricalCrossentropyOp
    : NN_PairLossOp<"categorical_crossentropy", NN_CategoricalCrossentropyFormula,
                    NN_FromLogits> {
  let summary = "Keras categorical cross-entropy (one-hot targets)";
  let results = (outs NN_Scalar:$loss);
}
def NN_CategoricalCrossentropyGradOp
    : NN_PairLossOp<"categorical_crossentropy_grad", NN_CategoricalCrossentropyFormula,
                    NN_FromLogits> {
  let summary = "Gradient of nn.categorical_crossentropy with respect to pred";
  let results = (outs NN_Tensor:$dpred);
}

/// Sparse categorical cross-entropy: `labels` hold class indices (as f32)
/// and have pred's shape without its last axis.
class NN_SparseLossOp<string mnemonic> : NN_Op<mnemonic> {
  let description = [{
    Keras sparse_categorical_crossentropy: -log p[label] over the last axis
    (the classes) of `pred`, averaged over every position whose label is not
    `ignore_index` (all positions when the attribute is absent). With
    `from_logits`, -log_softmax(x)[label].
  }];
  let arguments = (ins NN_Tensor:$pred, NN_Tensor:$labels,
                       DefaultValuedAttr<BoolAttr, "false">:$from_logits,
                       OptionalAttr<I64Attr>:$ignore_index, StrAttr:$name);
  let assemblyFormat = "$pred `,` $labels attr-dict `:` functional-type(operands, results)";
}

def NN_SparseCategoricalCrossentropyOp
    : NN_SparseLossOp<"sparse_categorical_crossentropy"> {
  let summary = "Keras sparse categorical cross-entropy (class-index labels)";
  let results = (outs NN_Scalar:$loss);
}
def NN_SparseCategoricalCrossentropyGradOp
    : NN_SparseLossOp<"sparse_categorical_crossentropy_grad"> {
  let summary = "Gradient of nn.sparse_categorical_crossentropy with respect to pred";
  let results = (outs NN_Tensor:$dpred);
}

#endif // NN_LOSS_OPS_TD
