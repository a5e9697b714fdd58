//===- ConvLowering.cpp - nn.conv1d, nn.conv2d and nn.conv2d_transpose ----===//
//
// NHWC tensors, Keras kernels: conv1d (k, in, out), conv2d (kh, kw, in, out),
// conv2d_transpose (kh, kw, out, in). 'same' padding follows TF: the odd
// pixel goes after; 'causal' (conv1d) puts all of it before.
//
//===----------------------------------------------------------------------===//

#include "Codegen/HalideLowering.h"
#include "nn/IR/ShapeArithmetic.h"

using namespace nnc;
using namespace nnc::codegen;
using Halide::Expr;
using Halide::Func;

namespace {
/// Where a convolution's taps read along each spatial axis (model order).
struct ConvWindow {
  llvm::SmallVector<int64_t, 2> strides, dilation, paddingBefore;
};

template <typename ConvOp>
ConvWindow readWindow(ConvOp op, const TensorFunc &input, const TensorFunc &kernel) {
  ConvWindow window;
  for (auto [axis, stride, dilation] :
       llvm::enumerate(op.getStrides(), op.getDilation())) {
    window.strides.push_back(stride);
    window.dilation.push_back(dilation);
    window.paddingBefore.push_back(nn::getWindowPaddingBefore(
        input.shape[axis + 1], kernel.shape[axis], stride, dilation, op.getPadding()));
  }
  return window;
}
} // namespace

/// sum[n, o..., f] = bias[f] + sum over taps k... and channels c of
/// x[n, o * stride + k * dilation - paddingBefore ..., c] * kernel[k..., c, f],
/// then the activation: nn.conv2d over (height, width), nn.conv1d over steps.
template <typename ConvOp>
static LoweredLayer lowerConvolution(ConvOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  const TensorFunc &input = scope.lookup(op.getX());
  const TensorFunc &kernel = scope.lookup(op.getKernel());
  std::vector<int64_t> shape = getStaticShape(op.getResult());
  ConvWindow window = readWindow(op, input, kernel);
  TensorFunc source = op.getPadding() == nn::Padding::valid ? input : zeroPaddedImage(input);

  // The reduction: taps innermost axis first (as Halide orders), then the
  // input channels.
  int spatial = input.rank() - 2;
  Halide::Region taps;
  for (int axis = spatial - 1; axis >= 0; --axis)
    taps.emplace_back(0, static_cast<int>(kernel.shape[axis]));
  taps.emplace_back(0, static_cast<int>(input.shape.back()));
  Halide::RDom r(taps, layer.name + "_r");
  Halide::RVar channel = r[spatial];

  std::vector<Halide::Var> vars = makeModelVars(input.rank());
  std::vector<Expr> inputAt = {vars[0]}, kernelAt;
  for (int axis = 0; axis < spatial; ++axis) {
    Halide::RVar tap = r[spatial - 1 - axis];
    inputAt.push_back(vars[axis + 1] * static_cast<int>(window.strides[axis]) +
                      tap * static_cast<int>(window.dilation[axis]) -
                      static_cast<int>(window.paddingBefore[axis]));
    kernelAt.push_back(tap);
  }
  inputAt.push_back(channel);
  kernelAt.push_back(channel);
  kernelAt.push_back(vars.back());

  Func sum(layer.name + "_sum");
  defineAt(sum, vars) = op.getBias() ? scope.lookup(op.getBias())({vars.back()}) : Expr(0.0f);
  defineAt(sum, vars) += source(inputAt) * kernel(kernelAt);
  layer.stages.push_back({sum, {r}, /*whole=*/false, /*inputChannels=*/channel});

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
  attachLowering<nn::Conv1DOp, lowerConvolution<nn::Conv1DOp>>(context);
  attachLowering<nn::Conv2DOp, lowerConvolution<nn::Conv2DOp>>(context);
  attachLowering<nn::Conv2DTransposeOp, lowerConv2DTranspose>(context);
}
