//===- TrainingModeOpInterface.h - Ops that train differently ---*- C++ -*-===//

#ifndef NN_IR_TRAININGMODEOPINTERFACE_H
#define NN_IR_TRAININGMODEOPINTERFACE_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"
#include "llvm/ADT/SmallVector.h"

namespace nnc::nn {

/// A non-trainable parameter (`state`, an argument of the function) and its
/// value after the training step (`updated`).
struct StateUpdate {
  mlir::Value state;
  mlir::Value updated;
};

} // namespace nnc::nn

#include "nn/IR/TrainingModeOpInterface.h.inc"

#endif // NN_IR_TRAININGMODEOPINTERFACE_H
