//===- AdjointOpInterface.h - Ops that state their adjoint ------*- C++ -*-===//

#ifndef NN_IR_ADJOINTOPINTERFACE_H
#define NN_IR_ADJOINTOPINTERFACE_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"
#include "llvm/ADT/SmallVector.h"

#include "nn/IR/AdjointOpInterface.h.inc"

#endif // NN_IR_ADJOINTOPINTERFACE_H
