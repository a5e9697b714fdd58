//===- NNOps.h - nn dialect operations --------------------------*- C++ -*-===//

#ifndef NN_IR_NNOPS_H
#define NN_IR_NNOPS_H

#include "nn/IR/ActivationTraits.h"
#include "nn/IR/AdjointOpInterface.h"
#include "nn/IR/LayerOpInterface.h"
#include "nn/IR/NNDialect.h"
#include "nn/IR/RecurrentOpInterface.h"
#include "nn/IR/TensorLimits.h"
#include "nn/IR/TrainingModeOpInterface.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "nn/IR/NNOps.h.inc"

#endif // NN_IR_NNOPS_H
