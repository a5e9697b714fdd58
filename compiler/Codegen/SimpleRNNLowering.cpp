//===- SimpleRNNLowering.cpp - The Keras SimpleRNN and its gradient -------===//
//
// h_t = tanh(x_t kernel + h_{t-1} recurrent_kernel + bias), a step pipeline
// of the time loop (RecurrentLowering.h). Backwards, one gate:
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

/// One step: h_t, which is all the gradient reads, at every q.
static Func defineSimpleRNNStep(const std::string &name, const StepInputs &inputs,
                                const LoweringScope &scope, LoweredLayer &layer) {
  Halide::Var j("j"), n("n"), q("q");
  Func bias = inputs.bias;
  MatrixProduct recurrence = defineRecurrentProduct(name, inputs, scope, layer);
  Func h(name + "_h");
  h(j, n) = Halide::tanh(inputs.projection(j, n) + bias(j) + recurrence.product(j, n));
  layer.rootStages.push_back({h, {}});
  Func step(name + "_state");
  step(j, q, n) = h(j, n);
  layer.rootStages.push_back({step, {}});
  return step;
}

static RecurrentTrace buildSimpleRNNRecurrence(const std::string &name, const TensorFunc &x,
                                               const TensorFunc &kernel,
                                               const TensorFunc &recurrentKernel,
                                               const TensorFunc &bias, const TensorFunc *h0,
                                               const LoweringScope &scope,
                                               LoweredLayer &layer) {
  RecurrentTrace trace;
  trace.initialH = defineStateFunc(name + "_h0", h0);
  layer.inlined.push_back(trace.initialH);
  return runRecurrence(name, x, kernel, recurrentKernel, bias, trace, defineSimpleRNNStep,
                       scope, layer);
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

/// One step backwards: dz_t (one gate, q = 0) and what reaches h_{t-1} at
/// kStepHidden.
static Func defineSimpleRNNStepGradient(const std::string &name,
                                        const StepGradientInputs &inputs,
                                        const LoweringScope &scope, LoweredLayer &layer) {
  Halide::Var j("j"), q("q"), n("n");
  Expr h = inputs.state(j, kStepHidden, n);
  Expr dh = inputs.fromOutput(j, n) + inputs.next(j, kStepHidden, n);
  Func dz(name + "_dz");
  dz(j, q, n) = dh * (1.0f - h * h);
  layer.rootStages.push_back({dz, {}});
  MatrixProduct intoPrevious = defineMatrixProduct(
      name + "_dh_into_previous", inputs.transposedPanels, /*ownsPanels=*/false, inputs.units,
      scope.getBatchSize(), [dz](Expr k, Expr r) { return dz(k, 0, r); });
  layer.products.push_back(intoPrevious);
  Func result(name + "_result");
  result(j, q, n) =
      Halide::select(q == kStepHidden, intoPrevious.product(j, n), dz(j, 0, n));
  layer.rootStages.push_back({result, {}});
  return result;
}

static LoweredLayer lowerSimpleRNNGrad(nn::SimpleRNNGradOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::MultiLoop);
  const TensorFunc &x = scope.lookup(op.getX());
  const TensorFunc &kernel = scope.lookup(op.getKernel());
  const TensorFunc &recurrentKernel = scope.lookup(op.getRecurrentKernel());
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
  std::vector<Func> stepResults = runRecurrenceBackwards(
      layer.name, recurrentKernel, scope.lookup(op.getDoutput()), op.getReturnSequences(),
      trace, defineSimpleRNNStepGradient, scope, layer);

  Func dzRows = stackStepRows(layer.name + "_dz_sequence", layer.name + "_batch_rows",
                              stepResults, sizes, scope, layer);
  RecurrentWeightGradients weights = defineRecurrentWeightGradients(
      layer.name, op, x, kernel, trace, sizes, dzRows, std::nullopt, scope, layer);
  layer.output = weights.dx;
  Func biasSum = weights.inputBiasSum;
  TensorFunc dbias = copyResult(layer.name + "_dbias", getStaticShape(op.getDbias()),
                                [&](const auto &v) { return biasSum(v[0], 0); }, layer);
  Func first = stepResults.front();
  TensorFunc dh0 = copyResult(layer.name + "_dh0", getStaticShape(op.getDh0()),
                              [&](const auto &v) { return first(v[1], kStepHidden, v[0]); },
                              layer);
  layer.moreResults = {weights.dkernel, weights.drecurrentKernel, dbias, dh0};
  return layer;
}

void codegen::registerSimpleRNNLowerings(mlir::MLIRContext *context) {
  attachLowering<nn::SimpleRNNOp, lowerSimpleRNN>(context);
  attachLowering<nn::SimpleRNNGradOp, lowerSimpleRNNGrad>(context);
}
