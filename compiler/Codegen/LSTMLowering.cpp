//===- LSTMLowering.cpp - The Keras LSTM, unrolled over time --------------===//
//
// Keras gate order i, f, g, o along the last axis of kernel, recurrent_kernel
// and bias (gate q of unit j at q*U + j). The time loop (the input
// projection of all steps at once, one product h_{t-1} x recurrent_kernel per
// step) is RecurrentLowering's; the cell is one fused stage per step (gates,
// nonlinearities), then c_t and h_t. The gradient (LSTMGradLowering.cpp)
// reads the gate activations and cell states kept here, through
// LoweringScope::findRecurrence.
//
//===----------------------------------------------------------------------===//

#include "Codegen/HalideLowering.h"
#include "Codegen/RecurrentLowering.h"

using namespace nnc;
using namespace nnc::codegen;
using Halide::Expr;
using Halide::Func;

RecurrentTrace codegen::buildLSTMRecurrence(const std::string &name, const TensorFunc &x,
                                            const TensorFunc &kernel,
                                            const TensorFunc &recurrentKernel,
                                            const TensorFunc &bias, const TensorFunc *h0,
                                            const TensorFunc *c0, const LoweringScope &scope,
                                            LoweredLayer &layer) {
  RecurrentSizes sizes = getRecurrentSizes(x, recurrentKernel);
  const int units = sizes.units;
  Halide::Var g("g"), j("j"), n("n"), q("q");

  RecurrentTrace trace;
  trace.initialH = defineStateFunc(name + "_h0", h0);
  trace.initialC = defineStateFunc(name + "_c0", c0);
  layer.inlined.push_back(trace.initialH);
  layer.inlined.push_back(trace.initialC);

  RecurrentProducts products(name, x, kernel, recurrentKernel, sizes, scope, layer);
  Func hPrev = trace.initialH, cPrev = trace.initialC;
  std::vector<Func> hidden;
  for (int step = 0; step < sizes.steps; ++step) {
    std::string suffix = "_t" + std::to_string(step);
    Func z(name + "_z" + suffix);
    Expr pre = products.input(g, n, step) + bias({g});
    // Without an initial state h_{-1} is zero: no product at the first step.
    if (step > 0 || h0)
      pre += products.recurrent(suffix, hPrev)(g, n);
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
  trace.hidden = stackSequence(name + "_sequence", hidden, layer);
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
  RecurrentTrace trace = buildLSTMRecurrence(
      layer.name, x, scope.lookup(op.getKernel()), scope.lookup(op.getRecurrentKernel()),
      scope.lookup(op.getBias()), h0 ? &*h0 : nullptr, c0 ? &*c0 : nullptr, scope, layer);
  scope.recordRecurrence(op, trace);

  int last = static_cast<int>(trace.cells.size()) - 1;
  Halide::Var j("j"), n("n");
  Func finalH(layer.name + "_final_h"), finalC(layer.name + "_final_c");
  finalH(j, n) = trace.hidden(j, last, n);
  finalC(j, n) = trace.cells[last](j, n);
  setRecurrentResults(layer, op, trace, {finalH, finalC});
  return layer;
}

void codegen::registerLSTMLowerings(mlir::MLIRContext *context) {
  attachLowering<nn::LSTMOp, lowerLSTM>(context);
}
