//===- LSTMGradLowering.cpp - Backpropagation through time ----------------===//
//
// From the last step to the first, with dh_t the gradient reaching h_t (from
// the output and from step t+1) and dc_t the one reaching c_t:
//   dc_t = dh_t o (1 - tanh^2 c_t) + dc_{t+1} f_{t+1}
//   dz_t = [dc_t g i(1-i), dc_t c_{t-1} f(1-f), dc_t i (1-g^2), dh_t tanh(c_t) o(1-o)]
//   dh_{t-1} (recurrent part) = dz_t recurrent_kernel^T
// one product and one fused gate stage per step. The weight gradients then
// take every step at once (RecurrentLowering's products over N*T rows of the
// stacked dz). The gates and cell states come from the forward op's lowering.
//
//===----------------------------------------------------------------------===//

#include "Codegen/HalideLowering.h"
#include "Codegen/RecurrentLowering.h"

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
  RecurrentTrace recomputed;
  const RecurrentTrace &trace = findOrRecompute(op.getForwardOutput(), scope, recomputed, [&] {
    return buildLSTMRecurrence(layer.name + "_forward", x, kernel, recurrentKernel,
                               scope.lookup(op.getBias()), h0 ? &*h0 : nullptr,
                               c0 ? &*c0 : nullptr, scope, layer);
  });

  RecurrentSizes sizes = getRecurrentSizes(x, recurrentKernel);
  const int steps = sizes.steps, units = sizes.units;
  bool sequences = op.getReturnSequences();
  Halide::Var j("j"), q("q"), n("n");

  RecurrentBackprop backprop(layer.name, recurrentKernel, sizes, scope, layer);
  std::vector<Func> dzOf(steps);
  std::optional<Func> dhFromNext, dcNext;
  for (int step = steps - 1; step >= 0; --step) {
    std::string suffix = "_t" + std::to_string(step);
    const Func &gates = trace.gates[step];
    Expr i = gates(j, 0, n), f = gates(j, 1, n), cand = gates(j, 2, n), o = gates(j, 3, n);
    Expr tanhC = Halide::tanh(trace.cells[step](j, n));
    Func cPrev = step > 0 ? trace.cells[step - 1] : trace.initialC;

    Func dh(layer.name + "_dh_total" + suffix);
    Expr fromOutput = outputGradientAt(doutput, sequences, step, steps, j, n);
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
    dhFromNext = backprop.intoPrevious(step, dz);
    dcNext = dc;
  }

  Func dzRows = stackStepRows(layer.name + "_dz_sequence", layer.name + "_batch_rows", dzOf,
                              sizes, scope, layer);
  RecurrentWeightGradients weights = defineRecurrentWeightGradients(
      layer.name, op, x, kernel, trace, sizes, dzRows, std::nullopt, scope, layer);
  layer.output = weights.dx;

  // dbias [4U], gate q of unit j at q*U + j.
  Func biasSum = weights.inputBiasSum;
  TensorFunc dbias = copyResult(layer.name + "_dbias", getStaticShape(op.getDbias()),
                                [&](const auto &v) { return biasSum(v[0] % units, v[0] / units); },
                                layer);
  std::vector<int64_t> stateShape = getStaticShape(op.getDh0());
  TensorFunc dh0 = copyResult(layer.name + "_dh0", stateShape, [&](const auto &v) {
    return (*dhFromNext)(v[1], v[0]);
  }, layer);
  TensorFunc dc0 = copyResult(layer.name + "_dc0", stateShape, [&](const auto &v) {
    return (*dcNext)(v[1], v[0]) * trace.gates[0](v[1], 1, v[0]);
  }, layer);
  layer.moreResults = {weights.dkernel, weights.drecurrentKernel, dbias, dh0, dc0};
  return layer;
}

void codegen::registerLSTMGradLowerings(mlir::MLIRContext *context) {
  attachLowering<nn::LSTMGradOp, lowerLSTMGrad>(context);
}
