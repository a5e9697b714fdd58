//===- SimpleRNNLowering.cpp - The Keras SimpleRNN and its gradient -------===//
//
// h_t = tanh(x_t kernel + h_{t-1} recurrent_kernel + bias), on the time
// loop's products (RecurrentLowering.h). Backwards, one gate:
//   dz_t = dh_t (1 - h_t^2),  dh_{t-1} (recurrent part) = dz_t recurrent_kernel^T
// The gradient reads h_t from the forward sequence: nothing else is kept.
//
//===----------------------------------------------------------------------===//

#include "Codegen/HalideLowering.h"
#include "Codegen/RecurrentLowering.h"

using namespace nnc;
using namespace nnc::codegen;
using Halide::Expr;
using Halide::Func;

static RecurrentTrace buildSimpleRNNRecurrence(const std::string &name, const TensorFunc &x,
                                               const TensorFunc &kernel,
                                               const TensorFunc &recurrentKernel,
                                               const TensorFunc &bias, const TensorFunc *h0,
                                               const LoweringScope &scope,
                                               LoweredLayer &layer) {
  RecurrentSizes sizes = getRecurrentSizes(x, recurrentKernel);
  Halide::Var j("j"), n("n");
  RecurrentTrace trace;
  trace.initialH = defineStateFunc(name + "_h0", h0);
  layer.inlined.push_back(trace.initialH);

  RecurrentProducts products(name, x, kernel, recurrentKernel, sizes, scope, layer);
  Func hPrev = trace.initialH;
  std::vector<Func> hidden;
  for (int step = 0; step < sizes.steps; ++step) {
    std::string suffix = "_t" + std::to_string(step);
    Expr pre = products.input(j, n, step) + bias({j});
    // Without an initial state h_{-1} is zero: no product at the first step.
    if (step > 0 || h0)
      pre += products.recurrent(suffix, hPrev)(j, n);
    Func h(name + "_h" + suffix);
    h(j, n) = Halide::tanh(pre);
    layer.rootStages.push_back({h, {}});
    hidden.push_back(h);
    hPrev = h;
  }
  trace.hidden = stackSequence(name + "_sequence", hidden, layer);
  return trace;
}

static LoweredLayer lowerSimpleRNN(nn::SimpleRNNOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::MultiLoop);
  const TensorFunc &x = scope.lookup(op.getX());
  std::optional<TensorFunc> h0;
  if (!op.getInitialState().empty())
    h0 = scope.lookup(op.getInitialState()[0]);
  RecurrentTrace trace = buildSimpleRNNRecurrence(
      layer.name, x, scope.lookup(op.getKernel()), scope.lookup(op.getRecurrentKernel()),
      scope.lookup(op.getBias()), h0 ? &*h0 : nullptr, scope, layer);
  scope.recordRecurrence(op, trace);

  int last = static_cast<int>(x.shape[1]) - 1;
  Halide::Var j("j"), n("n");
  Func finalH(layer.name + "_final_h");
  finalH(j, n) = trace.hidden(j, last, n);
  setRecurrentResults(layer, op, trace, {finalH});
  return layer;
}

static LoweredLayer lowerSimpleRNNGrad(nn::SimpleRNNGradOp op, const LoweringScope &scope) {
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
    return buildSimpleRNNRecurrence(layer.name + "_forward", x, kernel, recurrentKernel,
                                    scope.lookup(op.getBias()), h0 ? &*h0 : nullptr, scope,
                                    layer);
  });

  RecurrentSizes sizes = getRecurrentSizes(x, recurrentKernel);
  const int steps = sizes.steps;
  bool sequences = op.getReturnSequences();
  Halide::Var j("j"), q("q"), n("n");

  RecurrentBackprop backprop(layer.name, recurrentKernel, sizes, scope, layer);
  std::vector<Func> dzOf(steps);
  std::optional<Func> dhFromNext;
  for (int step = steps - 1; step >= 0; --step) {
    std::string suffix = "_t" + std::to_string(step);
    Expr h = trace.hidden(j, step, n);
    Expr dh = outputGradientAt(doutput, sequences, step, steps, j, n);
    if (dhFromNext)
      dh += (*dhFromNext)(j, n);
    // One gate (q = 0), in the gates' layout the time loop reads.
    Func dz(layer.name + "_dz" + suffix);
    dz(j, q, n) = dh * (1.0f - h * h);
    layer.rootStages.push_back({dz, {}});
    dzOf[step] = dz;
    dhFromNext = backprop.intoPrevious(step, dz);
  }

  Func dzRows = stackStepRows(layer.name + "_dz_sequence", layer.name + "_batch_rows", dzOf,
                              sizes, scope, layer);
  RecurrentWeightGradients weights = defineRecurrentWeightGradients(
      layer.name, op, x, kernel, trace, sizes, dzRows, std::nullopt, scope, layer);
  layer.output = weights.dx;
  Func biasSum = weights.inputBiasSum;
  TensorFunc dbias = copyResult(layer.name + "_dbias", getStaticShape(op.getDbias()),
                                [&](const auto &v) { return biasSum(v[0], 0); }, layer);
  TensorFunc dh0 = copyResult(layer.name + "_dh0", getStaticShape(op.getDh0()),
                              [&](const auto &v) { return (*dhFromNext)(v[1], v[0]); },
                              layer);
  layer.moreResults = {weights.dkernel, weights.drecurrentKernel, dbias, dh0};
  return layer;
}

void codegen::registerSimpleRNNLowerings(mlir::MLIRContext *context) {
  attachLowering<nn::SimpleRNNOp, lowerSimpleRNN>(context);
  attachLowering<nn::SimpleRNNGradOp, lowerSimpleRNNGrad>(context);
}
