//===- HalideLowering.cpp - The op interface of code generation -----------===//

#include "Codegen/HalideLowering.h"

#include "Codegen/HalideLoweringInterface.cpp.inc"
