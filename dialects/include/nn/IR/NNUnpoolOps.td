//===- NNUnpoolOps.td - Upsampling that leaves zeros -------*- tablegen -*-===//
//
// The layer variants of the notes that put values back on a larger grid and
// fill the rest with zeros: bed-of-nails upsampling (each value at the
// top-left of its block) and max unpooling (each value where a max pooling
// found its maximum). Their gradients read the upstream gradient back at the
// same positions.
//
//===----------------------------------------------------------------------===//

#ifndef NN_UNPOOL_OPS_TD
#define NN_UNPOOL_OPS_TD

include "nn/IR/NNBase.td"
include "nn/IR/NNEnums.td"

def NN_BedOfNailsUpsample2DOp
    : NN_Op<"bed_of_nails_upsample2d", [NN_Differentiable, NN_KerasLayer<"UpSampling2D", 1>]> {
  let summary = "upsample2d(mode=bed_of_nails): values at each block's top-left";
  let description = [{
    `x` [N, H, W, C] to [N, H * size[0], W * size[1], C]: pixel (y, x) lands
    at (y * size[0], x * size[1]); every other cell of its block is zero.

    ```mlir
    %up = nn.bed_of_nails_upsample2d %x {name = "up", size = array<i64: 2, 2>}
        : (tensor<?x4x4x8xf32>) -> tensor<?x8x8x8xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$x, NN_Pair:$size, StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$x attr-dict `:` functional-type(operands, results)";
}

def NN_BedOfNailsUpsample2DGradOp : NN_Op<"bed_of_nails_upsample2d_grad"> {
  let summary = "Gradient of nn.bed_of_nails_upsample2d: dy at each block's top-left";
  let description = [{
    `dy` [N, H * size[0], W * size[1], C] to `dx` [N, H, W, C] with
    dx[n, y, x, c] = dy[n, y * size[0], x * size[1], c].
  }];
  let arguments = (ins NN_Tensor:$dy, NN_Pair:$size, StrAttr:$name);
  let results = (outs NN_Tensor:$dx);
  let assemblyFormat = "$dy attr-dict `:` functional-type(operands, results)";
}

def NN_MaxUnpool2DOp
    : NN_Op<"max_unpool2d", [NN_Differentiable, NN_KerasLayer<"MaxUnpooling2D", 1>]> {
  let summary = "Puts values back where a max pooling found its maxima";
  let description = [{
    `pool_input` [N, H, W, C] is the input of a max pooling with `pool`,
    `strides` and `padding`; `value` [N, OH, OW, C] has that pooling's output
    shape. Each value goes to the position of its window's first maximum in
    `pool_input` (row-major window order, as the pooling's gradient routes it;
    padded cells never win); values add up where overlapping windows share a
    winner; every other cell is zero. The result has the shape of
    `pool_input`. No gradient flows to `pool_input` through the argmax.

    ```mlir
    %unpool = nn.max_unpool2d %decoded, %conv {name = "unpool", padding = #nn<padding valid>,
        pool = array<i64: 2, 2>, strides = array<i64: 2, 2>}
        : (tensor<?x4x4x8xf32>, tensor<?x8x8x8xf32>) -> tensor<?x8x8x8xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$value, NN_Tensor:$pool_input, NN_Pair:$pool,
                       NN_Pair:$strides, NN_PaddingAttr:$padding, StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $value `,` $pool_input attr-dict `:` functional-type(operands, results)
  }];
}

def NN_MaxUnpool2DGradOp : NN_Op<"max_unpool2d_grad"> {
  let summary = "Gradient of nn.max_unpool2d w.r.t. its value: dy at each argmax";
  let description = [{
    For each window of the max pooling of `pool_input` [N, H, W, C], the
    gradient `dy` [N, H, W, C] at the window's first maximum: `dvalue`
    [N, OH, OW, C], the pooling's output shape.
  }];
  let arguments = (ins NN_Tensor:$pool_input, NN_Tensor:$dy, NN_Pair:$pool,
                       NN_Pair:$strides, NN_PaddingAttr:$padding, StrAttr:$name);
  let results = (outs NN_Tensor:$dvalue);
  let assemblyFormat = [{
    $pool_input `,` $dy attr-dict `:` functional-type(operands, results)
  }];
}

#endif // NN_UNPOOL_OPS_TD
