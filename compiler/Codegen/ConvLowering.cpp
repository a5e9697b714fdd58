//===- ConvLowering.cpp - nn.conv1d, nn.conv2d and nn.conv2d_transpose ----===//
//
// NHWC tensors, Keras kernels: conv1d (k, in, out), conv2d (kh, kw, in, out),
// conv2d_transpose (kh, kw, out, in). 'same' padding follows TF: the odd
// pixel goes after; 'causal' (conv1d) puts all of it before.
//
// A convolution with enough channels is a matrix product over its patches
// (implicit GEMM): rows the output positions (n, o...), columns the filters,
// k the taps x input channels in the order of the kernel's leading axes, so
// the kernel, as stored, is the right-hand side. The patches are never
// stored whole: each block of the product packs its own rows just before it
// reads them (LhsReading::PackRowsInBlock), so they stay in cache.
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

bool codegen::useConvolutionProduct(int64_t patchDepth, int64_t columns) {
  return patchDepth >= kConvProductMinDepth && columns >= kProductMinColumns;
}

std::vector<Expr> codegen::splitPatchIndex(Expr k, llvm::ArrayRef<int64_t> taps,
                                           int64_t channels) {
  std::vector<Expr> index(taps.size() + 1);
  index.back() = k % static_cast<int>(channels);
  Expr rest = k / static_cast<int>(channels);
  for (size_t axis = taps.size(); axis-- > 0;) {
    index[axis] = axis == 0 ? rest : rest % static_cast<int>(taps[axis]);
    rest = rest / static_cast<int>(taps[axis]);
  }
  return index;
}

/// Taps x input channels: all of a Keras kernel's axes but the filters.
static int64_t patchDepth(const TensorFunc &kernel) {
  int64_t depth = 1;
  for (size_t axis = 0; axis + 1 < kernel.shape.size(); ++axis)
    depth *= kernel.shape[axis];
  return depth;
}

/// The pre-activation sum of a convolution as a product over its patches:
/// sum(f, r) = bias[f] + sum over k of patch(k, r) * kernel[k, f].
template <typename ConvOp>
static Func convolutionAsProduct(ConvOp op, const TensorFunc &source,
                                 const TensorFunc &kernel, const ConvWindow &window,
                                 const std::vector<int64_t> &shape,
                                 const LoweringScope &scope, LoweredLayer &layer) {
  int spatial = static_cast<int>(shape.size()) - 2;
  llvm::ArrayRef<int64_t> taps(kernel.shape.data(), spatial);
  int64_t channels = source.shape.back(), filters = shape.back();
  int64_t depth = patchDepth(kernel);
  bool blocked = depth > kLongDepth;
  Panels panels = packPanels(
      layer.name + "_kernel_panels", scope.getMatrixTile(), filters,
      [&](Expr f, Expr k) {
        std::vector<Expr> at = splitPatchIndex(k, taps, channels);
        at.push_back(f);
        return kernel(at);
      },
      blocked ? Expr(static_cast<int>(depth)) : Expr());
  auto patch = [&](Expr k, Expr r) {
    std::vector<Expr> tap = splitPatchIndex(k, taps, channels);
    std::vector<Expr> at = unflattenRow(r, shape);
    for (int axis = 0; axis < spatial; ++axis)
      at[axis + 1] = at[axis + 1] * static_cast<int>(window.strides[axis]) +
                     tap[axis] * static_cast<int>(window.dilation[axis]) -
                     static_cast<int>(window.paddingBefore[axis]);
    at.push_back(tap.back());
    return source(at);
  };
  MatrixProduct product = defineMatrixProduct(
      layer.name + "_product", panels, true, static_cast<int>(depth),
      flatRowCount(shape, scope), patch, blocked, LhsReading::PackRowsInBlock);
  product.lhsRuns = {static_cast<int>(channels), /*alongRows=*/false};
  layer.products.push_back(product);

  std::vector<Halide::Var> vars = makeModelVars(static_cast<int>(shape.size()));
  std::vector<Expr> position(vars.begin(), vars.end() - 1);
  Expr value = product.product(vars.back(), flattenRow(position, shape));
  if (op.getBias())
    value += scope.lookup(op.getBias())({vars.back()});
  Func sum(layer.name + "_sum");
  defineAt(sum, vars) = value;
  layer.inlined.push_back(sum);
  return sum;
}

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
  if (useConvolutionProduct(patchDepth(kernel), shape.back())) {
    layer.schedule = ScheduleClass::MultiLoop;
    Func sum = convolutionAsProduct(op, source, kernel, window, shape, scope, layer);
    layer.output = applyActivation(op.getActivation(), TensorFunc{sum, shape}, layer.name,
                                   scope, layer);
    return layer;
  }

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
