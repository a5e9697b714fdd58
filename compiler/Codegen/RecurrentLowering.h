//===- RecurrentLowering.h - What Keras's recurrent layers share -*- C++ -*-===//
//
// LSTM, GRU and SimpleRNN are one loop over time around a cell of their own.
// The loop is theirs in common: the input projection of every step at once
// (one matrix product over N*T rows), then the steps, each a call of a step
// pipeline (StepPipeline.h: h_{t-1} recurrent_kernel on panels packed once,
// then the cell), so compiling a layer costs the same for any number of
// steps; and backwards, a step pipeline per step carrying the gradient to
// h_{t-1}, the gate gradients of all steps stacked on the rows of x, and the
// weight gradients as products over those rows. Each layer's file writes its
// cell, forward and backward, as a StepDefinition and a
// StepGradientDefinition. Where the pipeline skips padded time steps
// (SequencePacking.h), a step's call computes the rows still running and
// gives zeros for the others (StepPipelineBuilder::finish).
//
// Gate q of unit j sits at column q*U + j of the kernels (Keras's layout);
// a step's Funcs are in Halide order, (j, n) or (j, q, n).
//
//===----------------------------------------------------------------------===//

#ifndef NNC_CODEGEN_RECURRENTLOWERING_H
#define NNC_CODEGEN_RECURRENTLOWERING_H

#include "Codegen/Lowering.h"

#include <optional>

namespace nnc::codegen {

/// The sizes of a recurrent layer: x [N, T, in], gates * units kernel columns.
struct RecurrentSizes {
  int steps, inputs, units, gates;
  int64_t gateWidth() const { return static_cast<int64_t>(gates) * units; }
};
RecurrentSizes getRecurrentSizes(const TensorFunc &x, const TensorFunc &recurrentKernel);

/// Where a step's results sit along q of RecurrentTrace::steps: the layer's
/// gates from 0 (LSTM's i, f, g, o; GRU's z, r, the candidate and its
/// recurrent part), the LSTM's cell state c_t at kStepCell, h_t at
/// kStepHidden. A step backwards puts its gate gradients from 0 and what
/// reaches c_{t-1} and h_{t-1} from it at the same two places.
constexpr int kStepCell = 4, kStepHidden = 5;

/// A [N, U] state Func (j, n) from a model-order tensor, or zeros without one.
Halide::Func defineStateFunc(const std::string &name, const TensorFunc *tensor);

/// What a layer's step reads: the step pipeline's buffers, or, for a single
/// step computed in place, the layer's own Funcs.
struct StepInputs {
  int units = 0;
  /// x_t kernel at column g, batch row n.
  std::function<Halide::Expr(Halide::Expr, Halide::Expr)> projection;
  /// The layer's bias in Halide order: (g), or (g, row) for GRU's two rows.
  Halide::Func bias;
  /// recurrent_kernel packed for the product h_{t-1} recurrent_kernel.
  Panels recurrentPanels;
  bool ownsPanels = false;
  /// The step before (RecurrentTrace::steps' layout).
  Halide::Func previous;
};
/// h_{t-1} recurrent_kernel (g, n), the product every step starts with.
MatrixProduct defineRecurrentProduct(const std::string &name, const StepInputs &inputs,
                                     const LoweringScope &scope, LoweredLayer &layer);

/// A layer's time step: adds its Funcs to `layer` and returns its results
/// (j, q, n) in RecurrentTrace::steps' layout, every part of q the caller
/// may read computed from Funcs computed whole.
using StepDefinition = std::function<Halide::Func(
    const std::string &name, const StepInputs &inputs, const LoweringScope &scope,
    LoweredLayer &layer)>;

/// The forward time loop of a layer whose step is `defineStep`: the input
/// projection of every step at once, then a call of the step pipeline per
/// step (a single step, as in one-token generation, in place, reading the
/// recurrent kernel where it lies). `trace` comes with its initial state;
/// returns it with `steps` and the stacked `hidden`.
RecurrentTrace runRecurrence(const std::string &name, const TensorFunc &x,
                             const TensorFunc &kernel, const TensorFunc &recurrentKernel,
                             const TensorFunc &bias, RecurrentTrace trace,
                             const StepDefinition &defineStep, const LoweringScope &scope,
                             LoweredLayer &layer);

/// What a layer's step backwards reads (the step pipeline's buffers).
struct StepGradientInputs {
  int units = 0;
  /// The forward step t, the one before it (or the initial state), and the
  /// result of the step after backwards (zeros after the last).
  Halide::Func state, previous, next;
  /// The gradient reaching h_t from the layer's output.
  std::function<Halide::Expr(Halide::Expr, Halide::Expr)> fromOutput;
  /// recurrent_kernel^T packed for the product dz_t recurrent_kernel^T.
  Panels transposedPanels;
};
using StepGradientDefinition = std::function<Halide::Func(
    const std::string &name, const StepGradientInputs &inputs, const LoweringScope &scope,
    LoweredLayer &layer)>;

/// The backward time loop: from the last step to the first, a call of the
/// step pipeline `defineStepGradient` per step; returns each step's results
/// (j, q, n), in step order.
std::vector<Halide::Func>
runRecurrenceBackwards(const std::string &name, const TensorFunc &recurrentKernel,
                       const TensorFunc &doutput, bool sequences, const RecurrentTrace &trace,
                       const StepGradientDefinition &defineStepGradient,
                       const LoweringScope &scope, LoweredLayer &layer);

/// A forward op's results: `output` (the sequence, or its last step), then
/// its final state, `finalState` Funcs (j, n) in the op's result order.
void setRecurrentResults(LoweredLayer &layer, mlir::Operation *op,
                         const RecurrentTrace &trace,
                         const std::vector<Halide::Func> &finalState);

/// The forward trace for a gradient op: the forward op's Funcs when it was
/// lowered in this pipeline, else `recompute()` (a gradient pipeline given
/// the forward output as an input).
const RecurrentTrace &findOrRecompute(mlir::Value forwardOutput, const LoweringScope &scope,
                                      RecurrentTrace &recomputed,
                                      const std::function<RecurrentTrace()> &recompute);

/// The gate gradients of all steps, rows(j, q, r) on the flat rows
/// r = n * T + t of x; rows past the end, which whole blocks compute, read
/// zeros. The update runs parallel over `batchRowsName`, an RDom over the batch.
Halide::Func stackStepRows(const std::string &name, const std::string &batchRowsName,
                           const std::vector<Halide::Func> &perStep,
                           const RecurrentSizes &sizes, const LoweringScope &scope,
                           LoweredLayer &layer);

/// The gradients of x and the two kernels, and the per-gate bias sums.
struct RecurrentWeightGradients {
  TensorFunc dx, dkernel, drecurrentKernel;
  /// sum over rows of the input side's gate gradients (j, q), and of the
  /// recurrent side's (the same Func when the sides agree).
  Halide::Func inputBiasSum, recurrentBiasSum;
};

/// From the stacked gate gradients of the input products (x_t kernel) and of
/// the recurrent products (h_{t-1} recurrent_kernel), which differ only for
/// GRU (null `dzRecurrentRows`: the same):
///   dkernel = x^T dz, drecurrent_kernel = h_{t-1}^T dz_rec, dx = dz kernel^T.
/// Each output element sums in a fixed order: deterministic for any thread
/// count. `op` gives the results' shapes (dx, dkernel, drecurrent_kernel).
RecurrentWeightGradients
defineRecurrentWeightGradients(const std::string &name, mlir::Operation *op,
                               const TensorFunc &x, const TensorFunc &kernel,
                               const RecurrentTrace &trace, const RecurrentSizes &sizes,
                               const Halide::Func &dzRows,
                               const std::optional<Halide::Func> &dzRecurrentRows,
                               const LoweringScope &scope, LoweredLayer &layer);

/// A root-stage copy of `value` into a model-order result of `shape`.
TensorFunc copyResult(const std::string &name, std::vector<int64_t> shape,
                      const std::function<Halide::Expr(const std::vector<Halide::Var> &)> &value,
                      LoweredLayer &layer);

/// The forward recurrence of an LSTM (LSTMLowering.cpp): adds its products and
/// stages to `layer` and returns what the gradient reads. `h0`/`c0` are null
/// without an initial state (zeros).
RecurrentTrace buildLSTMRecurrence(const std::string &name, const TensorFunc &x,
                                   const TensorFunc &kernel,
                                   const TensorFunc &recurrentKernel, const TensorFunc &bias,
                                   const TensorFunc *h0, const TensorFunc *c0,
                                   const LoweringScope &scope, LoweredLayer &layer);

} // namespace nnc::codegen

#endif // NNC_CODEGEN_RECURRENTLOWERING_H
