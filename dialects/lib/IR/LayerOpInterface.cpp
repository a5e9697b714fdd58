//===- LayerOpInterface.cpp - Ops that are a Keras layer ------------------===//

#include "nn/IR/LayerOpInterface.h"

#include "nn/IR/LayerOpInterface.cpp.inc"
