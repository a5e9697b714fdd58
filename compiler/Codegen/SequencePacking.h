//===- SequencePacking.h - Time steps only for the sequences running -*- C++ -*-===//
//
// A language model's batch holds sentences of different lengths padded at the
// end, and with `ignore_class` the padded targets count for nothing. When
// every op between the inputs and the loss either acts on each time step
// alone (embedding, dense, activations, dropout) or carries a state forward
// in time (LSTM, GRU, SimpleRNN returning sequences), a position after a
// row's last counted target cannot reach any counted one: its forward values
// reach only later positions, and every gradient through it is exactly zero.
// Such a pipeline computes time step t of its recurrent layers only for the
// leading rows of the batch that hold every sequence still running at t
// (StepPipeline.h), as PyTorch's pack_padded_sequence does, but found by the
// compiler; the runtime sorts each training batch longest first so that
// those rows are as few as possible (nncrt TrainDesc::sortsByLength).
//
// The losses and gradients are the padded computation's (nnc
// --no-sequence-packing: every row, through the same code) bit for bit: the
// positions skipped contribute zeros, in the same order. Free of Halide
// types, so the driver can use it.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_CODEGEN_SEQUENCEPACKING_H
#define NNC_CODEGEN_SEQUENCEPACKING_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <optional>

namespace nnc {

struct SequencePacking {
  /// The labels [N, T] whose positions of class `ignoreClass` count for
  /// nothing.
  mlir::Value labels;
  int64_t ignoreClass = 0;
};

/// How `function` (a loss or gradient function) may skip padded time steps,
/// or nothing when it may not: no recurrent layer, no ignored class, an op
/// that mixes time steps (bidirectional layers, convolutions, pooling), or a
/// result other than the loss and gradients (the output for accuracy, which
/// would see the skipped positions).
std::optional<SequencePacking> findSequencePacking(mlir::func::FuncOp function);

} // namespace nnc

#endif // NNC_CODEGEN_SEQUENCEPACKING_H
