//===- AdjointBuilders.cpp - Helpers shared by the ops' adjoints ----------===//

#include "AdjointBuilders.h"

#include "nn/IR/NNOps.h"

using namespace mlir;
using namespace nnc::nn;

std::string adjoint::getGradientName(Operation *op, StringRef what) {
  auto name = op->getAttrOfType<StringAttr>("name");
  return ((name ? name.getValue() : op->getName().stripDialect()) + "." + what).str();
}

Value adjoint::buildPreActivationGradient(OpBuilder &builder, Operation *op, Value y,
                                          Value dy, Activation activation, int64_t axis) {
  if (activation == Activation::linear)
    return dy;
  assert(!getActivationTraits(activation).gradientNeedsInput &&
         "nn-autodiff splits such an activation off its layer");
  return builder.create<ActivationGradOp>(op->getLoc(), y, dy, /*x=*/Value(), activation,
                                          /*alpha=*/FloatAttr(), axis,
                                          getGradientName(op, "dpre"));
}

SmallVector<int64_t, 2> adjoint::getSpatialSize(Type type) {
  ArrayRef<int64_t> shape = llvm::cast<RankedTensorType>(type).getShape();
  return {shape[1], shape[2]};
}

Value adjoint::buildReshape(OpBuilder &builder, Operation *op, Value value,
                            ArrayRef<int64_t> shape, StringRef what) {
  return builder.create<ReshapeOp>(op->getLoc(), value, shape.drop_front(),
                                   getGradientName(op, what));
}

Value adjoint::buildColumnImage(OpBuilder &builder, Operation *op, Value sequence,
                                StringRef what) {
  ArrayRef<int64_t> shape = llvm::cast<RankedTensorType>(sequence.getType()).getShape();
  return buildReshape(builder, op, sequence, {shape[0], shape[1], 1, shape[2]}, what);
}
