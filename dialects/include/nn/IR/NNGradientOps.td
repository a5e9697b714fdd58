//===- NNGradientOps.td - Adjoints of the layers -----------*- tablegen -*-===//
//
// The ops the nn-autodiff pass builds for the backward pass. `dy` is the
// gradient with respect to a layer's result, `dpre` the gradient with respect
// to its pre-activation sum (what nn.activation_grad returns). Every op keeps
// the Keras layouts of its forward op, so a gradient has its value's shape.
//
//===----------------------------------------------------------------------===//

#ifndef NN_GRADIENT_OPS_TD
#define NN_GRADIENT_OPS_TD

include "nn/IR/NNBase.td"
include "nn/IR/NNEnums.td"

//===----------------------------------------------------------------------===//
// Activations, dense, bias
//===----------------------------------------------------------------------===//

def NN_ActivationGradOp : NN_Op<"activation_grad"> {
  let summary = "Gradient through an activation";
  let description = [{
    The gradient of the activation's input (the pre-activation sum) from the
    gradient `dy` of its output `y`: dy * f'(x), or for softmax over `axis`
    y * (dy - sum(dy * y)). `x`, the input, is present exactly when f' needs
    it (gelu, silu, softplus, elu: getActivationTraits); the others are
    differentiated from `y` alone. `alpha` as on nn.activation; `axis`
    (batch = 0, negative from the end) only matters for softmax.
  }];
  let arguments = (ins NN_Tensor:$y, NN_Tensor:$dy, Optional<NN_Tensor>:$x,
                       NN_ActivationAttr:$activation, OptionalAttr<F32Attr>:$alpha,
                       DefaultValuedAttr<I64Attr, "-1">:$axis, StrAttr:$name);
  let results = (outs NN_Tensor:$dpre);
  let assemblyFormat =
      "$y `,` $dy (`,` `input` $x^)? attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    float getAlphaOrDefault();
  }];
}

def NN_DenseGradInputOp : NN_Op<"dense_grad_input"> {
  let summary = "Gradient of nn.dense with respect to its input";
  let description = [{
    `dpre` [..., units] times the transposed `kernel` [in, units]: [..., in].
  }];
  let arguments = (ins NN_Tensor:$dpre, NN_Tensor:$kernel, StrAttr:$name);
  let results = (outs NN_Tensor:$dx);
  let assemblyFormat = "$dpre `,` $kernel attr-dict `:` functional-type(operands, results)";
}

def NN_DenseGradKernelOp : NN_Op<"dense_grad_kernel"> {
  let summary = "Gradient of nn.dense with respect to its kernel";
  let description = [{
    The sum over every leading axis (batch included) of the outer product of
    `x` [..., in] and `dpre` [..., units]: [in, units].
  }];
  let arguments = (ins NN_Tensor:$x, NN_Tensor:$dpre, StrAttr:$name);
  let results = (outs NN_Tensor:$dkernel);
  let assemblyFormat = "$x `,` $dpre attr-dict `:` functional-type(operands, results)";
}

def NN_BiasGradOp : NN_Op<"bias_grad"> {
  let summary = "Gradient of a bias: `dpre` summed over all axes but the last";
  let arguments = (ins NN_Tensor:$dpre, StrAttr:$name);
  let results = (outs NN_Tensor:$dbias);
  let assemblyFormat = "$dpre attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Convolutions
//===----------------------------------------------------------------------===//

def NN_Conv2DGradInputOp : NN_Op<"conv2d_grad_input"> {
  let summary = "Gradient of nn.conv2d with respect to its input";
  let description = [{
    `dpre` [N, OH, OW, F] spread back through `kernel` [KH, KW, C, F] onto the
    forward input [N, H, W, C], `input_size` = [H, W] (several input sizes
    give the same output size under striding, so it is stated).
  }];
  let arguments = (ins NN_Tensor:$dpre, NN_Tensor:$kernel, NN_Pair:$strides,
                       NN_PaddingAttr:$padding, NN_Pair:$dilation,
                       NN_Pair:$input_size, StrAttr:$name);
  let results = (outs NN_Tensor:$dx);
  let assemblyFormat = "$dpre `,` $kernel attr-dict `:` functional-type(operands, results)";
}

def NN_Conv2DGradKernelOp : NN_Op<"conv2d_grad_kernel"> {
  let summary = "Gradient of nn.conv2d with respect to its kernel";
  let description = [{
    The correlation of the forward input `x` [N, H, W, C] with `dpre`
    [N, OH, OW, F], summed over the batch: [KH, KW, C, F] with
    `kernel_size` = [KH, KW].
  }];
  let arguments = (ins NN_Tensor:$x, NN_Tensor:$dpre, NN_Pair:$strides,
                       NN_PaddingAttr:$padding, NN_Pair:$dilation,
                       NN_Pair:$kernel_size, StrAttr:$name);
  let results = (outs NN_Tensor:$dkernel);
  let assemblyFormat = "$x `,` $dpre attr-dict `:` functional-type(operands, results)";
}

def NN_Conv2DTransposeGradInputOp : NN_Op<"conv2d_transpose_grad_input"> {
  let summary = "Gradient of nn.conv2d_transpose with respect to its input";
  let description = [{
    A strided convolution of `dpre` [N, OH, OW, F] with `kernel`
    [KH, KW, F, C]: the forward input [N, H, W, C], `input_size` = [H, W].
  }];
  let arguments = (ins NN_Tensor:$dpre, NN_Tensor:$kernel, NN_Pair:$strides,
                       NN_PaddingAttr:$padding, NN_Pair:$input_size, StrAttr:$name);
  let results = (outs NN_Tensor:$dx);
  let assemblyFormat = "$dpre `,` $kernel attr-dict `:` functional-type(operands, results)";
}

def NN_Conv2DTransposeGradKernelOp : NN_Op<"conv2d_transpose_grad_kernel"> {
  let summary = "Gradient of nn.conv2d_transpose with respect to its kernel";
  let description = [{
    From the forward input `x` [N, H, W, C] and `dpre` [N, OH, OW, F], summed
    over the batch: [KH, KW, F, C] with `kernel_size` = [KH, KW].
  }];
  let arguments = (ins NN_Tensor:$x, NN_Tensor:$dpre, NN_Pair:$strides,
                       NN_PaddingAttr:$padding, NN_Pair:$kernel_size, StrAttr:$name);
  let results = (outs NN_Tensor:$dkernel);
  let assemblyFormat = "$x `,` $dpre attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Pooling and upsampling
//===----------------------------------------------------------------------===//

class NN_ExtremumPool2DGradOp<string mnemonic, string extremum> : NN_Op<mnemonic> {
  let summary = "Gradient of " # extremum # " pooling";
  let description = [{
    Each window's gradient `dy` [N, OH, OW, C] goes to the first }] # extremum #
    [{ of the window in the forward input `x` [N, H, W, C] (row-major window
    order, as PyTorch and TensorFlow do); gradients add up where windows
    overlap and padded cells never win. The result has the shape of `x`.
  }];
  let arguments = (ins NN_Tensor:$x, NN_Tensor:$dy, NN_Pair:$pool, NN_Pair:$strides,
                       NN_PaddingAttr:$padding, StrAttr:$name);
  let results = (outs NN_Tensor:$dx);
  let assemblyFormat = "$x `,` $dy attr-dict `:` functional-type(operands, results)";
}

def NN_MaxPool2DGradOp : NN_ExtremumPool2DGradOp<"max_pool2d_grad", "maximum">;
def NN_MinPool2DGradOp : NN_ExtremumPool2DGradOp<"min_pool2d_grad", "minimum">;

def NN_AvgPool2DGradOp : NN_Op<"avg_pool2d_grad"> {
  let summary = "Gradient of average pooling";
  let description = [{
    Each window's gradient `dy` [N, OH, OW, C], divided by the number of real
    input cells the window covers (as the forward divides), goes to each of
    them: [N, H, W, C] with `input_size` = [H, W].
  }];
  let arguments = (ins NN_Tensor:$dy, NN_Pair:$pool, NN_Pair:$strides,
                       NN_PaddingAttr:$padding, NN_Pair:$input_size, StrAttr:$name);
  let results = (outs NN_Tensor:$dx);
  let assemblyFormat = "$dy attr-dict `:` functional-type(operands, results)";
}

def NN_Upsample2DGradOp : NN_Op<"upsample2d_grad"> {
  let summary = "Gradient of nn.upsample2d: the sum of each size block";
  let arguments = (ins NN_Tensor:$dy, NN_Pair:$size, StrAttr:$name);
  let results = (outs NN_Tensor:$dx);
  let assemblyFormat = "$dy attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Slicing and accumulation
//===----------------------------------------------------------------------===//

def NN_SliceOp : NN_AxisOp<"slice"> {
  let summary = "`size` entries of one axis from `offset` (the adjoint of concat)";
  let description = [{
    `axis` counts the batch as axis 0 (which cannot be sliced) and may be
    negative; the result keeps every other dimension.
  }];
  let arguments = (ins NN_Tensor:$x, I64Attr:$axis, I64Attr:$offset, I64Attr:$size,
                       StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$x attr-dict `:` functional-type(operands, results)";
  let extraClassDeclaration = axisDeclaration;
}

def NN_GlobalPoolGradOp : NN_Op<"global_pool_grad"> {
  let summary = "Gradient of nn.global_pool with respect to its input";
  let description = [{
    average: dy [N, C] spread evenly over the spatial positions; max: dy to
    the positions where `x` equals the pooled `y`, shared evenly among ties
    (as TensorFlow's reduce_max). The result has `x`'s shape.
  }];
  let arguments = (ins NN_Tensor:$x, NN_Tensor:$y, NN_Tensor:$dy, NN_GlobalPoolAttr:$kind,
                       StrAttr:$name);
  let results = (outs NN_Tensor:$dx);
  let assemblyFormat = "$x `,` $y `,` $dy attr-dict `:` functional-type(operands, results)";
}

def NN_MergeGradOp : NN_Op<"merge_grad"> {
  let summary = "Gradient of nn.merge with respect to its input `index`";
  let description = [{
    From the merge's inputs and the gradient `dy` of its result: subtract
    -dy for its second input; multiply dy times the other inputs; average
    dy / n; maximum (minimum) dy where input `index` is the first to reach
    the maximum (minimum), as TensorFlow routes ties, else 0. (Add passes dy
    on and needs no op.)
  }];
  let arguments = (ins Variadic<NN_Tensor>:$inputs, NN_Tensor:$dy, NN_MergeAttr:$kind,
                       I64Attr:$index, StrAttr:$name);
  let results = (outs NN_Tensor:$dx);
  let assemblyFormat =
      "`(` $inputs `)` `,` $dy attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_AddOp : NN_Op<"add", [NN_Differentiable, NN_KerasLayer<"Add", 1>]> {
  let summary = "Elementwise sum of two tensors of one shape";
  let description = [{
    Accumulates the gradients of a value used several times (and, as a
    forward op, joins two branches: its adjoint passes the gradient to both).
  }];
  let arguments = (ins NN_Tensor:$a, NN_Tensor:$b, StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$a `,` $b attr-dict `:` functional-type(operands, results)";
}

#endif // NN_GRADIENT_OPS_TD
