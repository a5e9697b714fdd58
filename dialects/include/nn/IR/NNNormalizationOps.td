//===- NNNormalizationOps.td - Batch and layer normalization -*- tablegen -*-===//
//
// Keras's BatchNormalization as ops whose composition autodiff differentiates:
// nn.batch_norm normalizes with the statistics it is given. A model holds it
// in inference mode, given the moving statistics (non-trainable parameters,
// `nn.trainable = false`); in training mode (nn-autodiff, through
// TrainingModeOpInterface) it is given the batch's statistics, nn.batch_mean
// and nn.batch_variance of its input, whose adjoints carry the gradient
// through them, and the moving statistics are updated by nn.moving_average,
// results of the gradient function.
//
//===----------------------------------------------------------------------===//

#ifndef NN_NORMALIZATION_OPS_TD
#define NN_NORMALIZATION_OPS_TD

def NN_BatchNormOp
    : NN_Op<"batch_norm", [NN_Differentiable, NN_KerasLayer<"BatchNormalization", 1>,
                           AttrSizedOperandSegments,
                           DeclareOpInterfaceMethods<NN_TrainingModeOpInterface>]> {
  let summary = "Keras BatchNormalization over the last axis (channels)";
  let description = [{
    y = (x - mean) / sqrt(variance + epsilon) * gamma + beta, per channel
    (the last axis); `gamma` and `beta` are absent without Keras's `scale`
    and `center`. In inference mode `mean` and `variance` are the moving
    statistics; nn-autodiff's training mode replaces them by the batch's
    and updates the moving ones with `momentum`:
    moving = moving * momentum + batch * (1 - momentum).
  }];
  let arguments = (ins NN_Tensor:$x, NN_Tensor:$mean, NN_Tensor:$variance,
                       Optional<NN_Tensor>:$gamma, Optional<NN_Tensor>:$beta,
                       F32Attr:$momentum, F32Attr:$epsilon, UnitAttr:$training,
                       StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $x `,` $mean `,` $variance (`gamma` $gamma^)? (`beta` $beta^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def NN_BatchMeanOp : NN_Op<"batch_mean", [NN_Differentiable]> {
  let summary = "The mean of each channel over the batch and every other axis";
  let description = [{
    `x` [N, ..., C] to [C]: BatchNormalization's batch mean.
  }];
  let arguments = (ins NN_Tensor:$x, StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$x attr-dict `:` functional-type(operands, results)";
}

def NN_BatchVarianceOp : NN_Op<"batch_variance", [NN_Differentiable]> {
  let summary = "The variance of each channel over the batch and every other axis";
  let description = [{
    mean of (x - mean)^2 over all axes but the last: the biased variance, as
    Keras (tf.nn.moments) takes it. `mean` is the batch mean of `x`, through
    which the adjoint passes no gradient (its share, a sum of x - mean, is
    zero; tf.nn.moments stops it too).
  }];
  let arguments = (ins NN_Tensor:$x, NN_Tensor:$mean, StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$x `,` $mean attr-dict `:` functional-type(operands, results)";
}

def NN_MovingAverageOp : NN_Op<"moving_average"> {
  let summary = "moving * momentum + value * (1 - momentum): a moving statistic's update";
  let arguments = (ins NN_Tensor:$moving, NN_Tensor:$value, F32Attr:$momentum,
                       StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$moving `,` $value attr-dict `:` functional-type(operands, results)";
}

def NN_BatchMeanGradOp : NN_Op<"batch_mean_grad"> {
  let summary = "Gradient of nn.batch_mean: dmean spread evenly over the elements";
  let arguments = (ins NN_Tensor:$x, NN_Tensor:$dmean, StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$x `,` $dmean attr-dict `:` functional-type(operands, results)";
}

def NN_BatchVarianceGradOp : NN_Op<"batch_variance_grad"> {
  let summary = "Gradient of nn.batch_variance for x: dvariance * 2 (x - mean) / count";
  let arguments = (ins NN_Tensor:$x, NN_Tensor:$mean, NN_Tensor:$dvariance, StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $x `,` $mean `,` $dvariance attr-dict `:` functional-type(operands, results)
  }];
}

def NN_BatchNormGradOp : NN_Op<"batch_norm_grad"> {
  let summary = "Gradient of nn.batch_norm for one of x, mean, variance, gamma";
  let description = [{
    With s = 1 / sqrt(variance + epsilon) and g = gamma (1 when absent), the
    gradient for `wrt`:
    - x: dy * g * s, shaped like x;
    - mean: -g * s * sum(dy), per channel;
    - variance: -g * s^3 / 2 * sum(dy * (x - mean)), per channel;
    - gamma: s * sum(dy * (x - mean)), per channel;
    the sums over all axes but the last. (beta's is nn.bias_grad of dy.)
  }];
  let arguments = (ins NN_Tensor:$x, NN_Tensor:$mean, NN_Tensor:$variance,
                       Optional<NN_Tensor>:$gamma, NN_Tensor:$dy,
                       NN_BatchNormOperandAttr:$wrt, F32Attr:$epsilon, StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $x `,` $mean `,` $variance (`gamma` $gamma^)? `,` $dy attr-dict `:`
    functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Layer normalization: per sample, so one mode
//===----------------------------------------------------------------------===//

def NN_LayerNormOp
    : NN_Op<"layer_norm", [NN_Differentiable, NN_KerasLayer<"LayerNormalization", 1>,
                           AttrSizedOperandSegments]> {
  let summary = "Keras LayerNormalization over the last axis";
  let description = [{
    y = (x - mean) / sqrt(variance + epsilon) * gamma + beta, where mean and
    (biased) variance are those of each position's last axis: every sample
    is normalized on its own, the same while training and after. `gamma`
    and `beta` are absent without Keras's `scale` and `center`.
  }];
  let arguments = (ins NN_Tensor:$x, Optional<NN_Tensor>:$gamma, Optional<NN_Tensor>:$beta,
                       F32Attr:$epsilon, StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $x (`gamma` $gamma^)? (`beta` $beta^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def NN_LayerNormGradInputOp : NN_Op<"layer_norm_grad_input"> {
  let summary = "Gradient of nn.layer_norm for x";
  let description = [{
    With s = 1 / sqrt(variance + epsilon), xhat = (x - mean) s and
    g = dy * gamma (dy without gamma), per position of the last axis:
    dx = s * (g - mean(g) - xhat * mean(g * xhat)), the means over that axis.
  }];
  let arguments = (ins NN_Tensor:$x, Optional<NN_Tensor>:$gamma, NN_Tensor:$dy,
                       F32Attr:$epsilon, StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $x (`gamma` $gamma^)? `,` $dy attr-dict `:` functional-type(operands, results)
  }];
}

def NN_LayerNormGradGammaOp : NN_Op<"layer_norm_grad_gamma"> {
  let summary = "Gradient of nn.layer_norm for gamma: the sum of dy * xhat";
  let arguments = (ins NN_Tensor:$x, NN_Tensor:$dy, F32Attr:$epsilon, StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$x `,` $dy attr-dict `:` functional-type(operands, results)";
}

#endif // NN_NORMALIZATION_OPS_TD
