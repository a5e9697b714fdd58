//===- NNDialect.h - The nn dialect and its attributes ----------*- C++ -*-===//

#ifndef NN_IR_NNDIALECT_H
#define NN_IR_NNDIALECT_H

#include "nn/IR/TrainAttrSupport.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/DialectImplementation.h"

#include "nn/IR/NNOpsDialect.h.inc"

#include "nn/IR/NNEnums.h.inc"

#include "nn/IR/OptimizerAttrInterface.h.inc"

#define GET_ATTRDEF_CLASSES
#include "nn/IR/NNAttrs.h.inc"

#endif // NN_IR_NNDIALECT_H
