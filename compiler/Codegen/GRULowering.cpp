//===- GRULowering.cpp - The Keras GRU (reset_after=true) and its gradient ===//
//
// Keras gate order z, r, h along the last axis of kernel, recurrent_kernel and
// each row of bias [2, 3U] (input bias, recurrent bias). Per step, a step
// pipeline of RecurrentLowering.h's time loop:
//   a = x_t kernel + bias[0],  b = h_{t-1} recurrent_kernel + bias[1]
//   z = sigmoid(a_z + b_z),  r = sigmoid(a_r + b_r),  n = tanh(a_h + r b_h)
//   h_t = z h_{t-1} + (1 - z) n
// Backwards, dh_t reaches h_{t-1} directly through z as well as through the
// recurrent product, and the candidate's two sides differ (r scales b_h), so
// the input side's gate gradients dz and the recurrent side's dz_rec are
// stacked apart:
//   dz   = [dh (h_{t-1} - n) z(1-z),  dn b_h r(1-r),  dn],  dn = dh (1-z)(1-n^2)
//   dz_rec = [dz_z, dz_r, dn r]
//   dh_{t-1} = dh z + dz_rec recurrent_kernel^T
//
//===----------------------------------------------------------------------===//

#include "Codegen/HalideLowering.h"
#include "Codegen/RecurrentLowering.h"

using namespace nnc;
using namespace nnc::codegen;
using Halide::Expr;
using Halide::Func;

/// One step, keeping z, r, n and b_h (q = 0..3) for the gradient and h_t at
/// kStepHidden; the candidate's copy of the gates' pass (q unrolled)
/// computes r again rather than waiting for another pass.
static Func defineGRUStep(const std::string &name, const StepInputs &inputs,
                          const LoweringScope &scope, LoweredLayer &layer) {
  const int units = inputs.units;
  Halide::Var g("g"), j("j"), n("n"), q("q");
  Func previous = inputs.previous, bias = inputs.bias;
  MatrixProduct recurrence = defineRecurrentProduct(name, inputs, scope, layer);
  Func a(name + "_a"), b(name + "_b");
  a(g, n) = inputs.projection(g, n) + bias(g, 0);
  b(g, n) = bias(g, 1) + recurrence.product(g, n);
  layer.inlined.push_back(a);
  layer.inlined.push_back(b);

  Func gates(name + "_gates");
  Expr reset = sigmoid(a(j + units, n) + b(j + units, n));
  Expr candidateRecurrent = b(j + 2 * units, n);
  gates(j, q, n) = Halide::select(
      q == 0, sigmoid(a(j, n) + b(j, n)), q == 1, reset, q == 2,
      Halide::tanh(a(j + 2 * units, n) + reset * candidateRecurrent), candidateRecurrent);
  layer.rootStages.push_back({gates, {}, false, {}, true});
  Expr update = gates(j, 0, n), candidate = gates(j, 2, n);
  Func h(name + "_h");
  h(j, n) = update * previous(j, kStepHidden, n) + (1.0f - update) * candidate;
  layer.rootStages.push_back({h, {}});

  Func step(name + "_state");
  step(j, q, n) = Halide::select(q == kStepHidden, h(j, n), gates(j, Halide::clamp(q, 0, 3), n));
  layer.rootStages.push_back({step, {}});
  return step;
}

static RecurrentTrace buildGRURecurrence(const std::string &name, const TensorFunc &x,
                                         const TensorFunc &kernel,
                                         const TensorFunc &recurrentKernel,
                                         const TensorFunc &bias, const TensorFunc *h0,
                                         const LoweringScope &scope, LoweredLayer &layer) {
  RecurrentTrace trace;
  trace.initialH = defineStateFunc(name + "_h0", h0);
  layer.inlined.push_back(trace.initialH);
  return runRecurrence(name, x, kernel, recurrentKernel, bias, trace, defineGRUStep, scope,
                       layer);
}

static LoweredLayer lowerGRU(nn::GRUOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::MultiLoop);
  const TensorFunc &x = scope.lookup(op.getX());
  std::optional<TensorFunc> h0;
  if (!op.getInitialState().empty())
    h0 = scope.lookup(op.getInitialState()[0]);
  RecurrentTrace trace = buildGRURecurrence(
      layer.name, x, scope.lookup(op.getKernel()), scope.lookup(op.getRecurrentKernel()),
      scope.lookup(op.getBias()), h0 ? &*h0 : nullptr, scope, layer);
  scope.recordRecurrence(op, trace);

  int last = static_cast<int>(trace.steps.size()) - 1;
  Halide::Var j("j"), n("n");
  Func finalH(layer.name + "_final_h");
  finalH(j, n) = trace.hidden(j, last, n);
  setRecurrentResults(layer, op, trace, {finalH});
  return layer;
}

/// One step backwards. Returns (j, q, n): the input side's gate gradients
/// dz at q = 0..2, the recurrent side's candidate gradient dn r at q = 3 (its
/// other two are dz's), and dh_{t-1} = dh z + dz_rec recurrent_kernel^T at
/// kStepHidden.
static Func defineGRUStepGradient(const std::string &name, const StepGradientInputs &inputs,
                                  const LoweringScope &scope, LoweredLayer &layer) {
  const int units = inputs.units;
  Halide::Var j("j"), q("q"), n("n");
  Func state = inputs.state, next = inputs.next;
  Expr z = state(j, 0, n), r = state(j, 1, n), cand = state(j, 2, n);
  Expr candidateRecurrent = state(j, 3, n);
  Expr hPrev = inputs.previous(j, kStepHidden, n);

  // dh_t is read by the gates and by dh_{t-1}: computed once.
  Func dh(name + "_dh_total");
  dh(j, n) = inputs.fromOutput(j, n) + next(j, kStepHidden, n);
  layer.rootStages.push_back({dh, {}});

  Expr dcandidate = dh(j, n) * (1.0f - z) * (1.0f - cand * cand);
  Func dz(name + "_dz");
  dz(j, q, n) = Halide::select(q == 0, dh(j, n) * (hPrev - cand) * z * (1.0f - z),
                               q == 1, dcandidate * candidateRecurrent * r * (1.0f - r),
                               dcandidate);
  layer.rootStages.push_back({dz, {}, false, {}, true});
  Func dzRecurrent(name + "_dz_recurrent");
  dzRecurrent(j, q, n) = Halide::select(q == 2, dz(j, q, n) * r, dz(j, q, n));
  layer.rootStages.push_back({dzRecurrent, {}, false, {}, true});

  MatrixProduct intoPrevious = defineMatrixProduct(
      name + "_dh_into_previous", inputs.transposedPanels, /*ownsPanels=*/false, 3 * units,
      scope.getBatchSize(), [dzRecurrent, units](Expr gate, Expr row) {
        return dzRecurrent(gate % units, gate / units, row);
      });
  layer.products.push_back(intoPrevious);

  Func result(name + "_result");
  result(j, q, n) = Halide::select(q == kStepHidden, intoPrevious.product(j, n) + dh(j, n) * z,
                                   q == 3, dzRecurrent(j, 2, n),
                                   dz(j, Halide::clamp(q, 0, 2), n));
  layer.rootStages.push_back({result, {}});
  return result;
}

static LoweredLayer lowerGRUGrad(nn::GRUGradOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::MultiLoop);
  const TensorFunc &x = scope.lookup(op.getX());
  const TensorFunc &kernel = scope.lookup(op.getKernel());
  const TensorFunc &recurrentKernel = scope.lookup(op.getRecurrentKernel());
  std::optional<TensorFunc> h0;
  if (!op.getInitialState().empty())
    h0 = scope.lookup(op.getInitialState()[0]);
  RecurrentTrace recomputed;
  const RecurrentTrace &trace = findOrRecompute(op.getForwardOutput(), scope, recomputed, [&] {
    return buildGRURecurrence(layer.name + "_forward", x, kernel, recurrentKernel,
                              scope.lookup(op.getBias()), h0 ? &*h0 : nullptr, scope, layer);
  });

  RecurrentSizes sizes = getRecurrentSizes(x, recurrentKernel);
  const int units = sizes.units;
  std::vector<Func> stepResults = runRecurrenceBackwards(
      layer.name, recurrentKernel, scope.lookup(op.getDoutput()), op.getReturnSequences(),
      trace, defineGRUStepGradient, scope, layer);

  // The input side's gate gradients are the first three results; the
  // recurrent side's candidate gradient is the fourth: both read from one
  // stack of the steps' results.
  Func dzRows = stackStepRows(layer.name + "_dz_sequence", layer.name + "_batch_rows",
                              stepResults, sizes, scope, layer);
  Halide::Var j("j"), q("q"), r("r");
  Func dzRecurrentRows(layer.name + "_dz_recurrent_sequence");
  dzRecurrentRows(j, q, r) = Halide::select(q == 2, dzRows(j, 3, r), dzRows(j, q, r));
  layer.inlined.push_back(dzRecurrentRows);
  RecurrentWeightGradients weights = defineRecurrentWeightGradients(
      layer.name, op, x, kernel, trace, sizes, dzRows, dzRecurrentRows, scope, layer);
  layer.output = weights.dx;

  // dbias [2, 3U]: row 0 the input side's sums, row 1 the recurrent side's.
  Func inputSum = weights.inputBiasSum, recurrentSum = weights.recurrentBiasSum;
  TensorFunc dbias = copyResult(
      layer.name + "_dbias", getStaticShape(op.getDbias()),
      [&](const auto &v) {
        Expr unit = v[1] % units, gate = v[1] / units;
        return Halide::select(v[0] == 0, inputSum(unit, gate), recurrentSum(unit, gate));
      },
      layer);
  Func first = stepResults.front();
  TensorFunc dh0 = copyResult(layer.name + "_dh0", getStaticShape(op.getDh0()),
                              [&](const auto &v) { return first(v[1], kStepHidden, v[0]); },
                              layer);
  layer.moreResults = {weights.dkernel, weights.drecurrentKernel, dbias, dh0};
  return layer;
}

void codegen::registerGRULowerings(mlir::MLIRContext *context) {
  attachLowering<nn::GRUOp, lowerGRU>(context);
  attachLowering<nn::GRUGradOp, lowerGRUGrad>(context);
}
