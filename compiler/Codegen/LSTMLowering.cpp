//===- LSTMLowering.cpp - The Keras LSTM, one step pipeline per time step -===//
//
// Keras gate order i, f, g, o along the last axis of kernel, recurrent_kernel
// and bias (gate q of unit j at q*U + j). The input projection of all steps
// is one product (RecurrentLowering); a time step (h_{t-1} x
// recurrent_kernel, the gates, c_t, h_t) is a pipeline of its own that the
// layer calls once per step (StepPipeline.h), so compiling the layer costs
// the same for 14 steps as for 1. Each call returns the step's gates and
// states together (RecurrentTrace::steps), which the gradient
// (LSTMGradLowering.cpp) reads through LoweringScope::findRecurrence.
//
//===----------------------------------------------------------------------===//

#include "Codegen/HalideLowering.h"
#include "Codegen/RecurrentLowering.h"

using namespace nnc;
using namespace nnc::codegen;
using Halide::Expr;
using Halide::Func;

/// One step: z = x_t kernel + bias + h_{t-1} recurrent_kernel, the four
/// gates' activations in one pass (q unrolled: each gate's nonlinearity
/// alone), c_t and h_t, each computed whole.
static Func defineLSTMStep(const std::string &name, const StepInputs &inputs,
                           const LoweringScope &scope, LoweredLayer &layer) {
  const int units = inputs.units;
  Halide::Var g("g"), j("j"), n("n"), q("q");
  Func previous = inputs.previous, bias = inputs.bias;
  MatrixProduct recurrence = defineRecurrentProduct(name, inputs, scope, layer);
  Func z(name + "_z");
  z(g, n) = inputs.projection(g, n) + bias(g) + recurrence.product(g, n);
  layer.inlined.push_back(z);

  Func gates(name + "_gates");
  Expr zq = z(j + q * units, n);
  gates(j, q, n) = Halide::select(q == 2, Halide::tanh(zq), sigmoid(zq));
  layer.rootStages.push_back({gates, {}, false, {}, true});
  Expr inputGate = gates(j, 0, n), forgetGate = gates(j, 1, n);
  Expr candidate = gates(j, 2, n), outputGate = gates(j, 3, n);
  Func c(name + "_c"), h(name + "_h");
  c(j, n) = forgetGate * previous(j, kStepCell, n) + inputGate * candidate;
  h(j, n) = outputGate * Halide::tanh(c(j, n));
  layer.rootStages.push_back({c, {}});
  layer.rootStages.push_back({h, {}});

  // Whatever part of q the caller reads: every branch is a load.
  Func step(name + "_state");
  step(j, q, n) = Halide::select(q == kStepCell, c(j, n), q == kStepHidden, h(j, n),
                                 gates(j, Halide::clamp(q, 0, 3), n));
  layer.rootStages.push_back({step, {}});
  return step;
}

RecurrentTrace codegen::buildLSTMRecurrence(const std::string &name, const TensorFunc &x,
                                            const TensorFunc &kernel,
                                            const TensorFunc &recurrentKernel,
                                            const TensorFunc &bias, const TensorFunc *h0,
                                            const TensorFunc *c0, const LoweringScope &scope,
                                            LoweredLayer &layer) {
  RecurrentTrace trace;
  trace.initialH = defineStateFunc(name + "_h0", h0);
  trace.initialC = defineStateFunc(name + "_c0", c0);
  layer.inlined.push_back(trace.initialH);
  layer.inlined.push_back(trace.initialC);
  return runRecurrence(name, x, kernel, recurrentKernel, bias, trace, defineLSTMStep, scope,
                       layer);
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

  int last = static_cast<int>(trace.steps.size()) - 1;
  Halide::Var j("j"), n("n");
  Func finalH(layer.name + "_final_h"), finalC(layer.name + "_final_c");
  finalH(j, n) = trace.hidden(j, last, n);
  finalC(j, n) = trace.steps[last](j, kStepCell, n);
  setRecurrentResults(layer, op, trace, {finalH, finalC});
  return layer;
}

void codegen::registerLSTMLowerings(mlir::MLIRContext *context) {
  attachLowering<nn::LSTMOp, lowerLSTM>(context);
}
