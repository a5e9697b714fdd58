//===- NNOps.td - nn dialect operations ---------------------*- tablegen -*-===//
//
// One op per Keras layer. Shapes follow Keras exactly (NHWC; 'valid' and
// 'same' output lengths as in keras.utils.conv_utils); the formulas live in
// ShapeArithmetic.h. Axes count the batch as axis 0 and may be negative.
//
//===----------------------------------------------------------------------===//

#ifndef NN_OPS_TD
#define NN_OPS_TD

include "nn/IR/NNBase.td"
include "nn/IR/NNEnums.td"
include "nn/IR/AdjointOpInterface.td"
include "nn/IR/LayerOpInterface.td"
include "nn/IR/TrainingModeOpInterface.td"
include "nn/IR/RecurrentOpInterface.td"
include "mlir/IR/CommonAttrConstraints.td"

/// Forward ops build their own adjoint (see AdjointOpInterface.td); the
/// implementations live in the *Adjoints.cpp files, by family. Each is a
/// layer, with the Keras class `summary` shows (NN_KerasLayer,
/// LayerOpInterface.td).
defvar NN_Differentiable = DeclareOpInterfaceMethods<NN_AdjointOpInterface>;

//===----------------------------------------------------------------------===//
// Dense
//===----------------------------------------------------------------------===//

def NN_DenseOp : NN_Op<"dense", [NN_Differentiable, NN_KerasLayer<"Dense", 1>]> {
  let summary = "Keras Dense: a matrix product over the last axis";
  let description = [{
    `x` [..., in] (rank >= 2) times `kernel` [in, units], plus `bias` [units]
    when present, then `activation`: the result is [..., units].

    ```mlir
    %y = nn.dense %x, %kernel, %bias {activation = #nn<activation relu>, name = "dense_1"}
        : (tensor<?x784xf32>, tensor<784x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$x, NN_Tensor:$kernel, Optional<NN_Tensor>:$bias,
                       NN_ActivationAttr:$activation, StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $x `,` $kernel (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Convolutions
//===----------------------------------------------------------------------===//

def NN_Conv2DOp : NN_Op<"conv2d", [NN_Differentiable, NN_KerasLayer<"Conv2D", 1>]> {
  let summary = "Keras Conv2D (NHWC, kernel [KH, KW, C, F])";
  let description = [{
    `x` [N, H, W, C] convolved with `kernel` [KH, KW, C, F], plus `bias` [F]
    when present, then `activation`: the result is [N, OH, OW, F] with
    OH = (H - ((KH - 1) * dilation + 1)) / stride + 1 for 'valid' and
    OH = ceil(H / stride) for 'same' (likewise for the width).
  }];
  let arguments = (ins NN_Tensor:$x, NN_Tensor:$kernel, Optional<NN_Tensor>:$bias,
                       NN_Pair:$strides, NN_PaddingAttr:$padding,
                       NN_Pair:$dilation, NN_ActivationAttr:$activation,
                       StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $x `,` $kernel (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def NN_Conv1DOp : NN_Op<"conv1d", [NN_Differentiable, NN_KerasLayer<"Conv1D", 1>]> {
  let summary = "Keras Conv1D (batch, steps, channels; kernel [K, C, F])";
  let description = [{
    `x` [N, L, C] convolved along its steps with `kernel` [K, C, F], plus
    `bias` [F] when present, then `activation`: the result is [N, OL, F] with
    the lengths of nn.conv2d along one axis. 'causal' pads (K - 1) * dilation
    zeros before the sequence and none after, so output step t sees input
    steps up to t only; its length is that of 'same'.

    Its adjoint treats the sequence as an image one pixel wide ([N, L, 1, C],
    a reshape that moves no element) and uses nn.conv2d's gradient ops.
  }];
  let arguments = (ins NN_Tensor:$x, NN_Tensor:$kernel, Optional<NN_Tensor>:$bias,
                       NN_Single:$strides, NN_PaddingAttr:$padding,
                       NN_Single:$dilation, NN_ActivationAttr:$activation,
                       StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $x `,` $kernel (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def NN_Conv2DTransposeOp
    : NN_Op<"conv2d_transpose", [NN_Differentiable, NN_KerasLayer<"Conv2DTranspose", 1>]> {
  let summary = "Keras Conv2DTranspose (NHWC, kernel [KH, KW, F, C])";
  let description = [{
    The gradient of a strided convolution: each input pixel spreads over a
    KH x KW window of the output. `kernel` keeps the Keras layout
    [KH, KW, F, C] (F = output channels, C = input channels); `bias` is [F].
    OH = H * stride + max(KH - stride, 0) for 'valid' and H * stride for 'same'.
  }];
  let arguments = (ins NN_Tensor:$x, NN_Tensor:$kernel, Optional<NN_Tensor>:$bias,
                       NN_Pair:$strides, NN_PaddingAttr:$padding,
                       NN_ActivationAttr:$activation, StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $x `,` $kernel (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Pooling and upsampling
//===----------------------------------------------------------------------===//

class NN_Pool2DOp<string mnemonic, string reduction, string kerasClass>
    : NN_Op<mnemonic, [NN_Differentiable, NN_KerasLayer<kerasClass, 1>]> {
  let summary = "Keras " # reduction # " pooling over pool-sized windows";
  let description = [{
    Reduces each `pool` window of `x` [N, H, W, C] (moved by `strides`) to its
  }] # reduction # [{. OH = (H - pool) / stride + 1 for 'valid' and
    ceil(H / stride) for 'same'; windows that cross the border under 'same'
    only see the input pixels they cover (as in Keras).
  }];
  let arguments = (ins NN_Tensor:$x, NN_Pair:$pool, NN_Pair:$strides,
                       NN_PaddingAttr:$padding, StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$x attr-dict `:` functional-type(operands, results)";
}

def NN_MaxPool2DOp : NN_Pool2DOp<"max_pool2d", "maximum", "MaxPooling2D">;
def NN_MinPool2DOp : NN_Pool2DOp<"min_pool2d", "minimum", "MinPooling2D">;
def NN_AvgPool2DOp : NN_Pool2DOp<"avg_pool2d", "average", "AveragePooling2D">;

class NN_Pool1DOp<string mnemonic, string reduction, string kerasClass>
    : NN_Op<mnemonic, [NN_Differentiable, NN_KerasLayer<kerasClass, 1>]> {
  let summary = "Keras " # reduction # " pooling over the steps of a sequence";
  let description = [{
    Reduces each `pool` window of the steps of `x` [N, L, C] (moved by
    `strides`) to its }] # reduction # [{, with nn.max_pool2d's lengths and
    border rule along one axis. Its adjoint is the 2-D pooling's, on the
    sequence seen as an image one pixel wide.
  }];
  let arguments = (ins NN_Tensor:$x, NN_Single:$pool, NN_Single:$strides,
                       NN_PaddingAttr:$padding, StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$x attr-dict `:` functional-type(operands, results)";
}

def NN_MaxPool1DOp : NN_Pool1DOp<"max_pool1d", "maximum", "MaxPooling1D">;
def NN_AvgPool1DOp : NN_Pool1DOp<"avg_pool1d", "average", "AveragePooling1D">;

class NN_MarginsOp<string mnemonic, string kerasClass, string what>
    : NN_Op<mnemonic, [NN_Differentiable, NN_KerasLayer<kerasClass, 1>]> {
  let summary = "Keras " # kerasClass # ": " # what;
  let description = [{
    `margins` are [top, bottom, left, right] rows and columns of the image
    `x` [N, H, W, C]. Each op's adjoint is the other one.
  }];
  let arguments = (ins NN_Tensor:$x, DenseI64ArrayAttr:$margins, StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$x attr-dict `:` functional-type(operands, results)";
}

def NN_ZeroPadding2DOp : NN_MarginsOp<"zero_padding2d", "ZeroPadding2D",
                                      "zeros added around the image">;
def NN_Cropping2DOp : NN_MarginsOp<"cropping2d", "Cropping2D",
                                   "rows and columns cut from the image's borders">;

def NN_GlobalPoolOp : NN_Op<"global_pool", [NN_Differentiable, NN_LayerOpInterface]> {
  let summary = "Keras global average or max pooling (1D or 2D)";
  let description = [{
    Reduces `x` [N, T, C] (`dimensions` 1) or [N, H, W, C] (`dimensions` 2)
    over every spatial axis: the result is [N, C].
  }];
  let arguments = (ins NN_Tensor:$x, NN_GlobalPoolAttr:$kind, I64Attr:$dimensions,
                       StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$x attr-dict `:` functional-type(operands, results)";
  let extraClassDeclaration = [{
    /// GlobalAveragePooling1D, GlobalMaxPooling2D, ...
    ::llvm::StringRef getKerasClass();
  }];
}

def NN_Upsample2DOp : NN_Op<"upsample2d", [NN_Differentiable, NN_KerasLayer<"UpSampling2D", 1>]> {
  let summary = "Keras UpSampling2D (nearest neighbour)";
  let description = [{
    Repeats every pixel of `x` [N, H, W, C] `size` times along the height and
    the width: the result is [N, H * size[0], W * size[1], C].
  }];
  let arguments = (ins NN_Tensor:$x, NN_Pair:$size, StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$x attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Reshaping
//===----------------------------------------------------------------------===//

def NN_FlattenOp : NN_Op<"flatten", [NN_Differentiable, NN_KerasLayer<"Flatten">]> {
  let summary = "Keras Flatten: [N, ...] to [N, product of the rest]";
  let arguments = (ins NN_Tensor:$x, StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$x attr-dict `:` functional-type(operands, results)";
}

def NN_ReshapeOp : NN_Op<"reshape", [NN_Differentiable, NN_KerasLayer<"Reshape">]> {
  let summary = "Keras Reshape: [N, ...] to [N] + shape";
  let description = [{
    `shape` excludes the batch; one entry may be -1 and is then inferred from
    the element count. Elements keep their row-major order.
  }];
  let arguments = (ins NN_Tensor:$x, DenseI64ArrayAttr:$shape, StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$x attr-dict `:` functional-type(operands, results)";
}

def NN_SqueezeOp : NN_AxisOp<"squeeze", [NN_Differentiable, NN_KerasLayer<"Squeeze">]> {
  let summary = "Removes one size-1 axis (tf.squeeze with one axis)";
  let description = [{
    `axis` counts the batch as axis 0 and may be negative; the batch itself
    cannot be squeezed.
  }];
  let arguments = (ins NN_Tensor:$x, I64Attr:$axis, StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$x attr-dict `:` functional-type(operands, results)";
  let extraClassDeclaration = axisDeclaration;
}

def NN_ReverseOp : NN_AxisOp<"reverse", [NN_Differentiable, NN_KerasLayer<"Reverse">]> {
  let summary = "Reverses the order along one axis (tf.reverse with one axis)";
  let description = [{
    Element i of `axis` becomes element size - 1 - i. A bidirectional layer's
    backward direction is its recurrent layer on the time-reversed sequence
    (Keras's go_backwards), whose sequence output is reversed back. `axis`
    counts the batch as axis 0 and may be negative; the batch itself cannot
    be reversed. Its adjoint is the same reversal of the gradient.
  }];
  let arguments = (ins NN_Tensor:$x, I64Attr:$axis, StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$x attr-dict `:` functional-type(operands, results)";
  let extraClassDeclaration = axisDeclaration;
}

def NN_ConcatOp : NN_AxisOp<"concat", [NN_Differentiable, NN_KerasLayer<"Concatenate", 1>]> {
  let summary = "Keras Concatenate along one axis";
  let description = [{
    Joins two or more tensors of equal rank along `axis` (batch = axis 0,
    negative counts from the end; the batch cannot be the axis). All other
    dimensions must be equal.
  }];
  let arguments = (ins Variadic<NN_Tensor>:$inputs, I64Attr:$axis, StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
  let extraClassDeclaration = axisDeclaration;
}

//===----------------------------------------------------------------------===//
// Merges
//===----------------------------------------------------------------------===//

def NN_MergeOp : NN_Op<"merge", [NN_Differentiable, NN_LayerWithFootprint]> {
  let summary = "A Keras merge layer: add, subtract, multiply, average, maximum, minimum";
  let description = [{
    Combines two or more inputs of one shape elementwise (subtract takes
    exactly two: the first minus the second), as Keras's merge layers do.

    ```mlir
    %y = nn.merge %a, %b {kind = #nn<merge add>, name = "add_1"}
        : (tensor<?x8xf32>, tensor<?x8xf32>) -> tensor<?x8xf32>
    ```
  }];
  let arguments = (ins Variadic<NN_Tensor>:$inputs, NN_MergeAttr:$kind, StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Regularization
//===----------------------------------------------------------------------===//

def NN_DropoutOp
    : NN_Op<"dropout", [NN_Differentiable, NN_LayerWithFootprint,
                        DeclareOpInterfaceMethods<NN_TrainingModeOpInterface>]> {
  let summary = "Keras Dropout, SpatialDropout1D and SpatialDropout2D";
  let description = [{
    The identity in inference mode. In training mode (`training`, with the
    step's `seed` and `step` counters as operands) each element is kept
    with probability 1 - `rate` and scaled by 1 / (1 - `rate`), else zeroed,
    as Keras does. The draw of an element is a hash of (seed, step, the
    layer's `name`, the element's position), so the mask needs no storage:
    the adjoint applies the same layer's mask to the gradient (an
    nn.dropout with the same name). Along `shared_axes` the mask is
    constant: [1, 2] drops whole channels of an image (SpatialDropout2D),
    [1] whole features of a sequence (SpatialDropout1D).

    ```mlir
    %y = nn.dropout %x, %seed, %step {rate = 5.000000e-01 : f32, shared_axes = array<i64>,
                                      training, name = "dropout_1"}
        : (tensor<?x8xf32>, tensor<i32>, tensor<i32>) -> tensor<?x8xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$x, Variadic<NN_Counter>:$random, F32Attr:$rate,
                       DenseI64ArrayAttr:$shared_axes, UnitAttr:$training,
                       StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $x (`,` $random^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Activations as layers
//===----------------------------------------------------------------------===//

def NN_ActivationOp : NN_Op<"activation", [NN_Differentiable, NN_LayerWithFootprint]> {
  let summary = "An elementwise activation as a layer (Keras Activation, LeakyReLU, ELU)";
  let description = [{
    `activation` applied to every element (the formulas are on the enum,
    NNEnums.td); `alpha` is leaky_relu's negative slope or elu's alpha, and
    defaults to Keras's activation-function value (0.2, 1.0) when absent.
    Softmax, which acts along an axis, is nn.softmax; linear is no op.

    ```mlir
    %y = nn.activation %x {activation = #nn<activation gelu>, name = "gelu_1"}
        : (tensor<?x8xf32>) -> tensor<?x8xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$x, NN_ActivationAttr:$activation,
                       OptionalAttr<F32Attr>:$alpha, StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$x attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// `alpha`, or the activation's default.
    float getAlphaOrDefault();
  }];
}

def NN_SoftmaxOp : NN_AxisOp<"softmax", [NN_Differentiable, NN_KerasLayer<"Softmax", 1>]> {
  let summary = "Keras Softmax along one axis: exp(x) / sum(exp(x))";
  let description = [{
    `axis` counts the batch as axis 0 and may be negative (Keras default -1).
  }];
  let arguments = (ins NN_Tensor:$x, I64Attr:$axis, StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$x attr-dict `:` functional-type(operands, results)";
  let extraClassDeclaration = axisDeclaration;
}

// The backward pass, the losses and the optimizers' updates.
include "nn/IR/NNGradientOps.td"
include "nn/IR/NNLossOps.td"
include "nn/IR/NNOptimizerOps.td"
// Bed-of-nails upsampling and max unpooling (issue 5), with their gradients.
include "nn/IR/NNUnpoolOps.td"
// Embeddings and LSTM (issue 4), with their gradients.
include "nn/IR/NNSequenceOps.td"
// Batch normalization and the batch statistics of its training mode.
include "nn/IR/NNNormalizationOps.td"

#endif // NN_OPS_TD
