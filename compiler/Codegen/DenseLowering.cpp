//===- DenseLowering.cpp - nn.dense as a Halide reduction -----------------===//
//
// Keras Dense acts on the last axis of any rank:
//   y[..., u] = act(bias[u] + sum_k x[..., k] * kernel[k, u])
//
//===----------------------------------------------------------------------===//

#include "Codegen/HalideLowering.h"

using namespace nnc;
using namespace nnc::codegen;
using Halide::Expr;
using Halide::Func;

bool codegen::useDenseProduct(const std::vector<int64_t> &inputShape, int64_t units) {
  if (inputShape.back() * units < kDenseProductMinWeights)
    return false;
  return inputShape.size() >= 3 || units >= kProductMinColumns;
}

Expr codegen::flatRowCount(const std::vector<int64_t> &shape, const LoweringScope &scope) {
  Expr rows = scope.getBatchSize();
  for (size_t axis = 1; axis + 1 < shape.size(); ++axis)
    rows = rows * static_cast<int>(shape[axis]);
  return rows;
}

Func codegen::flattenRows(const std::string &name, const TensorFunc &tensor,
                          const LoweringScope &scope, LoweredLayer &layer) {
  Func rows(name);
  Halide::Var k("k"), r("r");
  std::vector<Expr> at =
      unflattenRow(Halide::min(r, flatRowCount(tensor.shape, scope) - 1), tensor.shape);
  at.push_back(k);
  rows(k, r) = tensor(at);
  layer.rootStages.push_back({rows, {}});
  return rows;
}

std::vector<Expr> codegen::unflattenRow(Expr r, const std::vector<int64_t> &shape) {
  std::vector<Expr> position(shape.size() - 1);
  for (size_t axis = shape.size() - 2; axis >= 1; --axis) {
    position[axis] = r % static_cast<int>(shape[axis]);
    r = r / static_cast<int>(shape[axis]);
  }
  position[0] = r;
  return position;
}

Expr codegen::flattenRow(const std::vector<Expr> &position, const std::vector<int64_t> &shape) {
  Expr r = position[0];
  for (size_t axis = 1; axis + 1 < shape.size(); ++axis)
    r = r * static_cast<int>(shape[axis]) + position[axis];
  return r;
}

/// x kernel as one product over the flattened rows (sequence logits).
static Func denseAsProduct(nn::DenseOp op, const TensorFunc &input, const TensorFunc &kernel,
                           const LoweringScope &scope, LoweredLayer &layer) {
  std::vector<int64_t> shape = getStaticShape(op.getResult());
  int64_t units = shape.back();
  Panels panels = packPanels(layer.name + "_kernel_panels", scope.getMatrixTile(), units,
                           [&](Expr c, Expr k) { return kernel({k, c}); });
  // The input flattened once: the product's inner loop then reads its rows at
  // fixed offsets (unflattening r there put vector index arithmetic and
  // extracts around every k).
  Func inputRows = flattenRows(layer.name + "_x_rows", input, scope, layer);
  MatrixProduct product = defineMatrixProduct(
      layer.name + "_product", panels, true, static_cast<int>(input.shape.back()),
      flatRowCount(input.shape, scope),
      [&](Expr depth, Expr row) { return inputRows(depth, row); }, /*blocked=*/false,
      LhsReading::CoversRows);
  layer.products.push_back(product);
  std::vector<Halide::Var> vars = makeModelVars(static_cast<int>(shape.size()));
  std::vector<Expr> position(vars.begin(), vars.end() - 1);
  Func sum(layer.name + "_sum");
  Expr value = product.product(vars.back(), flattenRow(position, shape));
  if (op.getBias())
    value += scope.lookup(op.getBias())({vars.back()});
  defineAt(sum, vars) = value;
  layer.inlined.push_back(sum);
  return sum;
}

static LoweredLayer lowerDense(nn::DenseOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  const TensorFunc &input = scope.lookup(op.getX());
  const TensorFunc &kernel = scope.lookup(op.getKernel());
  std::vector<int64_t> shape = getStaticShape(op.getResult());
  int rank = static_cast<int>(shape.size());
  if (useDenseProduct(input.shape, shape.back())) {
    layer.schedule = ScheduleClass::MultiLoop;
    Func sum = denseAsProduct(op, input, kernel, scope, layer);
    layer.output = applyActivation(op.getActivation(), TensorFunc{sum, shape}, layer.name,
                                   scope, layer);
    return layer;
  }

  std::vector<Halide::Var> vars = makeModelVars(rank);
  Halide::Var unit = vars.back();
  Halide::RDom k(0, static_cast<int>(input.shape.back()), layer.name + "_k");
  std::vector<Expr> inputAt(vars.begin(), vars.end());
  inputAt.back() = k;

  Func sum(layer.name + "_sum");
  Expr init = op.getBias() ? scope.lookup(op.getBias())({unit}) : Expr(0.0f);
  defineAt(sum, vars) = init;
  defineAt(sum, vars) += input(inputAt) * kernel({k, unit});
  layer.stages.push_back({sum, {k}});

  layer.output = applyActivation(op.getActivation(), TensorFunc{sum, shape},
                                 layer.name, scope, layer);
  return layer;
}

void codegen::registerDenseLowerings(mlir::MLIRContext *context) {
  attachLowering<nn::DenseOp, lowerDense>(context);
}
