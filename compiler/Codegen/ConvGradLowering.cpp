//===- ConvGradLowering.cpp - Adjoints of conv2d and conv2d_transpose -----===//
//
// All four are gathers, so no two iterations write one element and no atomics
// are needed: an input gradient is a (transposed) convolution of dpre, a
// kernel gradient a sum over (n, y, x) of input times dpre, which runs as a
// batch sum in fixed chunks (BatchReduction.cpp).
//
// With enough channels, conv2d's two gradients are matrix products over
// patches, as its forward pass is (ConvLowering.cpp): the input gradient
// (stride 1) a product over dpre's patches with the kernel's channel axes
// swapped, the kernel gradient patches^T dpre summed over every output
// position of the batch in order (blocks of k, added in order: the same
// result for any thread count).
//
//===----------------------------------------------------------------------===//

#include "Codegen/HalideLowering.h"
#include "nn/IR/ShapeArithmetic.h"


using namespace nnc;
using namespace nnc::codegen;
using Halide::Expr;
using Halide::Func;

namespace {

int asInt(int64_t value) { return static_cast<int>(value); }

int64_t countElements(const std::vector<int64_t> &shape) {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

/// Padding before the first row/column of a conv2d (Keras 'same' or none).
std::pair<int, int> convPadding(nn::Padding padding, int64_t inH, int64_t inW,
                                llvm::ArrayRef<int64_t> strides,
                                llvm::ArrayRef<int64_t> dilation, int64_t kernelH,
                                int64_t kernelW) {
  return {asInt(nn::getWindowPaddingBefore(inH, kernelH, strides[0], dilation[0], padding)),
          asInt(nn::getWindowPaddingBefore(inW, kernelW, strides[1], dilation[1], padding))};
}

/// Rows/columns a 'same' conv2d_transpose crops from the front of its full result.
std::pair<int, int> transposeCrop(nn::Padding padding, llvm::ArrayRef<int64_t> strides,
                                  int64_t kernelH, int64_t kernelW) {
  if (padding != nn::Padding::same)
    return {0, 0};
  return {asInt(std::max<int64_t>(kernelH - strides[0], 0) / 2),
          asInt(std::max<int64_t>(kernelW - strides[1], 0) / 2)};
}

/// dx as a product (stride 1): dx(c, r) = sum over k = (ky, kx, f) of
/// dpre[n, iy + padTop - ky * dilation, ix + padLeft - kx * dilation, f]
/// * kernel[ky, kx, c, f], r the flattened (n, iy, ix).
void gradInputAsProduct(const TensorFunc &source, const TensorFunc &kernel,
                        llvm::ArrayRef<int64_t> dilation, std::pair<int, int> padding,
                        const std::vector<int64_t> &shape, const LoweringScope &scope,
                        LoweredLayer &layer) {
  int64_t taps[2] = {kernel.shape[0], kernel.shape[1]};
  int64_t filters = kernel.shape[3], channels = shape[3];
  int64_t depth = taps[0] * taps[1] * filters;
  bool blocked = depth > kLongDepth;
  Panels panels = packPanels(
      layer.name + "_kernel_t_panels", scope.getMatrixTile(), channels,
      [&](Expr c, Expr k) {
        std::vector<Expr> at = splitPatchIndex(k, taps, filters);
        return kernel({at[0], at[1], c, at[2]});
      },
      blocked ? Expr(asInt(depth)) : Expr());
  auto patch = [&](Expr k, Expr r) {
    std::vector<Expr> tap = splitPatchIndex(k, taps, filters);
    std::vector<Expr> at = unflattenRow(r, shape);
    return source({at[0], at[1] + padding.first - tap[0] * asInt(dilation[0]),
                   at[2] + padding.second - tap[1] * asInt(dilation[1]), tap[2]});
  };
  MatrixProduct product = defineMatrixProduct(
      layer.name + "_product", panels, true, asInt(depth), flatRowCount(shape, scope), patch,
      blocked, LhsReading::PackRowsInBlock);
  product.lhsRuns = {asInt(filters), /*alongRows=*/false};
  layer.products.push_back(product);
  std::vector<Halide::Var> vars = makeModelVars(4);
  layer.output = TensorFunc{Func(layer.name), shape};
  defineAt(layer.output.func, vars) =
      product.product(vars[3], flattenRow({vars[0], vars[1], vars[2]}, shape));
}

/// dx[n, iy, ix, c] = sum over (ky, kx, f) of dpre[n, oy, ox, f] * kernel[ky, kx, c, f]
/// where iy = oy * stride + ky * dilation - padTop.
LoweredLayer lowerConv2DGradInput(nn::Conv2DGradInputOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  const TensorFunc &dpre = scope.lookup(op.getDpre());
  const TensorFunc &kernel = scope.lookup(op.getKernel());
  std::vector<int64_t> shape = getStaticShape(op.getResult());
  llvm::ArrayRef<int64_t> strides = op.getStrides(), dilation = op.getDilation();
  auto [padTop, padLeft] = convPadding(op.getPadding(), shape[1], shape[2], strides, dilation,
                                        kernel.shape[0], kernel.shape[1]);
  TensorFunc source = zeroPaddedImage(dpre);
  bool unitStrides = strides[0] == 1 && strides[1] == 1;
  if (unitStrides && useConvolutionProduct(kernel.shape[0] * kernel.shape[1] * kernel.shape[3],
                                           shape[3])) {
    layer.schedule = ScheduleClass::MultiLoop;
    gradInputAsProduct(source, kernel, dilation, {padTop, padLeft}, shape, scope, layer);
    return layer;
  }

  std::vector<Halide::Var> vars = makeModelVars(4);
  Halide::Var n = vars[0], y = vars[1], x = vars[2], c = vars[3];
  Halide::RDom r(0, asInt(kernel.shape[1]), 0, asInt(kernel.shape[0]), 0,
                 asInt(dpre.shape[3]), layer.name + "_r");
  Expr fromY = y + padTop - r.y * asInt(dilation[0]);
  Expr fromX = x + padLeft - r.x * asInt(dilation[1]);
  Expr strideY = asInt(strides[0]), strideX = asInt(strides[1]);
  if (strides[0] != 1 || strides[1] != 1)
    r.where(fromY % strideY == 0 && fromX % strideX == 0);

  // The kernel with its two channel axes swapped, stored once, so that the
  // input channels (the vectorized axis) are adjacent in memory.
  Halide::Var ky("ky"), kx("kx"), outC("f"), inC("c");
  Func swapped(layer.name + "_kernel_t");
  swapped(inC, outC, kx, ky) = kernel({ky, kx, inC, outC});
  layer.stages.push_back({swapped, {}, /*whole=*/true});

  layer.output = TensorFunc{Func(layer.name), shape};
  defineAt(layer.output.func, vars) = 0.0f;
  defineAt(layer.output.func, vars) +=
      source({n, fromY / strideY, fromX / strideX, r.z}) * swapped(c, r.z, r.x, r.y);
  layer.reductions.push_back(r);
  return layer;
}

/// dkernel[ky, kx, c, f] = sum over (n, oy, ox) of x[n, iy, ix, c] * dpre[n, oy, ox, f]
LoweredLayer lowerConv2DGradKernel(nn::Conv2DGradKernelOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::BatchSum);
  const TensorFunc &input = scope.lookup(op.getX());
  const TensorFunc &dpre = scope.lookup(op.getDpre());
  std::vector<int64_t> shape = getStaticShape(op.getResult());
  llvm::ArrayRef<int64_t> strides = op.getStrides(), dilation = op.getDilation();
  auto [padTop, padLeft] = convPadding(op.getPadding(), input.shape[1], input.shape[2],
                                       strides, dilation, shape[0], shape[1]);
  TensorFunc source =
      op.getPadding() == nn::Padding::same ? zeroPaddedImage(input) : input;

  Halide::Var ky("ky"), kx("kx"), c("ci"), f("co");
  std::vector<Halide::Var> vars{ky, kx, c, f};
  int64_t patchDepth = shape[0] * shape[1] * shape[2], filters = shape[3];
  if (useConvolutionProduct(patchDepth, filters)) {
    // dkernel(f, k) = sum over rows (n, oy, ox) of patch(row, k) * dpre(f, row).
    layer.schedule = ScheduleClass::MultiLoop;
    int64_t taps[2] = {shape[0], shape[1]};
    Expr rows = flatRowCount(dpre.shape, scope);
    Panels panels = packPanels(
        layer.name + "_dpre_panels", scope.getMatrixTile(), filters,
        [&](Expr column, Expr row) {
          std::vector<Expr> at = unflattenRow(row, dpre.shape);
          at.push_back(column);
          return dpre(at);
        },
        rows);
    auto patch = [&](Expr row, Expr k) {
      std::vector<Expr> tap = splitPatchIndex(k, taps, shape[2]);
      std::vector<Expr> at = unflattenRow(row, dpre.shape);
      return source({at[0], at[1] * asInt(strides[0]) + tap[0] * asInt(dilation[0]) - padTop,
                     at[2] * asInt(strides[1]) + tap[1] * asInt(dilation[1]) - padLeft,
                     tap[2]});
    };
    MatrixProduct product = defineMatrixProduct(
        layer.name + "_product", panels, true, rows, asInt(patchDepth), patch,
        /*blocked=*/true, LhsReading::PackRowsInBlock);
    // The rows walk the patch, channels innermost: runs along the rows.
    product.lhsRuns = {asInt(shape[2]), /*alongRows=*/true};
    layer.products.push_back(product);
    layer.output = TensorFunc{Func(layer.name), shape};
    Expr k = (ky * asInt(shape[1]) + kx) * asInt(shape[2]) + c;
    defineAt(layer.output.func, vars) = product.product(f, k);
    return layer;
  }
  auto body = [&](Expr n, const Halide::RDom &r) {
    Expr oy = r[1], ox = r[0];
    Expr iy = oy * asInt(strides[0]) + ky * asInt(dilation[0]) - padTop;
    Expr ix = ox * asInt(strides[1]) + kx * asInt(dilation[1]) - padLeft;
    return source({n, iy, ix, c}) * dpre({n, oy, ox, f});
  };
  layer.output = TensorFunc{Func(layer.name), shape};
  defineBatchSum(layer, layer.output.func, vars,
                 {{0, asInt(dpre.shape[2])}, {0, asInt(dpre.shape[1])}}, body, scope,
                 countElements(shape));
  return layer;
}

/// dx[n, iy, ix, c] = sum over (ky, kx, f) of dpre[n, iy * s + ky - crop, ., f]
///                    * kernel[ky, kx, f, c]: a strided convolution of dpre.
LoweredLayer lowerTransposeGradInput(nn::Conv2DTransposeGradInputOp op,
                                     const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  const TensorFunc &dpre = scope.lookup(op.getDpre());
  const TensorFunc &kernel = scope.lookup(op.getKernel());
  std::vector<int64_t> shape = getStaticShape(op.getResult());
  llvm::ArrayRef<int64_t> strides = op.getStrides();
  auto [cropTop, cropLeft] =
      transposeCrop(op.getPadding(), strides, kernel.shape[0], kernel.shape[1]);
  TensorFunc source = zeroPaddedImage(dpre);

  std::vector<Halide::Var> vars = makeModelVars(4);
  Halide::Var n = vars[0], y = vars[1], x = vars[2], c = vars[3];
  Halide::RDom r(0, asInt(kernel.shape[1]), 0, asInt(kernel.shape[0]), 0,
                 asInt(dpre.shape[3]), layer.name + "_r");
  Expr outY = y * asInt(strides[0]) + r.y - cropTop;
  Expr outX = x * asInt(strides[1]) + r.x - cropLeft;

  layer.output = TensorFunc{Func(layer.name), shape};
  defineAt(layer.output.func, vars) = 0.0f;
  defineAt(layer.output.func, vars) +=
      source({n, outY, outX, r.z}) * kernel({r.y, r.x, r.z, c});
  layer.reductions.push_back(r);
  return layer;
}

/// dkernel[ky, kx, f, c] = sum over (n, iy, ix) of x[n, iy, ix, c]
///                         * dpre[n, iy * s + ky - crop, ix * s + kx - crop, f]
LoweredLayer lowerTransposeGradKernel(nn::Conv2DTransposeGradKernelOp op,
                                      const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::BatchSum);
  const TensorFunc &input = scope.lookup(op.getX());
  const TensorFunc &dpre = scope.lookup(op.getDpre());
  std::vector<int64_t> shape = getStaticShape(op.getResult());
  llvm::ArrayRef<int64_t> strides = op.getStrides();
  auto [cropTop, cropLeft] = transposeCrop(op.getPadding(), strides, shape[0], shape[1]);
  TensorFunc source = zeroPaddedImage(dpre);

  Halide::Var ky("ky"), kx("kx"), f("co"), c("ci");
  std::vector<Halide::Var> vars{ky, kx, f, c};
  auto body = [&](Expr n, const Halide::RDom &r) {
    Expr iy = r[1], ix = r[0];
    Expr oy = iy * asInt(strides[0]) + ky - cropTop;
    Expr ox = ix * asInt(strides[1]) + kx - cropLeft;
    return input({n, iy, ix, c}) * source({n, oy, ox, f});
  };
  layer.output = TensorFunc{Func(layer.name), shape};
  defineBatchSum(layer, layer.output.func, vars,
                 {{0, asInt(input.shape[2])}, {0, asInt(input.shape[1])}}, body, scope,
                 countElements(shape));
  return layer;
}

} // namespace

void codegen::registerConvGradLowerings(mlir::MLIRContext *context) {
  attachLowering<nn::Conv2DGradInputOp, lowerConv2DGradInput>(context);
  attachLowering<nn::Conv2DGradKernelOp, lowerConv2DGradKernel>(context);
  attachLowering<nn::Conv2DTransposeGradInputOp, lowerTransposeGradInput>(context);
  attachLowering<nn::Conv2DTransposeGradKernelOp, lowerTransposeGradKernel>(context);
}
