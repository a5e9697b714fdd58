//===- RecurrentOpInterface.h - Layers with a state over time ---*- C++ -*-===//

#ifndef NN_IR_RECURRENTOPINTERFACE_H
#define NN_IR_RECURRENTOPINTERFACE_H

#include "mlir/IR/OpDefinition.h"
#include "llvm/ADT/StringRef.h"

#include "nn/IR/RecurrentOpInterface.h.inc"

namespace nnc::nn {

/// Whether `op` is a recurrent layer (LSTM, GRU, SimpleRNN): it carries a
/// state from step to step, which generation keeps between tokens.
inline bool isRecurrentLayer(mlir::Operation *op) {
  return llvm::isa<RecurrentOpInterface>(op);
}

} // namespace nnc::nn

#endif // NN_IR_RECURRENTOPINTERFACE_H
