//===- ActivationLowering.cpp - Activation layers -------------------------===//

#include "Codegen/HalideLowering.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace nnc;
using namespace nnc::codegen;

static LoweredLayer lowerActivationOp(mlir::Operation *op,
                                        const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  const TensorFunc &input = scope.lookup(op->getOperand(0));
  if (auto softmax = llvm::dyn_cast<nn::SoftmaxOp>(op)) {
    layer.output = buildSoftmax(input, static_cast<int>(softmax.getNormalizedAxis()),
                                layer.name, layer);
    return layer;
  }
  nn::Activation activation =
      llvm::TypeSwitch<mlir::Operation *, nn::Activation>(op)
          .Case([](nn::ReluOp) { return nn::Activation::relu; })
          .Case([](nn::SigmoidOp) { return nn::Activation::sigmoid; })
          .Case([](nn::TanhOp) { return nn::Activation::tanh; });
  layer.output = applyActivation(activation, input, layer.name, scope, layer);
  return layer;
}

void codegen::registerActivationLowerings(mlir::MLIRContext *context) {
  attachLowerings<lowerActivationOp, nn::ReluOp, nn::SigmoidOp, nn::TanhOp, nn::SoftmaxOp>(
      context);
}
