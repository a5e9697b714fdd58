//===- RecurrentLowering.cpp - What Keras's recurrent layers share --------===//
//
// The time loop of LSTM, GRU and SimpleRNN, forward and backward, without
// their cells (see RecurrentLowering.h). Written once for the LSTM and
// shared since: each step's recurrent product packs no weights again, and the
// weight gradients are three products over N*T rows, not T small ones.
//
//===----------------------------------------------------------------------===//

#include "Codegen/RecurrentLowering.h"

using namespace nnc;
using namespace nnc::codegen;
using Halide::Expr;
using Halide::Func;

Expr codegen::sigmoid(Expr x) { return 1.0f / (1.0f + Halide::exp(-x)); }

RecurrentSizes codegen::getRecurrentSizes(const TensorFunc &x,
                                          const TensorFunc &recurrentKernel) {
  int units = static_cast<int>(recurrentKernel.shape[0]);
  return {static_cast<int>(x.shape[1]), static_cast<int>(x.shape[2]), units,
          static_cast<int>(recurrentKernel.shape[1] / units)};
}

Func codegen::defineStateFunc(const std::string &name, const TensorFunc *tensor) {
  Halide::Var j("j"), n("n");
  Func state(name);
  state(j, n) = tensor ? (*tensor)({n, j}) : Expr(0.0f);
  return state;
}

MatrixProduct codegen::defineInputProjection(const std::string &name, const TensorFunc &x,
                                             const TensorFunc &kernel,
                                             const RecurrentSizes &sizes,
                                             const LoweringScope &scope, LoweredLayer &layer) {
  Panels kernelPanels = packPanels(name + "_kernel_panels", scope.getMatrixTile(), sizes.gateWidth(),
                                   [&](Expr c, Expr k) { return kernel({k, c}); });
  // x flattened once: the product's inner loop reads its rows at fixed
  // offsets (r / steps, r % steps there cost vector index arithmetic per k).
  Func xRows = flattenRows(name + "_x_rows", x, scope, layer);
  MatrixProduct projection = defineMatrixProduct(
      name + "_projection", kernelPanels, true, sizes.inputs,
      scope.getBatchSize() * sizes.steps, [&](Expr k, Expr r) { return xRows(k, r); },
      /*blocked=*/false, LhsReading::CoversRows);
  layer.products.push_back(projection);
  return projection;
}

RecurrentProducts::RecurrentProducts(const std::string &name, const TensorFunc &x,
                                     const TensorFunc &kernel,
                                     const TensorFunc &recurrentKernel,
                                     const RecurrentSizes &sizes,
                                     const LoweringScope &scope, LoweredLayer &layer)
    : name(name), sizes(sizes), scope(scope), layer(layer) {
  projection = defineInputProjection(name, x, kernel, sizes, scope, layer);
  recurrentPanels = packPanels(name + "_recurrent_panels", scope.getMatrixTile(), sizes.gateWidth(),
                               [&](Expr c, Expr k) { return recurrentKernel({k, c}); });
}

Expr RecurrentProducts::input(Expr g, Expr n, int step) const {
  return projection.product(g, n * sizes.steps + step);
}

Func RecurrentProducts::recurrent(const std::string &suffix, const Func &hPrev) {
  MatrixProduct recurrence = defineMatrixProduct(
      name + "_recurrence" + suffix, recurrentPanels, !panelsPacked, sizes.units,
      scope.getBatchSize(), [hPrev](Expr k, Expr r) { return hPrev(k, r); });
  panelsPacked = true;
  layer.products.push_back(recurrence);
  return recurrence.product;
}

Func codegen::stackSequence(const std::string &name, const std::vector<Func> &hidden,
                            LoweredLayer &layer) {
  Halide::Var j("j"), n("n"), t("t");
  Func sequence(name);
  sequence(j, t, n) = 0.0f;
  for (size_t step = 0; step < hidden.size(); ++step)
    sequence(j, static_cast<int>(step), n) = hidden[step](j, n);
  layer.rootStages.push_back(
      {sequence, std::vector<std::optional<Halide::RVar>>(hidden.size() + 1)});
  return sequence;
}

void codegen::setRecurrentResults(LoweredLayer &layer, mlir::Operation *op,
                                  const RecurrentTrace &trace,
                                  const std::vector<Func> &finalState) {
  mlir::Value output = op->getResult(0);
  std::vector<int64_t> stateShape = getStaticShape(op->getResult(1));
  int last = static_cast<int>(getStaticShape(op->getOperand(0))[1]) - 1;
  Halide::Var j("j"), n("n");
  if (getStaticShape(output).size() == 3) {
    layer.output = TensorFunc{trace.hidden, getStaticShape(output)};
  } else {
    Func lastStep(layer.name);
    lastStep(j, n) = trace.hidden(j, last, n);
    layer.output = TensorFunc{lastStep, stateShape};
    layer.rootStages.push_back({lastStep, {}});
  }
  for (const Func &state : finalState) {
    layer.moreResults.push_back(TensorFunc{state, stateShape});
    layer.rootStages.push_back({state, {}});
  }
}

Expr codegen::outputGradientAt(const TensorFunc &doutput, bool sequences, int step,
                               int steps, Expr j, Expr n) {
  if (sequences)
    return doutput({n, step, j});
  return step == steps - 1 ? doutput({n, j}) : Expr(0.0f);
}

const RecurrentTrace &
codegen::findOrRecompute(mlir::Value forwardOutput, const LoweringScope &scope,
                         RecurrentTrace &recomputed,
                         const std::function<RecurrentTrace()> &recompute) {
  if (mlir::Operation *forward = forwardOutput.getDefiningOp())
    if (const RecurrentTrace *found = scope.findRecurrence(forward))
      return *found;
  recomputed = recompute();
  return recomputed;
}

RecurrentBackprop::RecurrentBackprop(const std::string &name,
                                     const TensorFunc &recurrentKernel,
                                     const RecurrentSizes &sizes,
                                     const LoweringScope &scope, LoweredLayer &layer)
    : name(name), sizes(sizes), scope(scope), layer(layer) {
  // dh_{t-1} = dz_t recurrent_kernel^T: panels of recurrent_kernel^T.
  transposedPanels = packPanels(name + "_recurrent_t_panels", scope.getMatrixTile(), sizes.units,
                                [&](Expr c, Expr gate) { return recurrentKernel({c, gate}); });
}

Func RecurrentBackprop::intoPrevious(int step, const Func &dzRecurrent) {
  int units = sizes.units;
  // dz(j, q, n) read at the flat gate index q*U + j.
  MatrixProduct product = defineMatrixProduct(
      name + "_dh" + (step == 0 ? std::string("0") : "_into_t" + std::to_string(step)),
      transposedPanels, !panelsPacked, static_cast<int>(sizes.gateWidth()),
      scope.getBatchSize(), [dzRecurrent, units](Expr gate, Expr r) {
        return dzRecurrent(gate % units, gate / units, r);
      });
  panelsPacked = true;
  layer.products.push_back(product);
  return product.product;
}

Func codegen::stackStepRows(const std::string &name, const std::string &batchRowsName,
                            const std::vector<Func> &perStep, const RecurrentSizes &sizes,
                            const LoweringScope &scope, LoweredLayer &layer) {
  Halide::Var j("j"), q("q"), r("r");
  Halide::RDom batchRows(0, scope.getBatchSize(), batchRowsName);
  Func rows(name);
  rows(j, q, r) = 0.0f;
  for (int step = 0; step < sizes.steps; ++step)
    rows(j, q, batchRows.x * sizes.steps + step) = perStep[step](j, q, batchRows.x);
  RootStage stage{rows, {}};
  stage.parallelRVar = batchRows.x;
  layer.rootStages.push_back(stage);
  return rows;
}

TensorFunc codegen::copyResult(const std::string &name, std::vector<int64_t> shape,
                               const std::function<Expr(const std::vector<Halide::Var> &)> &value,
                               LoweredLayer &layer) {
  TensorFunc result = defineElementwise(name, shape, value);
  layer.rootStages.push_back({result.func, {}});
  return result;
}

/// sum over every row of rows(j, q, r), in order, vectorized over j.
static Func sumRows(const std::string &name, const std::string &rowsName, const Func &rows,
                    Expr rowCount, LoweredLayer &layer) {
  Halide::Var j("j"), q("q");
  Halide::RDom everyRow(0, rowCount, rowsName);
  Func sum(name);
  sum(j, q) = 0.0f;
  sum(j, q) += rows(j, q, everyRow.x);
  layer.rootStages.push_back({sum, {std::nullopt, std::nullopt}, true, {everyRow.x}});
  return sum;
}

RecurrentWeightGradients codegen::defineRecurrentWeightGradients(
    const std::string &name, mlir::Operation *op, const TensorFunc &x,
    const TensorFunc &kernel, const RecurrentTrace &trace, const RecurrentSizes &sizes,
    const Func &dzRows, const std::optional<Func> &dzRecurrentRows,
    const LoweringScope &scope, LoweredLayer &layer) {
  const int steps = sizes.steps, units = sizes.units;
  const int64_t gateWidth = sizes.gateWidth();
  Expr rows = scope.getBatchSize() * steps;
  auto rowN = [steps](Expr r) { return r / steps; };
  auto rowT = [steps](Expr r) { return r % steps; };
  auto flat = [units](const Func &stacked) {
    return [stacked, units](Expr gate, Expr r) {
      return stacked(gate % units, gate / units, r);
    };
  };
  Panels dzPanels = packPanels(name + "_dz_panels", scope.getMatrixTile(), gateWidth, flat(dzRows), rows);
  // GRU's recurrent side differs in the candidate gate: panels of its own.
  std::optional<Panels> dzRecurrentPanels;
  if (dzRecurrentRows)
    dzRecurrentPanels = packPanels(name + "_dz_recurrent_panels", scope.getMatrixTile(), gateWidth,
                                   flat(*dzRecurrentRows), rows);

  // dkernel(g, k) = sum over rows of x(k, row) dz(g, row) (the product packs
  // x's rows itself).
  MatrixProduct dkernel = defineMatrixProduct(
      name + "_dkernel_product", dzPanels, true, rows, sizes.inputs,
      [&](Expr row, Expr k) { return x({rowN(row), rowT(row), k}); }, /*blocked=*/true,
      LhsReading::PackRows);
  // drecurrent_kernel(g, j) = sum over rows of h_{t-1}(j, row) dz_rec(g, row).
  Func initialH = trace.initialH, hidden = trace.hidden;
  MatrixProduct drecurrent = defineMatrixProduct(
      name + "_drecurrent_product", dzRecurrentPanels ? *dzRecurrentPanels : dzPanels,
      dzRecurrentPanels.has_value(), rows, units,
      [=](Expr row, Expr unitIndex) {
        return Halide::select(rowT(row) == 0, initialH(unitIndex, rowN(row)),
                              hidden(unitIndex, Halide::max(rowT(row) - 1, 0), rowN(row)));
      },
      /*blocked=*/true, LhsReading::PackRows);
  // dx(k, row) = sum over gates of dz(g, row) kernel(k, g).
  Panels kernelPanels = packPanels(name + "_kernel_t_panels", scope.getMatrixTile(), sizes.inputs,
                                   [&](Expr c, Expr gate) { return kernel({c, gate}); });
  MatrixProduct dx = defineMatrixProduct(name + "_dx_product", kernelPanels, true,
                                         static_cast<int>(gateWidth), rows, flat(dzRows),
                                         /*blocked=*/false, LhsReading::CoversRows);
  layer.products.push_back(dkernel);
  layer.products.push_back(drecurrent);
  layer.products.push_back(dx);

  RecurrentWeightGradients gradients;
  gradients.dx = copyResult(
      name + "_dx", getStaticShape(op->getResult(0)),
      [&](const auto &v) { return dx.product(v[2], v[0] * steps + v[1]); }, layer);
  gradients.dkernel =
      copyResult(name + "_dkernel", getStaticShape(op->getResult(1)),
                 [&](const auto &v) { return dkernel.product(v[1], v[0]); }, layer);
  gradients.drecurrentKernel =
      copyResult(name + "_drecurrent_kernel", getStaticShape(op->getResult(2)),
                 [&](const auto &v) { return drecurrent.product(v[1], v[0]); }, layer);
  gradients.inputBiasSum = sumRows(name + "_dbias_sum", name + "_rows", dzRows, rows, layer);
  gradients.recurrentBiasSum =
      dzRecurrentRows ? sumRows(name + "_drecurrent_bias_sum", name + "_recurrent_rows",
                                *dzRecurrentRows, rows, layer)
                      : gradients.inputBiasSum;
  return gradients;
}
