//===- LSTMGradLowering.cpp - Backpropagation through time ----------------===//
//
// From the last step to the first, with dh_t the gradient reaching h_t (from
// the output and from step t+1) and dc_t the one reaching c_t:
//   dc_t = dh_t o (1 - tanh^2 c_t) + dc_{t+1} f_{t+1}
//   dz_t = [dc_t g i(1-i), dc_t c_{t-1} f(1-f), dc_t i (1-g^2), dh_t tanh(c_t) o(1-o)]
//   dh_{t-1} (recurrent part) = dz_t recurrent_kernel^T
// one step backwards, a step pipeline (StepPipeline.h) called once per step
// by RecurrentLowering's loop. The weight gradients then take every step at once
// (RecurrentLowering's products over N*T rows of the stacked dz). The gates
// and cell states come from the forward op's lowering.
//
//===----------------------------------------------------------------------===//

#include "Codegen/HalideLowering.h"
#include "Codegen/RecurrentLowering.h"

using namespace nnc;
using namespace nnc::codegen;
using Halide::Expr;
using Halide::Func;

/// One step backwards, from the step's forward results, the step before's,
/// the result of the step after (zeros after the last) and the gradient
/// reaching h_t from the layer's output. Returns (j, q, n): dz_t at q =
/// 0..3, dc_t f_t (what reaches c_{t-1}) at kStepCell, dz_t
/// recurrent_kernel^T (what reaches h_{t-1}) at kStepHidden.
static Func defineLSTMStepGradient(const std::string &name, const StepGradientInputs &inputs,
                                   const LoweringScope &scope, LoweredLayer &layer) {
  const int units = inputs.units;
  Halide::Var j("j"), q("q"), n("n");
  Func state = inputs.state, previous = inputs.previous, next = inputs.next;
  Expr i = state(j, 0, n), f = state(j, 1, n), cand = state(j, 2, n), o = state(j, 3, n);
  Expr tanhC = Halide::tanh(state(j, kStepCell, n));

  Func dh(name + "_dh_total");
  dh(j, n) = inputs.fromOutput(j, n) + next(j, kStepHidden, n);
  layer.inlined.push_back(dh);

  Func dc(name + "_dc");
  dc(j, n) = dh(j, n) * o * (1.0f - tanhC * tanhC) + next(j, kStepCell, n);
  layer.rootStages.push_back({dc, {}});

  // All four gates in one pass, q unrolled so each copy computes its own.
  Func dz(name + "_dz");
  dz(j, q, n) = Halide::select(q == 0, dc(j, n) * cand * i * (1.0f - i),
                               q == 1, dc(j, n) * previous(j, kStepCell, n) * f * (1.0f - f),
                               q == 2, dc(j, n) * i * (1.0f - cand * cand),
                               dh(j, n) * tanhC * o * (1.0f - o));
  layer.rootStages.push_back({dz, {}, false, {}, true});

  // dz(j, q, n) read at the flat gate index q*U + j.
  MatrixProduct intoPrevious = defineMatrixProduct(
      name + "_dh_into_previous", inputs.transposedPanels, /*ownsPanels=*/false, 4 * units,
      scope.getBatchSize(),
      [dz, units](Expr gate, Expr r) { return dz(gate % units, gate / units, r); });
  layer.products.push_back(intoPrevious);

  Func result(name + "_result");
  result(j, q, n) = Halide::select(q == kStepCell, dc(j, n) * f, q == kStepHidden,
                                   intoPrevious.product(j, n), dz(j, Halide::clamp(q, 0, 3), n));
  layer.rootStages.push_back({result, {}});
  return result;
}

static LoweredLayer lowerLSTMGrad(nn::LSTMGradOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::MultiLoop);
  const TensorFunc &x = scope.lookup(op.getX());
  const TensorFunc &kernel = scope.lookup(op.getKernel());
  const TensorFunc &recurrentKernel = scope.lookup(op.getRecurrentKernel());
  auto initial = op.getInitialState();
  std::optional<TensorFunc> h0, c0;
  if (initial.size() == 2) {
    h0 = scope.lookup(initial[0]);
    c0 = scope.lookup(initial[1]);
  }
  RecurrentTrace recomputed;
  const RecurrentTrace &trace = findOrRecompute(op.getForwardOutput(), scope, recomputed, [&] {
    return buildLSTMRecurrence(layer.name + "_forward", x, kernel, recurrentKernel,
                               scope.lookup(op.getBias()), h0 ? &*h0 : nullptr,
                               c0 ? &*c0 : nullptr, scope, layer);
  });

  RecurrentSizes sizes = getRecurrentSizes(x, recurrentKernel);
  const int units = sizes.units;
  std::vector<Func> stepResults = runRecurrenceBackwards(
      layer.name, recurrentKernel, scope.lookup(op.getDoutput()), op.getReturnSequences(),
      trace, defineLSTMStepGradient, scope, layer);

  // The gate gradients are the first four of each step's results.
  Func dzRows = stackStepRows(layer.name + "_dz_sequence", layer.name + "_batch_rows",
                              stepResults, sizes, scope, layer);
  RecurrentWeightGradients weights = defineRecurrentWeightGradients(
      layer.name, op, x, kernel, trace, sizes, dzRows, std::nullopt, scope, layer);
  layer.output = weights.dx;

  // dbias [4U], gate q of unit j at q*U + j.
  Func biasSum = weights.inputBiasSum;
  TensorFunc dbias = copyResult(layer.name + "_dbias", getStaticShape(op.getDbias()),
                                [&](const auto &v) { return biasSum(v[0] % units, v[0] / units); },
                                layer);
  std::vector<int64_t> stateShape = getStaticShape(op.getDh0());
  Func first = stepResults.front();
  TensorFunc dh0 = copyResult(layer.name + "_dh0", stateShape, [&](const auto &v) {
    return first(v[1], kStepHidden, v[0]);
  }, layer);
  TensorFunc dc0 = copyResult(layer.name + "_dc0", stateShape, [&](const auto &v) {
    return first(v[1], kStepCell, v[0]);
  }, layer);
  layer.moreResults = {weights.dkernel, weights.drecurrentKernel, dbias, dh0, dc0};
  return layer;
}

void codegen::registerLSTMGradLowerings(mlir::MLIRContext *context) {
  attachLowering<nn::LSTMGradOp, lowerLSTMGrad>(context);
}
