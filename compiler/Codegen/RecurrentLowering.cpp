//===- RecurrentLowering.cpp - What Keras's recurrent layers share --------===//
//
// The time loop of LSTM, GRU and SimpleRNN, forward and backward, without
// their cells (see RecurrentLowering.h): the steps are step pipelines called
// once per step, the recurrent kernel packed once for all of them, and the
// weight gradients are three products over N*T rows, not T small ones.
//
//===----------------------------------------------------------------------===//

#include "Codegen/RecurrentLowering.h"

#include "Codegen/StepPipeline.h"

using namespace nnc;
using namespace nnc::codegen;
using Halide::Expr;
using Halide::Func;

Expr codegen::sigmoid(Expr x) { return 1.0f / (1.0f + Halide::exp(-x)); }

RecurrentSizes codegen::getRecurrentSizes(const TensorFunc &x,
                                          const TensorFunc &recurrentKernel) {
  int units = static_cast<int>(recurrentKernel.shape[0]);
  return {static_cast<int>(x.shape[1]), static_cast<int>(x.shape[2]), units,
          static_cast<int>(recurrentKernel.shape[1] / units)};
}

Func codegen::defineStateFunc(const std::string &name, const TensorFunc *tensor) {
  Halide::Var j("j"), n("n");
  Func state(name);
  state(j, n) = tensor ? (*tensor)({n, j}) : Expr(0.0f);
  return state;
}

/// x_t kernel for every step at once: product(g, r) on the flat rows
/// r = n * T + t of x.
static MatrixProduct defineInputProjection(const std::string &name, const TensorFunc &x,
                                           const TensorFunc &kernel,
                                           const RecurrentSizes &sizes,
                                           const LoweringScope &scope, LoweredLayer &layer) {
  Panels kernelPanels = packPanels(name + "_kernel_panels", scope.getMatrixTile(), sizes.gateWidth(),
                                   [&](Expr c, Expr k) { return kernel({k, c}); });
  // x flattened once: the product's inner loop reads its rows at fixed
  // offsets (r / steps, r % steps there cost vector index arithmetic per k).
  Func xRows = flattenRows(name + "_x_rows", x, scope, layer);
  MatrixProduct projection = defineMatrixProduct(
      name + "_projection", kernelPanels, true, sizes.inputs,
      scope.getBatchSize() * sizes.steps, [&](Expr k, Expr r) { return xRows(k, r); },
      /*blocked=*/false, LhsReading::CoversRows);
  layer.products.push_back(projection);
  return projection;
}

/// The state before the first step, in RecurrentTrace::steps' layout,
/// computed whole.
static Func defineInitialStep(const std::string &name, const RecurrentTrace &trace,
                              LoweredLayer &layer) {
  Halide::Var j("j"), q("q"), n("n");
  Func initialH = trace.initialH, initialC = trace.initialC;
  Func initial(name);
  Expr cell = initialC.defined() ? initialC(j, n) : Expr(0.0f);
  initial(j, q, n) = Halide::select(q == kStepCell, cell, initialH(j, n));
  layer.rootStages.push_back({initial, {}});
  return initial;
}

/// `tensor` read in Halide order, as a step reads its bias.
static Func halideOrderView(const std::string &name, const TensorFunc &tensor) {
  return defineElementwise(name, tensor.shape, [&](const auto &vars) {
           return tensor(std::vector<Expr>(vars.begin(), vars.end()));
         })
      .func;
}

/// The hidden states h_t(j, n) of every step as one Func hseq(j, t, n),
/// computed whole, one update per step.
static Func stackSequence(const std::string &name, const std::vector<Func> &steps,
                          LoweredLayer &layer) {
  Halide::Var j("j"), n("n"), t("t");
  Func sequence(name);
  sequence(j, t, n) = 0.0f;
  for (size_t step = 0; step < steps.size(); ++step)
    sequence(j, static_cast<int>(step), n) = steps[step](j, kStepHidden, n);
  layer.rootStages.push_back(
      {sequence, std::vector<std::optional<Halide::RVar>>(steps.size() + 1)});
  return sequence;
}

MatrixProduct codegen::defineRecurrentProduct(const std::string &name,
                                             const StepInputs &inputs,
                                             const LoweringScope &scope, LoweredLayer &layer) {
  Func previous = inputs.previous;
  MatrixProduct product = defineMatrixProduct(
      name + "_recurrence", inputs.recurrentPanels, inputs.ownsPanels, inputs.units,
      scope.getBatchSize(), [previous](Expr k, Expr r) { return previous(k, kStepHidden, r); });
  layer.products.push_back(product);
  return product;
}

RecurrentTrace codegen::runRecurrence(const std::string &name, const TensorFunc &x,
                                      const TensorFunc &kernel,
                                      const TensorFunc &recurrentKernel,
                                      const TensorFunc &bias, RecurrentTrace trace,
                                      const StepDefinition &defineStep,
                                      const LoweringScope &scope, LoweredLayer &layer) {
  RecurrentSizes sizes = getRecurrentSizes(x, recurrentKernel);
  trace.initialStep = defineInitialStep(name + "_initial", trace, layer);
  MatrixProduct projection = defineInputProjection(name, x, kernel, sizes, scope, layer);
  Panels recurrentPanels =
      packPanels(name + "_recurrent_panels", scope.getMatrixTile(), sizes.gateWidth(),
                 [&](Expr c, Expr k) { return recurrentKernel({k, c}); });

  if (sizes.steps == 1) {
    // One step (a one-token generation step): in place, reading the
    // recurrent kernel where it lies.
    Func biasView = halideOrderView(name + "_bias_view", bias);
    layer.inlined.push_back(biasView);
    StepInputs inputs{sizes.units, [&](Expr g, Expr n) { return projection.product(g, n); },
                      biasView, recurrentPanels, /*ownsPanels=*/true, trace.initialStep};
    trace.steps.push_back(defineStep(name + "_t0", inputs, scope, layer));
  } else {
    StepPipelineBuilder builder(scope, name, "step");
    Func projectionIn = builder.addBuffer("projection", 2);
    Func biasIn = builder.addBuffer("bias", bias.rank());
    Func panelsIn = builder.addBuffer("recurrent_panels", 3);
    Func previousIn = builder.addBuffer("previous", 3);
    Expr stepsIn = builder.addScalar("steps"), stepIn = builder.addScalar("step");
    StepInputs inputs{
        sizes.units, [=](Expr g, Expr n) { return projectionIn(g, n * stepsIn + stepIn); }, biasIn,
        Panels{panelsIn, recurrentPanels.columns, recurrentPanels.tile}, /*ownsPanels=*/false,
        previousIn};
    std::string entryPoint =
        builder.finish(defineStep(name, inputs, builder.getScope(), builder.getLayer()));

    // What the calls read is computed whole, once.
    Func biasValues = halideOrderView(name + "_bias_values", bias);
    layer.rootStages.push_back({biasValues, {}});
    layer.rootStages.push_back({recurrentPanels.func, {}});
    Func previous = trace.initialStep;
    for (int step = 0; step < sizes.steps; ++step) {
      previous = callStepPipeline(name + "_t" + std::to_string(step), entryPoint, step,
                                  {projection.product, biasValues, recurrentPanels.func,
                                   previous, Expr(sizes.steps), Expr(step)},
                                  scope, layer);
      trace.steps.push_back(previous);
    }
  }
  trace.hidden = stackSequence(name + "_sequence", trace.steps, layer);
  return trace;
}

void codegen::setRecurrentResults(LoweredLayer &layer, mlir::Operation *op,
                                  const RecurrentTrace &trace,
                                  const std::vector<Func> &finalState) {
  mlir::Value output = op->getResult(0);
  std::vector<int64_t> stateShape = getStaticShape(op->getResult(1));
  int last = static_cast<int>(getStaticShape(op->getOperand(0))[1]) - 1;
  Halide::Var j("j"), n("n");
  if (getStaticShape(output).size() == 3) {
    layer.output = TensorFunc{trace.hidden, getStaticShape(output)};
  } else {
    Func lastStep(layer.name);
    lastStep(j, n) = trace.hidden(j, last, n);
    layer.output = TensorFunc{lastStep, stateShape};
    layer.rootStages.push_back({lastStep, {}});
  }
  for (const Func &state : finalState) {
    layer.moreResults.push_back(TensorFunc{state, stateShape});
    layer.rootStages.push_back({state, {}});
  }
}

const RecurrentTrace &
codegen::findOrRecompute(mlir::Value forwardOutput, const LoweringScope &scope,
                         RecurrentTrace &recomputed,
                         const std::function<RecurrentTrace()> &recompute) {
  if (mlir::Operation *forward = forwardOutput.getDefiningOp())
    if (const RecurrentTrace *found = scope.findRecurrence(forward))
      return *found;
  recomputed = recompute();
  return recomputed;
}

std::vector<Func> codegen::runRecurrenceBackwards(
    const std::string &name, const TensorFunc &recurrentKernel, const TensorFunc &doutput,
    bool sequences, const RecurrentTrace &trace,
    const StepGradientDefinition &defineStepGradient, const LoweringScope &scope,
    LoweredLayer &layer) {
  const int steps = static_cast<int>(trace.steps.size());
  const int units = static_cast<int>(recurrentKernel.shape[0]);
  Halide::Var j("j"), q("q"), n("n"), t("t");

  // dh_{t-1} = dz_t recurrent_kernel^T: panels of recurrent_kernel^T.
  Panels transposedPanels =
      packPanels(name + "_recurrent_t_panels", scope.getMatrixTile(), units,
                 [&](Expr c, Expr gate) { return recurrentKernel({c, gate}); });
  StepPipelineBuilder builder(scope, name, "step");
  StepGradientInputs inputs;
  inputs.units = units;
  inputs.state = builder.addBuffer("state", 3);
  inputs.previous = builder.addBuffer("previous", 3);
  inputs.next = builder.addBuffer("next", 3);
  Func doutputIn = builder.addBuffer("doutput", 3);
  Func panelsIn = builder.addBuffer("recurrent_t_panels", 3);
  Expr stepIn = builder.addScalar("step");
  inputs.fromOutput = [=](Expr j, Expr n) { return doutputIn(j, stepIn, n); };
  inputs.transposedPanels = Panels{panelsIn, transposedPanels.columns, transposedPanels.tile};
  std::string entryPoint = builder.finish(
      defineStepGradient(name, inputs, builder.getScope(), builder.getLayer()));

  layer.rootStages.push_back({transposedPanels.func, {}});
  // The gradient reaching each step's h_t from the output, (j, t, n): all
  // of doutput with return_sequences, else its last step's.
  Func fromOutput(name + "_doutput_steps");
  fromOutput(j, t, n) = sequences ? doutput({n, t, j})
                                  : Halide::select(t == steps - 1, doutput({n, j}), 0.0f);
  layer.rootStages.push_back({fromOutput, {}});
  Func afterLast(name + "_after_last");
  afterLast(j, q, n) = 0.0f;
  layer.rootStages.push_back({afterLast, {}});

  std::vector<Func> results(steps);
  Func next = afterLast;
  for (int step = steps - 1; step >= 0; --step) {
    Func previous = step > 0 ? trace.steps[step - 1] : trace.initialStep;
    next = callStepPipeline(name + "_t" + std::to_string(step), entryPoint, step,
                            {trace.steps[step], previous, next, fromOutput,
                             transposedPanels.func, Expr(step)},
                            scope, layer);
    results[step] = next;
  }
  return results;
}

Func codegen::stackStepRows(const std::string &name, const std::string &batchRowsName,
                            const std::vector<Func> &perStep, const RecurrentSizes &sizes,
                            const LoweringScope &scope, LoweredLayer &layer) {
  Halide::Var j("j"), q("q"), r("r");
  Halide::RDom batchRows(0, scope.getBatchSize(), batchRowsName);
  Func rows(name);
  rows(j, q, r) = 0.0f;
  for (int step = 0; step < sizes.steps; ++step)
    rows(j, q, batchRows.x * sizes.steps + step) = perStep[step](j, q, batchRows.x);
  RootStage stage{rows, {}};
  stage.parallelRVar = batchRows.x;
  layer.rootStages.push_back(stage);
  return rows;
}

TensorFunc codegen::copyResult(const std::string &name, std::vector<int64_t> shape,
                               const std::function<Expr(const std::vector<Halide::Var> &)> &value,
                               LoweredLayer &layer) {
  TensorFunc result = defineElementwise(name, shape, value);
  layer.rootStages.push_back({result.func, {}});
  return result;
}

/// sum over every row of rows(j, q, r), in order, vectorized over j.
static Func sumRows(const std::string &name, const std::string &rowsName, const Func &rows,
                    Expr rowCount, LoweredLayer &layer) {
  Halide::Var j("j"), q("q");
  Halide::RDom everyRow(0, rowCount, rowsName);
  Func sum(name);
  sum(j, q) = 0.0f;
  sum(j, q) += rows(j, q, everyRow.x);
  layer.rootStages.push_back({sum, {std::nullopt, std::nullopt}, true, {everyRow.x}});
  return sum;
}

RecurrentWeightGradients codegen::defineRecurrentWeightGradients(
    const std::string &name, mlir::Operation *op, const TensorFunc &x,
    const TensorFunc &kernel, const RecurrentTrace &trace, const RecurrentSizes &sizes,
    const Func &dzRows, const std::optional<Func> &dzRecurrentRows,
    const LoweringScope &scope, LoweredLayer &layer) {
  const int steps = sizes.steps, units = sizes.units;
  const int64_t gateWidth = sizes.gateWidth();
  Expr rows = scope.getBatchSize() * steps;
  auto rowN = [steps](Expr r) { return r / steps; };
  auto rowT = [steps](Expr r) { return r % steps; };
  auto flat = [units](const Func &stacked) {
    return [stacked, units](Expr gate, Expr r) {
      return stacked(gate % units, gate / units, r);
    };
  };
  Panels dzPanels = packPanels(name + "_dz_panels", scope.getMatrixTile(), gateWidth, flat(dzRows), rows);
  // GRU's recurrent side differs in the candidate gate: panels of its own.
  std::optional<Panels> dzRecurrentPanels;
  if (dzRecurrentRows)
    dzRecurrentPanels = packPanels(name + "_dz_recurrent_panels", scope.getMatrixTile(), gateWidth,
                                   flat(*dzRecurrentRows), rows);

  // dkernel(g, k) = sum over rows of x(k, row) dz(g, row) (the product packs
  // x's rows itself).
  MatrixProduct dkernel = defineMatrixProduct(
      name + "_dkernel_product", dzPanels, true, rows, sizes.inputs,
      [&](Expr row, Expr k) { return x({rowN(row), rowT(row), k}); }, /*blocked=*/true,
      LhsReading::PackRows);
  // drecurrent_kernel(g, j) = sum over rows of h_{t-1}(j, row) dz_rec(g, row).
  Func initialH = trace.initialH, hidden = trace.hidden;
  MatrixProduct drecurrent = defineMatrixProduct(
      name + "_drecurrent_product", dzRecurrentPanels ? *dzRecurrentPanels : dzPanels,
      dzRecurrentPanels.has_value(), rows, units,
      [=](Expr row, Expr unitIndex) {
        return Halide::select(rowT(row) == 0, initialH(unitIndex, rowN(row)),
                              hidden(unitIndex, Halide::max(rowT(row) - 1, 0), rowN(row)));
      },
      /*blocked=*/true, LhsReading::PackRows);
  // dx(k, row) = sum over gates of dz(g, row) kernel(k, g).
  Panels kernelPanels = packPanels(name + "_kernel_t_panels", scope.getMatrixTile(), sizes.inputs,
                                   [&](Expr c, Expr gate) { return kernel({c, gate}); });
  MatrixProduct dx = defineMatrixProduct(name + "_dx_product", kernelPanels, true,
                                         static_cast<int>(gateWidth), rows, flat(dzRows),
                                         /*blocked=*/false, LhsReading::CoversRows);
  layer.products.push_back(dkernel);
  layer.products.push_back(drecurrent);
  layer.products.push_back(dx);

  RecurrentWeightGradients gradients;
  gradients.dx = copyResult(
      name + "_dx", getStaticShape(op->getResult(0)),
      [&](const auto &v) { return dx.product(v[2], v[0] * steps + v[1]); }, layer);
  gradients.dkernel =
      copyResult(name + "_dkernel", getStaticShape(op->getResult(1)),
                 [&](const auto &v) { return dkernel.product(v[1], v[0]); }, layer);
  gradients.drecurrentKernel =
      copyResult(name + "_drecurrent_kernel", getStaticShape(op->getResult(2)),
                 [&](const auto &v) { return drecurrent.product(v[1], v[0]); }, layer);
  gradients.inputBiasSum = sumRows(name + "_dbias_sum", name + "_rows", dzRows, rows, layer);
  gradients.recurrentBiasSum =
      dzRecurrentRows ? sumRows(name + "_drecurrent_bias_sum", name + "_recurrent_rows",
                                *dzRecurrentRows, rows, layer)
                      : gradients.inputBiasSum;
  return gradients;
}
