//===- AdjointOpInterface.cpp - Ops that state their adjoint --------------===//

#include "nn/IR/AdjointOpInterface.h"

#include "nn/IR/AdjointOpInterface.cpp.inc"
