//===- GRULowering.cpp - The Keras GRU (reset_after=true) and its gradient ===//
//
// Keras gate order z, r, h along the last axis of kernel, recurrent_kernel and
// each row of bias [2, 3U] (input bias, recurrent bias). Per step, with the
// time loop's products (RecurrentLowering.h):
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

/// The forward recurrence; gates_t(j, q, n) keeps z, r, n and b_h (q = 0..3)
/// for the gradient.
static RecurrentTrace buildGRURecurrence(const std::string &name, const TensorFunc &x,
                                         const TensorFunc &kernel,
                                         const TensorFunc &recurrentKernel,
                                         const TensorFunc &bias, const TensorFunc *h0,
                                         const LoweringScope &scope, LoweredLayer &layer) {
  RecurrentSizes sizes = getRecurrentSizes(x, recurrentKernel);
  const int units = sizes.units;
  Halide::Var g("g"), j("j"), n("n"), q("q");

  RecurrentTrace trace;
  trace.initialH = defineStateFunc(name + "_h0", h0);
  layer.inlined.push_back(trace.initialH);

  RecurrentProducts products(name, x, kernel, recurrentKernel, sizes, scope, layer);
  Func hPrev = trace.initialH;
  std::vector<Func> hidden;
  for (int step = 0; step < sizes.steps; ++step) {
    std::string suffix = "_t" + std::to_string(step);
    Func a(name + "_a" + suffix), b(name + "_b" + suffix);
    a(g, n) = products.input(g, n, step) + bias({0, g});
    // Without an initial state h_{-1} is zero: no product at the first step.
    Expr recurrent = bias({1, g});
    if (step > 0 || h0)
      recurrent += products.recurrent(suffix, hPrev)(g, n);
    b(g, n) = recurrent;
    layer.inlined.push_back(a);
    layer.inlined.push_back(b);

    // One pass over the gates, q unrolled; the candidate's copy computes r
    // again rather than waiting for another pass.
    Func gates(name + "_gates" + suffix);
    Expr reset = sigmoid(a(j + units, n) + b(j + units, n));
    Expr candidateRecurrent = b(j + 2 * units, n);
    gates(j, q, n) = Halide::select(
        q == 0, sigmoid(a(j, n) + b(j, n)), q == 1, reset, q == 2,
        Halide::tanh(a(j + 2 * units, n) + reset * candidateRecurrent), candidateRecurrent);
    layer.rootStages.push_back({gates, {}, false, {}, true});
    Expr update = gates(j, 0, n), candidate = gates(j, 2, n);
    Func h(name + "_h" + suffix);
    h(j, n) = update * hPrev(j, n) + (1.0f - update) * candidate;
    layer.rootStages.push_back({h, {}});
    trace.gates.push_back(gates);
    hidden.push_back(h);
    hPrev = h;
  }
  trace.hidden = stackSequence(name + "_sequence", hidden, layer);
  return trace;
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

  int last = static_cast<int>(trace.gates.size()) - 1;
  Halide::Var j("j"), n("n");
  Func finalH(layer.name + "_final_h");
  finalH(j, n) = trace.hidden(j, last, n);
  setRecurrentResults(layer, op, trace, {finalH});
  return layer;
}

static LoweredLayer lowerGRUGrad(nn::GRUGradOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::MultiLoop);
  const TensorFunc &x = scope.lookup(op.getX());
  const TensorFunc &kernel = scope.lookup(op.getKernel());
  const TensorFunc &recurrentKernel = scope.lookup(op.getRecurrentKernel());
  const TensorFunc &doutput = scope.lookup(op.getDoutput());
  std::optional<TensorFunc> h0;
  if (!op.getInitialState().empty())
    h0 = scope.lookup(op.getInitialState()[0]);
  RecurrentTrace recomputed;
  const RecurrentTrace &trace = findOrRecompute(op.getForwardOutput(), scope, recomputed, [&] {
    return buildGRURecurrence(layer.name + "_forward", x, kernel, recurrentKernel,
                              scope.lookup(op.getBias()), h0 ? &*h0 : nullptr, scope, layer);
  });

  RecurrentSizes sizes = getRecurrentSizes(x, recurrentKernel);
  const int steps = sizes.steps, units = sizes.units;
  bool sequences = op.getReturnSequences();
  Halide::Var j("j"), q("q"), n("n");

  RecurrentBackprop backprop(layer.name, recurrentKernel, sizes, scope, layer);
  std::vector<Func> dzOf(steps), dzRecurrentOf(steps);
  std::optional<Func> dhIntoPrevious;
  for (int step = steps - 1; step >= 0; --step) {
    std::string suffix = "_t" + std::to_string(step);
    const Func &gates = trace.gates[step];
    Expr z = gates(j, 0, n), r = gates(j, 1, n), cand = gates(j, 2, n);
    Expr candidateRecurrent = gates(j, 3, n);
    Expr hPrev = step > 0 ? trace.hidden(j, step - 1, n) : trace.initialH(j, n);

    // dh_t is read by this step's gates and by dh_{t-1}: computed once (an
    // inline chain would repeat every later step in every earlier one).
    Func dh(layer.name + "_dh_total" + suffix);
    Expr fromOutput = outputGradientAt(doutput, sequences, step, steps, j, n);
    dh(j, n) = dhIntoPrevious ? fromOutput + (*dhIntoPrevious)(j, n) : fromOutput;
    layer.rootStages.push_back({dh, {}});

    Expr dcandidate = dh(j, n) * (1.0f - z) * (1.0f - cand * cand);
    Func dz(layer.name + "_dz" + suffix);
    dz(j, q, n) = Halide::select(q == 0, dh(j, n) * (hPrev - cand) * z * (1.0f - z),
                                 q == 1, dcandidate * candidateRecurrent * r * (1.0f - r),
                                 dcandidate);
    layer.rootStages.push_back({dz, {}, false, {}, true});
    Func dzRecurrent(layer.name + "_dz_recurrent" + suffix);
    dzRecurrent(j, q, n) = Halide::select(q == 2, dz(j, q, n) * r, dz(j, q, n));
    layer.rootStages.push_back({dzRecurrent, {}, false, {}, true});
    dzOf[step] = dz;
    dzRecurrentOf[step] = dzRecurrent;

    Func recurrentPart = backprop.intoPrevious(step, dzRecurrent);
    Func dhPrev(layer.name + "_dh_prev" + suffix);
    dhPrev(j, n) = recurrentPart(j, n) + dh(j, n) * z;
    layer.inlined.push_back(dhPrev);
    dhIntoPrevious = dhPrev;
  }

  Func dzRows = stackStepRows(layer.name + "_dz_sequence", layer.name + "_batch_rows", dzOf,
                              sizes, scope, layer);
  Func dzRecurrentRows =
      stackStepRows(layer.name + "_dz_recurrent_sequence",
                    layer.name + "_recurrent_batch_rows", dzRecurrentOf, sizes, scope, layer);
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
  TensorFunc dh0 = copyResult(layer.name + "_dh0", getStaticShape(op.getDh0()),
                              [&](const auto &v) { return (*dhIntoPrevious)(v[1], v[0]); },
                              layer);
  layer.moreResults = {weights.dkernel, weights.drecurrentKernel, dbias, dh0};
  return layer;
}

void codegen::registerGRULowerings(mlir::MLIRContext *context) {
  attachLowering<nn::GRUOp, lowerGRU>(context);
  attachLowering<nn::GRUGradOp, lowerGRUGrad>(context);
}
