//===- RecurrentOpInterface.cpp - Layers with a state over time -----------===//

#include "nn/IR/RecurrentOpInterface.h"

#include "nn/IR/RecurrentOpInterface.cpp.inc"
