//===- LSTMGradLowering.cpp - Backpropagation through time ----------------===//
//
// From the last step to the first, with dh_t the gradient reaching h_t (from
// the output and from step t+1) and dc_t the one reaching c_t:
//   dc_t = dh_t o (1 - tanh^2 c_t) + dc_{t+1} f_{t+1}
//   dz_t = [dc_t g i(1-i), dc_t c_{t-1} f(1-f), dc_t i (1-g^2), dh_t tanh(c_t) o(1-o)]
//   dh_{t-1} (recurrent part) = dz_t recurrent_kernel^T
// one product and one fused gate stage per step. The weight gradients then
// take every step at once, as products over N*T rows of the stacked dz:
//   dkernel = x^T dz, drecurrent_kernel = h_{t-1}^T dz, dbias = sum dz,
//   dx = dz kernel^T.
// Each output element sums in a fixed order: deterministic for any thread
// count. The gates and cell states come from the forward op's lowering.
//
//===----------------------------------------------------------------------===//

#include "Codegen/HalideLowering.h"

using namespace nnc;
using namespace nnc::codegen;
using Halide::Expr;
using Halide::Func;

static LoweredLayer lowerLSTMGrad(nn::LSTMGradOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::MultiLoop);
  const TensorFunc &x = scope.lookup(op.getX());
  const TensorFunc &kernel = scope.lookup(op.getKernel());
  const TensorFunc &recurrentKernel = scope.lookup(op.getRecurrentKernel());
  const TensorFunc &doutput = scope.lookup(op.getDoutput());
  auto initial = op.getInitialState();
  std::optional<TensorFunc> h0, c0;
  if (initial.size() == 2) {
    h0 = scope.lookup(initial[0]);
    c0 = scope.lookup(initial[1]);
  }

  // The forward op's Funcs when it was lowered in this pipeline, else its
  // recurrence again (a gradient pipeline given the forward output as input).
  const LSTMTrace *found = nullptr;
  if (mlir::Operation *forward = op.getForwardOutput().getDefiningOp())
    found = scope.findLSTM(forward);
  LSTMTrace recomputed;
  if (!found)
    recomputed = buildLSTMRecurrence(layer.name + "_forward", x, kernel, recurrentKernel,
                                     scope.lookup(op.getBias()), h0 ? &*h0 : nullptr,
                                     c0 ? &*c0 : nullptr, scope, layer);
  const LSTMTrace &trace = found ? *found : recomputed;

  const int steps = static_cast<int>(x.shape[1]);
  const int inputs = static_cast<int>(x.shape[2]);
  const int units = static_cast<int>(recurrentKernel.shape[0]);
  const int64_t gateWidth = 4 * static_cast<int64_t>(units);
  bool sequences = op.getReturnSequences();
  Expr batch = scope.getBatchSize();
  Halide::Var j("j"), q("q"), n("n"), t("t"), k("k");

  // dh_{t-1} = dz_t recurrent_kernel^T: panels of recurrent_kernel^T, packed
  // once for every step.
  Panels transposedPanels = packPanels(layer.name + "_recurrent_t_panels", units,
                                     [&](Expr c, Expr gate) {
                                       return recurrentKernel({c, gate});
                                     });
  bool panelsPacked = false;

  // dz_t(j, q, n): gate q of unit j (flat gate index q*U + j).
  auto flatGate = [units](const Func &dz, Expr gate, Expr r) {
    return dz(gate % units, gate / units, r);
  };
  std::vector<Func> dzOf(steps);
  std::optional<Func> dhFromNext, dcNext;
  for (int step = steps - 1; step >= 0; --step) {
    std::string suffix = "_t" + std::to_string(step);
    const Func &gates = trace.gates[step];
    Expr i = gates(j, 0, n), f = gates(j, 1, n), cand = gates(j, 2, n), o = gates(j, 3, n);
    Expr tanhC = Halide::tanh(trace.cells[step](j, n));
    Func cPrev = step > 0 ? trace.cells[step - 1] : trace.initialC;

    Func dh(layer.name + "_dh_total" + suffix);
    Expr fromOutput = sequences ? doutput({n, step, j})
                                : (step == steps - 1 ? doutput({n, j}) : Expr(0.0f));
    dh(j, n) = dhFromNext ? fromOutput + (*dhFromNext)(j, n) : fromOutput;
    layer.inlined.push_back(dh);

    Func dc(layer.name + "_dc" + suffix);
    Expr carried = dcNext ? (*dcNext)(j, n) * trace.gates[step + 1](j, 1, n) : Expr(0.0f);
    dc(j, n) = dh(j, n) * o * (1.0f - tanhC * tanhC) + carried;
    layer.rootStages.push_back({dc, {}});

    // All four gates in one pass, q unrolled so each copy computes its own.
    Func dz(layer.name + "_dz" + suffix);
    dz(j, q, n) = Halide::select(q == 0, dc(j, n) * cand * i * (1.0f - i),
                                 q == 1, dc(j, n) * cPrev(j, n) * f * (1.0f - f),
                                 q == 2, dc(j, n) * i * (1.0f - cand * cand),
                                 dh(j, n) * tanhC * o * (1.0f - o));
    layer.rootStages.push_back({dz, {}, false, {}, true});
    dzOf[step] = dz;

    Func dzCopy = dz;
    MatrixProduct product = defineMatrixProduct(
        layer.name + "_dh" + (step == 0 ? std::string("0") : "_into" + suffix),
        transposedPanels, !panelsPacked, static_cast<int>(gateWidth), batch,
        [&, dzCopy](Expr gate, Expr r) { return flatGate(dzCopy, gate, r); });
    panelsPacked = true;
    layer.products.push_back(product);
    dhFromNext = product.product;
    dcNext = dc;
  }

  // The gate gradients of all steps, dzRows(j, q, r) on the flat rows
  // r = n * steps + t of x: the products over rows read it at fixed offsets
  // (no row index arithmetic in their inner loops). Rows past the end, which
  // whole blocks compute, read zeros.
  Expr rows = batch * steps;
  Halide::Var r("r");
  Halide::RDom batchRows(0, batch, layer.name + "_batch_rows");
  Func dzRows(layer.name + "_dz_sequence");
  dzRows(j, q, r) = 0.0f;
  for (int step = 0; step < steps; ++step)
    dzRows(j, q, batchRows.x * steps + step) = dzOf[step](j, q, batchRows.x);
  RootStage dzStage{dzRows, {}};
  dzStage.parallelRVar = batchRows.x;
  layer.rootStages.push_back(dzStage);

  auto rowN = [&](Expr r) { return r / steps; };
  auto rowT = [&](Expr r) { return r % steps; };
  auto dzAt = [&](Expr gate, Expr r) { return dzRows(gate % units, gate / units, r); };
  Panels dzPanels = packPanels(layer.name + "_dz_panels", gateWidth, dzAt, rows);

  // dkernel(g, k) = sum over rows of x(k, row) dz(g, row) (the product packs
  // x's rows itself).
  MatrixProduct dkernel = defineMatrixProduct(
      layer.name + "_dkernel_product", dzPanels, true, rows, inputs,
      [&](Expr row, Expr k) { return x({rowN(row), rowT(row), k}); }, /*blocked=*/true,
      LhsReading::PackRows);
  // drecurrent_kernel(g, j) = sum over rows of h_{t-1}(j, row) dz(g, row).
  MatrixProduct drecurrent = defineMatrixProduct(
      layer.name + "_drecurrent_product", dzPanels, false, rows, units,
      [&](Expr row, Expr unitIndex) {
        return Halide::select(rowT(row) == 0, trace.initialH(unitIndex, rowN(row)),
                              trace.hidden(unitIndex, Halide::max(rowT(row) - 1, 0), rowN(row)));
      },
      /*blocked=*/true, LhsReading::PackRows);
  // dx(k, row) = sum over gates of dz(g, row) kernel(k, g).
  Panels kernelPanels = packPanels(layer.name + "_kernel_t_panels", inputs,
                                 [&](Expr c, Expr gate) { return kernel({c, gate}); });
  MatrixProduct dx = defineMatrixProduct(
      layer.name + "_dx_product", kernelPanels, true, static_cast<int>(gateWidth), rows,
      dzAt, /*blocked=*/false, LhsReading::CoversRows);
  layer.products.push_back(dkernel);
  layer.products.push_back(drecurrent);
  layer.products.push_back(dx);

  auto copy = [&](const std::string &suffix, std::vector<int64_t> shape,
                  const std::function<Expr(const std::vector<Halide::Var> &)> &value) {
    TensorFunc result = defineElementwise(layer.name + suffix, shape, value);
    layer.rootStages.push_back({result.func, {}});
    return result;
  };
  layer.output = copy("_dx", getStaticShape(op.getDx()), [&](const auto &v) {
    return dx.product(v[2], v[0] * steps + v[1]);
  });
  TensorFunc dkernelOut = copy("_dkernel", getStaticShape(op.getDkernel()),
                               [&](const auto &v) { return dkernel.product(v[1], v[0]); });
  TensorFunc drecurrentOut =
      copy("_drecurrent_kernel", getStaticShape(op.getDrecurrentKernel()),
           [&](const auto &v) { return drecurrent.product(v[1], v[0]); });

  // dbias(g): every row in order, vectorized over g; then copied into the
  // (1-d, so scalar) output.
  Halide::RDom everyRow(0, rows, layer.name + "_rows");
  Func biasSum(layer.name + "_dbias_sum");
  biasSum(j, q) = 0.0f;
  biasSum(j, q) += dzRows(j, q, everyRow.x);
  layer.rootStages.push_back({biasSum, {std::nullopt, std::nullopt}, true, {everyRow.x}});
  TensorFunc dbiasOut = copy("_dbias", getStaticShape(op.getDbias()),
                             [&](const auto &v) { return biasSum(v[0] % units, v[0] / units); });

  std::vector<int64_t> stateShape = getStaticShape(op.getDh0());
  TensorFunc dh0 = copy("_dh0", stateShape, [&](const auto &v) {
    return (*dhFromNext)(v[1], v[0]);
  });
  TensorFunc dc0 = copy("_dc0", stateShape, [&](const auto &v) {
    return (*dcNext)(v[1], v[0]) * trace.gates[0](v[1], 1, v[0]);
  });
  layer.moreResults = {dkernelOut, drecurrentOut, dbiasOut, dh0, dc0};
  return layer;
}

void codegen::registerLSTMGradLowerings(mlir::MLIRContext *context) {
  attachLowering<nn::LSTMGradOp, lowerLSTMGrad>(context);
}
