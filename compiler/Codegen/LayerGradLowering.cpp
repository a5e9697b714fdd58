//===- LayerGradLowering.cpp - Adjoints of dense and bias -----------------===//
//
// Also the plumbing of the backward pass: nn.slice (the adjoint of concat)
// and nn.add (gradients of a value used several times).
//
//===----------------------------------------------------------------------===//

#include "Codegen/HalideLowering.h"


using namespace nnc;
using namespace nnc::codegen;
using Halide::Expr;
using Halide::Func;

static int64_t countElements(const std::vector<int64_t> &shape) {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

/// dx[..., k] = sum_u dpre[..., u] * kernel[k, u]
static LoweredLayer lowerDenseGradInput(nn::DenseGradInputOp op,
                                        const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  const TensorFunc &dpre = scope.lookup(op.getDpre());
  const TensorFunc &kernel = scope.lookup(op.getKernel());
  std::vector<int64_t> shape = getStaticShape(op.getResult());
  std::vector<Halide::Var> vars = makeModelVars(static_cast<int>(shape.size()));
  if (useDenseProduct(shape, dpre.shape.back())) {
    layer.schedule = ScheduleClass::MultiLoop;
    // dpre kernel^T over the flattened rows; kernel^T packed once.
    // Over thousands of classes (logits), k in blocks: a panel of them would
    // not stay in L2.
    int depth = static_cast<int>(dpre.shape.back());
    bool blocked = depth > kLongDepth;
    Panels panels = packPanels(
        layer.name + "_kernel_t_panels", scope.getMatrixTile(), shape.back(),
        [&](Expr c, Expr unit) { return kernel({c, unit}); }, blocked ? Expr(depth) : Expr());
    Func dpreRows = flattenRows(layer.name + "_dpre_rows", dpre, scope, layer);
    MatrixProduct product = defineMatrixProduct(
        layer.name + "_product", panels, true, depth, flatRowCount(shape, scope),
        [&](Expr k, Expr row) { return dpreRows(k, row); }, blocked,
        LhsReading::CoversRows);
    layer.products.push_back(product);
    std::vector<Expr> position(vars.begin(), vars.end() - 1);
    layer.output = TensorFunc{Func(layer.name), shape};
    defineAt(layer.output.func, vars) =
        product.product(vars.back(), flattenRow(position, shape));
    return layer;
  }
  Halide::RDom u(0, static_cast<int>(dpre.shape.back()), layer.name + "_u");
  std::vector<Expr> dpreAt(vars.begin(), vars.end());
  dpreAt.back() = u;

  layer.output = TensorFunc{Func(layer.name), shape};
  defineAt(layer.output.func, vars) = 0.0f;
  defineAt(layer.output.func, vars) += dpre(dpreAt) * kernel({vars.back(), u});
  layer.reductions.push_back(u);
  return layer;
}

/// dkernel[k, u] = sum over every leading position of x[..., k] * dpre[..., u]
static LoweredLayer lowerDenseGradKernel(nn::DenseGradKernelOp op,
                                         const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::BatchSum);
  const TensorFunc &x = scope.lookup(op.getX());
  const TensorFunc &dpre = scope.lookup(op.getDpre());
  std::vector<int64_t> shape = getStaticShape(op.getResult());
  Halide::Var k("k"), unit("u");
  std::vector<Halide::Var> vars{k, unit};
  if (useDenseProduct(x.shape, shape.back())) {
    layer.schedule = ScheduleClass::MultiLoop;
    // x^T dpre: every row (batch x positions) in order for each element, in
    // blocks of rows (the product packs x's rows itself).
    Expr rows = flatRowCount(x.shape, scope);
    Panels panels = packPanels(
        layer.name + "_dpre_panels", scope.getMatrixTile(), shape.back(),
        [&](Expr c, Expr r) {
          std::vector<Expr> at = unflattenRow(r, dpre.shape);
          at.push_back(c);
          return dpre(at);
        },
        rows);
    MatrixProduct product = defineMatrixProduct(
        layer.name + "_product", panels, true, rows, static_cast<int>(x.shape.back()),
        [&](Expr row, Expr kernelRow) {
          std::vector<Expr> at = unflattenRow(row, x.shape);
          at.push_back(kernelRow);
          return x(at);
        },
        /*blocked=*/true, LhsReading::PackRows);
    layer.products.push_back(product);
    layer.output = TensorFunc{Func(layer.name), shape};
    defineAt(layer.output.func, vars) = product.product(unit, k);
    return layer;
  }

  // The axes between the batch and the features, innermost first.
  std::vector<std::pair<Expr, Expr>> inner;
  for (int axis = x.rank() - 2; axis >= 1; --axis)
    inner.push_back({0, static_cast<int>(x.shape[axis])});
  int middle = x.rank() - 2;
  auto body = [&](Expr n, const Halide::RDom &r) {
    std::vector<Expr> at{n};
    for (int axis = 1; axis <= middle; ++axis)
      at.push_back(r[middle - axis]);
    std::vector<Expr> xAt = at, dpreAt = at;
    xAt.push_back(k);
    dpreAt.push_back(unit);
    return x(xAt) * dpre(dpreAt);
  };
  layer.output = TensorFunc{Func(layer.name), shape};
  defineBatchSum(layer, layer.output.func, vars, inner, body, scope,
                 countElements(shape));
  return layer;
}

/// dbias[c] = sum over all axes but the last of dpre
static LoweredLayer lowerBiasGrad(nn::BiasGradOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::BatchSum);
  const TensorFunc &dpre = scope.lookup(op.getDpre());
  defineChannelSum(layer, dpre, [&](const std::vector<Expr> &at) { return dpre(at); }, scope);
  return layer;
}

static LoweredLayer lowerSlice(nn::SliceOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  const TensorFunc &x = scope.lookup(op.getX());
  int axis = static_cast<int>(op.getNormalizedAxis());
  int offset = static_cast<int>(op.getOffset());
  layer.output = defineElementwise(
      layer.name, getStaticShape(op.getResult()), [&](const auto &vars) {
        std::vector<Expr> at(vars.begin(), vars.end());
        at[axis] = at[axis] + offset;
        return x(at);
      });
  return layer;
}

static LoweredLayer lowerAdd(nn::AddOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  const TensorFunc &a = scope.lookup(op.getA());
  const TensorFunc &b = scope.lookup(op.getB());
  layer.output = defineElementwise(layer.name, getStaticShape(op.getResult()),
                                   [&](const auto &vars) {
                                     std::vector<Expr> at(vars.begin(), vars.end());
                                     return a(at) + b(at);
                                   });
  return layer;
}

void codegen::registerLayerGradLowerings(mlir::MLIRContext *context) {
  attachLowering<nn::DenseGradInputOp, lowerDenseGradInput>(context);
  attachLowering<nn::DenseGradKernelOp, lowerDenseGradKernel>(context);
  attachLowering<nn::BiasGradOp, lowerBiasGrad>(context);
  attachLowering<nn::SliceOp, lowerSlice>(context);
  attachLowering<nn::AddOp, lowerAdd>(context);
}
