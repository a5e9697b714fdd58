//===- TrainingModeOpInterface.cpp - Ops that train differently -----------===//

#include "nn/IR/TrainingModeOpInterface.h"

#include "nn/IR/TrainingModeOpInterface.cpp.inc"
