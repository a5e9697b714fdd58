//===- LSTMLowering.cpp - The Keras LSTM, unrolled over time --------------===//
//
// Keras gate order i, f, g, o along the last axis of kernel, recurrent_kernel
// and bias (gate q of unit j at q*U + j). The input projection of all time
// steps is one matrix product over N*T rows; then, per time step, one product
// h_{t-1} x recurrent_kernel and one fused cell stage (gates, nonlinearities,
// c_t, h_t). The sequence output stacks the h_t. The gradient
// (LSTMGradLowering.cpp) reads the gate activations and cell states kept
// here, through LoweringScope::findLSTM.
//
//===----------------------------------------------------------------------===//

#include "Codegen/HalideLowering.h"

using namespace nnc;
using namespace nnc::codegen;
using Halide::Expr;
using Halide::Func;

Expr codegen::sigmoid(Expr x) { return 1.0f / (1.0f + Halide::exp(-x)); }

/// A [N, U] Func in Halide order (j, n) from a model-order tensor, or zeros.
static Func stateFunc(const std::string &name, const TensorFunc *tensor) {
  Halide::Var j("j"), n("n");
  Func state(name);
  state(j, n) = tensor ? (*tensor)({n, j}) : Expr(0.0f);
  return state;
}

LSTMTrace codegen::buildLSTMRecurrence(const std::string &name, const TensorFunc &x,
                                       const TensorFunc &kernel,
                                       const TensorFunc &recurrentKernel,
                                       const TensorFunc &bias, const TensorFunc *h0,
                                       const TensorFunc *c0, const LoweringScope &scope,
                                       LoweredLayer &layer) {
  const int steps = static_cast<int>(x.shape[1]);
  const int inputs = static_cast<int>(x.shape[2]);
  const int units = static_cast<int>(recurrentKernel.shape[0]);
  const int64_t gateWidth = 4 * static_cast<int64_t>(units);
  Expr batch = scope.getBatchSize();
  Halide::Var g("g"), j("j"), n("n"), t("t"), q("q");

  LSTMTrace trace;
  trace.initialH = stateFunc(name + "_h0", h0);
  trace.initialC = stateFunc(name + "_c0", c0);
  layer.inlined.push_back(trace.initialH);
  layer.inlined.push_back(trace.initialC);

  // x_t kernel for every (n, t) at once: rows r = n * T + t.
  Panels kernelPanels = packPanels(name + "_kernel_panels", gateWidth,
                                 [&](Expr c, Expr k) { return kernel({k, c}); });
  // x flattened once: the product's inner loop reads its rows at fixed
  // offsets (r / steps, r % steps there cost vector index arithmetic per k).
  Func xRows = flattenRows(name + "_x_rows", x, scope, layer);
  MatrixProduct projection = defineMatrixProduct(
      name + "_projection", kernelPanels, true, inputs, batch * steps,
      [&](Expr k, Expr r) { return xRows(k, r); }, /*blocked=*/false,
      LhsReading::CoversRows);
  layer.products.push_back(projection);

  Panels recurrentPanels = packPanels(name + "_recurrent_panels", gateWidth, [&](Expr c, Expr k) {
    return recurrentKernel({k, c});
  });
  bool panelsPacked = false;
  Func hPrev = trace.initialH, cPrev = trace.initialC;
  std::vector<Func> hidden;
  for (int step = 0; step < steps; ++step) {
    std::string suffix = "_t" + std::to_string(step);
    Func z(name + "_z" + suffix);
    Expr pre = projection.product(g, n * steps + step) + bias({g});
    // Without an initial state h_{-1} is zero: no product at the first step.
    if (step > 0 || h0) {
      MatrixProduct recurrence = defineMatrixProduct(
          name + "_recurrence" + suffix, recurrentPanels, !panelsPacked, units, batch,
          [&, hPrev](Expr k, Expr r) { return hPrev(k, r); });
      panelsPacked = true;
      layer.products.push_back(recurrence);
      pre += recurrence.product(g, n);
    }
    z(g, n) = pre;
    layer.inlined.push_back(z);

    // The four gates' activations in one pass (q unrolled: each gate's
    // nonlinearity alone), kept for the gradient.
    Func gates(name + "_gates" + suffix);
    Expr zq = z(j + q * units, n);
    gates(j, q, n) = Halide::select(q == 2, Halide::tanh(zq), sigmoid(zq));
    layer.rootStages.push_back({gates, {}, false, {}, true});
    Expr inputGate = gates(j, 0, n), forgetGate = gates(j, 1, n);
    Expr candidate = gates(j, 2, n), outputGate = gates(j, 3, n);
    Func c(name + "_c" + suffix), h(name + "_h" + suffix);
    c(j, n) = forgetGate * cPrev(j, n) + inputGate * candidate;
    h(j, n) = outputGate * Halide::tanh(c(j, n));
    layer.rootStages.push_back({c, {}});
    layer.rootStages.push_back({h, {}});
    trace.gates.push_back(gates);
    trace.cells.push_back(c);
    hidden.push_back(h);
    hPrev = h;
    cPrev = c;
  }

  // The whole sequence, one update per step.
  trace.hidden = Func(name + "_sequence");
  trace.hidden(j, t, n) = 0.0f;
  for (int step = 0; step < steps; ++step)
    trace.hidden(j, step, n) = hidden[step](j, n);
  layer.rootStages.push_back(
      {trace.hidden, std::vector<std::optional<Halide::RVar>>(steps + 1)});
  return trace;
}

static LoweredLayer lowerLSTM(nn::LSTMOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::MultiLoop);
  const TensorFunc &x = scope.lookup(op.getX());
  auto initial = op.getInitialState();
  std::optional<TensorFunc> h0, c0;
  if (initial.size() == 2) {
    h0 = scope.lookup(initial[0]);
    c0 = scope.lookup(initial[1]);
  }
  LSTMTrace trace = buildLSTMRecurrence(
      layer.name, x, scope.lookup(op.getKernel()), scope.lookup(op.getRecurrentKernel()),
      scope.lookup(op.getBias()), h0 ? &*h0 : nullptr, c0 ? &*c0 : nullptr, scope, layer);
  scope.recordLSTM(op, trace);

  std::vector<int64_t> stateShape = getStaticShape(op.getFinalH());
  int last = static_cast<int>(trace.cells.size()) - 1;
  Halide::Var j("j"), n("n");
  Func finalH(layer.name + "_final_h"), finalC(layer.name + "_final_c");
  finalH(j, n) = trace.hidden(j, last, n);
  finalC(j, n) = trace.cells[last](j, n);
  if (op.getReturnSequences()) {
    layer.output = TensorFunc{trace.hidden, getStaticShape(op.getOutput())};
  } else {
    Func output(layer.name);
    output(j, n) = trace.hidden(j, last, n);
    layer.output = TensorFunc{output, stateShape};
    layer.rootStages.push_back({output, {}});
  }
  layer.moreResults = {TensorFunc{finalH, stateShape}, TensorFunc{finalC, stateShape}};
  layer.rootStages.push_back({finalH, {}});
  layer.rootStages.push_back({finalC, {}});
  return layer;
}

void codegen::registerLSTMLowerings(mlir::MLIRContext *context) {
  attachLowering<nn::LSTMOp, lowerLSTM>(context);
}
