//===- ConvLowering.cpp - nn.conv2d and nn.conv2d_transpose ---------------===//
//
// NHWC tensors, Keras kernels: conv2d (kh, kw, in, out), conv2d_transpose
// (kh, kw, out, in). 'same' padding follows TF: the odd pixel goes after.
//
//===----------------------------------------------------------------------===//

#include "Codegen/HalideLowering.h"
#include "nn/IR/ShapeArithmetic.h"

using namespace nnc;
using namespace nnc::codegen;
using Halide::Expr;
using Halide::Func;

static LoweredLayer lowerConv2D(nn::Conv2DOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  const TensorFunc &input = scope.lookup(op.getX());
  const TensorFunc &kernel = scope.lookup(op.getKernel());
  std::vector<int64_t> shape = getStaticShape(op.getResult());
  llvm::ArrayRef<int64_t> strides = op.getStrides(), dilation = op.getDilation();
  int64_t kernelH = kernel.shape[0], kernelW = kernel.shape[1];

  int64_t padTop = nn::getWindowPaddingBefore(input.shape[1], kernelH, strides[0],
                                               dilation[0], op.getPadding());
  int64_t padLeft = nn::getWindowPaddingBefore(input.shape[2], kernelW, strides[1],
                                                dilation[1], op.getPadding());
  TensorFunc source = op.getPadding() == nn::Padding::same
                          ? zeroPaddedImage(input)
                          : input;

  std::vector<Halide::Var> vars = makeModelVars(4);
  Halide::Var n = vars[0], y = vars[1], x = vars[2], c = vars[3];
  Halide::RDom r(0, static_cast<int>(kernelW), 0, static_cast<int>(kernelH), 0,
                 static_cast<int>(input.shape[3]), layer.name + "_r");
  Expr inY = y * static_cast<int>(strides[0]) + r.y * static_cast<int>(dilation[0]) -
             static_cast<int>(padTop);
  Expr inX = x * static_cast<int>(strides[1]) + r.x * static_cast<int>(dilation[1]) -
             static_cast<int>(padLeft);

  Func sum(layer.name + "_sum");
  defineAt(sum, vars) = op.getBias() ? scope.lookup(op.getBias())({c}) : Expr(0.0f);
  defineAt(sum, vars) += source({n, inY, inX, r.z}) * kernel({r.y, r.x, r.z, c});
  layer.stages.push_back({sum, {r}, /*whole=*/false, /*inputChannels=*/r.z});

  layer.output = applyActivation(op.getActivation(), TensorFunc{sum, shape},
                                 layer.name, scope, layer);
  return layer;
}

static LoweredLayer lowerConv2DTranspose(nn::Conv2DTransposeOp op,
                                           const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  const TensorFunc &input = scope.lookup(op.getX());
  const TensorFunc &kernel = scope.lookup(op.getKernel());
  std::vector<int64_t> shape = getStaticShape(op.getResult());
  llvm::ArrayRef<int64_t> strides = op.getStrides();
  int64_t kernelH = kernel.shape[0], kernelW = kernel.shape[1];

  // Output pixel o gathers input pixel i through kernel tap k when
  // o + crop = i * stride + k; 'same' crops the full result like TF does.
  int64_t cropTop = 0, cropLeft = 0;
  if (op.getPadding() == nn::Padding::same) {
    cropTop = std::max<int64_t>(kernelH - strides[0], 0) / 2;
    cropLeft = std::max<int64_t>(kernelW - strides[1], 0) / 2;
  }
  TensorFunc source = zeroPaddedImage(input);

  std::vector<Halide::Var> vars = makeModelVars(4);
  Halide::Var n = vars[0], y = vars[1], x = vars[2], c = vars[3];
  Halide::RDom r(0, static_cast<int>(kernelW), 0, static_cast<int>(kernelH), 0,
                 static_cast<int>(input.shape[3]), layer.name + "_r");
  Expr strideY = static_cast<int>(strides[0]), strideX = static_cast<int>(strides[1]);
  Expr fromY = y + static_cast<int>(cropTop) - r.y;
  Expr fromX = x + static_cast<int>(cropLeft) - r.x;
  r.where(fromY % strideY == 0 && fromX % strideX == 0);

  Func sum(layer.name + "_sum");
  defineAt(sum, vars) = op.getBias() ? scope.lookup(op.getBias())({c}) : Expr(0.0f);
  defineAt(sum, vars) += source({n, fromY / strideY, fromX / strideX, r.z}) *
                         kernel({r.y, r.x, c, r.z});
  layer.stages.push_back({sum, {r}});

  layer.output = applyActivation(op.getActivation(), TensorFunc{sum, shape},
                                 layer.name, scope, layer);
  return layer;
}

void codegen::registerConvLowerings(mlir::MLIRContext *context) {
  attachLowering<nn::Conv2DOp, lowerConv2D>(context);
  attachLowering<nn::Conv2DTransposeOp, lowerConv2DTranspose>(context);
}
