//===- TrainingModeOpInterface.h - Ops that train differently ---*- C++ -*-===//

#ifndef NN_IR_TRAININGMODEOPINTERFACE_H
#define NN_IR_TRAININGMODEOPINTERFACE_H

#include "mlir/IR/OpDefinition.h"

#include "nn/IR/TrainingModeOpInterface.h.inc"

#endif // NN_IR_TRAININGMODEOPINTERFACE_H
