//===- RecurrentLowering.h - What Keras's recurrent layers share -*- C++ -*-===//
//
// LSTM, GRU and SimpleRNN are one loop over time around a cell of their own.
// The loop is theirs in common: the input projection of every step at once
// (one matrix product over N*T rows), one product h_{t-1} recurrent_kernel
// per step with the recurrent kernel packed once, the sequence of hidden
// states; and backwards, the product that carries a step's gate gradients to
// h_{t-1}, the gate gradients of all steps stacked on the rows of x, and the
// weight gradients as products over those rows. Each layer's file writes
// its cell (gates, state update, their derivatives) between these pieces.
// The LSTM runs its steps as step pipelines (StepPipeline.h), which its
// pipeline calls once per step; GRU and SimpleRNN still unroll theirs here
// (RecurrentProducts::recurrent, RecurrentBackprop per step).
//
// Gate q of unit j sits at column q*U + j of the kernels (Keras's layout);
// per-step Funcs are in Halide order, (j, n) or (j, q, n).
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

/// A [N, U] state Func (j, n) from a model-order tensor, or zeros without one.
Halide::Func defineStateFunc(const std::string &name, const TensorFunc *tensor);

/// x_t kernel for every step at once: product(g, r) on the flat rows
/// r = n * T + t of x.
MatrixProduct defineInputProjection(const std::string &name, const TensorFunc &x,
                                    const TensorFunc &kernel, const RecurrentSizes &sizes,
                                    const LoweringScope &scope, LoweredLayer &layer);

/// The forward products: x_t kernel for every step at once, and h_{t-1}
/// recurrent_kernel step by step.
class RecurrentProducts {
public:
  RecurrentProducts(const std::string &name, const TensorFunc &x, const TensorFunc &kernel,
                    const TensorFunc &recurrentKernel, const RecurrentSizes &sizes,
                    const LoweringScope &scope, LoweredLayer &layer);

  /// x_t kernel at column g, batch row n.
  Halide::Expr input(Halide::Expr g, Halide::Expr n, int step) const;
  /// h_{t-1} recurrent_kernel (column g, batch row n) as a product of the
  /// layer, `hPrev`(j, n) being h_{t-1}.
  Halide::Func recurrent(const std::string &suffix, const Halide::Func &hPrev);

private:
  std::string name;
  RecurrentSizes sizes;
  const LoweringScope &scope;
  LoweredLayer &layer;
  MatrixProduct projection;
  Panels recurrentPanels;
  bool panelsPacked = false;
};

/// The hidden states h_t(j, n) of every step as one Func hseq(j, t, n),
/// computed whole, one update per step.
Halide::Func stackSequence(const std::string &name, const std::vector<Halide::Func> &hidden,
                           LoweredLayer &layer);

/// A forward op's results: `output` (the sequence, or its last step), then
/// its final state, `finalState` Funcs (j, n) in the op's result order.
void setRecurrentResults(LoweredLayer &layer, mlir::Operation *op,
                         const RecurrentTrace &trace,
                         const std::vector<Halide::Func> &finalState);

/// The gradient reaching h_t from the layer's output: doutput at step t with
/// return_sequences, else at the last step only.
Halide::Expr outputGradientAt(const TensorFunc &doutput, bool sequences, int step,
                              int steps, Halide::Expr j, Halide::Expr n);

/// The forward trace for a gradient op: the forward op's Funcs when it was
/// lowered in this pipeline, else `recompute()` (a gradient pipeline given
/// the forward output as an input).
const RecurrentTrace &findOrRecompute(mlir::Value forwardOutput, const LoweringScope &scope,
                                      RecurrentTrace &recomputed,
                                      const std::function<RecurrentTrace()> &recompute);

/// The products dz_t recurrent_kernel^T (the recurrent part of dh_{t-1}),
/// the transposed panels packed once.
class RecurrentBackprop {
public:
  RecurrentBackprop(const std::string &name, const TensorFunc &recurrentKernel,
                    const RecurrentSizes &sizes, const LoweringScope &scope,
                    LoweredLayer &layer);
  /// `dzRecurrent`(j, q, n): the gradient of step t's recurrent products;
  /// returns dh_{t-1}'s part (j, n).
  Halide::Func intoPrevious(int step, const Halide::Func &dzRecurrent);

private:
  std::string name;
  RecurrentSizes sizes;
  const LoweringScope &scope;
  LoweredLayer &layer;
  Panels transposedPanels;
  bool panelsPacked = false;
};

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

/// Where an LSTM step's results sit along q of RecurrentTrace::steps: the
/// gates i, f, g, o at 0..3, then c_t and h_t. A step backwards puts dz_t at
/// 0..3 and what reaches c_{t-1} and h_{t-1} in the same two places.
constexpr int kStepCell = 4, kStepHidden = 5;

/// The state before the first step, in RecurrentTrace::steps' layout,
/// computed whole.
Halide::Func defineInitialStep(const std::string &name, const RecurrentTrace &trace,
                               LoweredLayer &layer);

/// One LSTM step (LSTMLowering.cpp), in RecurrentTrace::steps' layout:
/// z = input(g, n) + h_{t-1} recurrent_kernel (the panels given), then the
/// gates, c_t and h_t, each computed whole; `previous`(j, q, n) is the step
/// before, in the same layout.
Halide::Func defineLSTMStep(const std::string &name,
                            const std::function<Halide::Expr(Halide::Expr, Halide::Expr)> &input,
                            const Panels &recurrentPanels, bool ownsPanels,
                            const Halide::Func &previous, int units,
                            const LoweringScope &scope, LoweredLayer &layer);

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
