//===- DerivedFunctions.cpp - The functions derived from a model ----------===//

#include "nn/IR/DerivedFunctions.h"

#include "nn/IR/NNDialect.h"

#include "mlir/IR/SymbolTable.h"

using namespace mlir;
using namespace nnc::nn;

ArrayRef<DerivedFunction> nnc::nn::getDerivedFunctionKinds() {
  static constexpr DerivedFunction kinds[] = {
      DerivedFunction::Loss, DerivedFunction::Gradient, DerivedFunction::Update,
      DerivedFunction::TrainStep, DerivedFunction::Step};
  return kinds;
}

StringRef nnc::nn::getDerivedFunctionAttrName(DerivedFunction kind) {
  switch (kind) {
  case DerivedFunction::Loss:
    return NNDialect::kLossFunctionAttrName;
  case DerivedFunction::Gradient:
    return NNDialect::kGradientFunctionAttrName;
  case DerivedFunction::Update:
    return NNDialect::kUpdateFunctionAttrName;
  case DerivedFunction::TrainStep:
    return NNDialect::kTrainStepFunctionAttrName;
  case DerivedFunction::Step:
    return NNDialect::kStepFunctionAttrName;
  }
  llvm_unreachable("unknown derived function");
}

func::FuncOp nnc::nn::lookupDerivedFunction(func::FuncOp model, DerivedFunction kind) {
  auto symbol = model->getAttrOfType<FlatSymbolRefAttr>(getDerivedFunctionAttrName(kind));
  if (!symbol)
    return nullptr;
  return SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(model, symbol);
}

void nnc::nn::setDerivedFunction(func::FuncOp model, DerivedFunction kind,
                                 func::FuncOp derived) {
  model->setAttr(getDerivedFunctionAttrName(kind), FlatSymbolRefAttr::get(derived));
}
