//===- DropoutOp.cpp - Keras's Dropout layers: shape, modes, adjoint ------===//
//
// nn.dropout is the identity until nn-autodiff puts it in training mode; its
// mask is then drawn from the step's counters (Codegen: DropoutLowering.cpp),
// and its adjoint applies the same mask to the gradient.
//
//===----------------------------------------------------------------------===//

#include "TensorChecks.h"

#include "nn/IR/NNOps.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::inference;

LogicalResult DropoutOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location> location, Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto x = checkTensor(location, "dropout", adaptor.getX(), {"input"});
  if (failed(x))
    return failure();
  int64_t previous = 0;
  for (int64_t axis : adaptor.getSharedAxes()) {
    if (axis <= previous || axis >= x->getRank())
      return emitOptionalError(location, "dropout shares its mask along axes ",
                               formatList(adaptor.getSharedAxes()),
                               ": they must increase, and lie between 1 and the last "
                               "axis of its ",
                               formatShape(x->getShape()), " input");
    previous = axis;
  }
  inferredReturnTypes.push_back(*x);
  return success();
}

LogicalResult DropoutOp::verify() {
  float rate = getRate().convertToFloat();
  if (!(rate >= 0.0f && rate < 1.0f))
    return emitOpError() << "rate must be in [0, 1), got " << rate;
  size_t expected = getTraining() ? 2 : 0;
  if (getRandom().size() != expected)
    return emitOpError() << (getTraining() ? "in training mode takes the step's seed and "
                                             "step counters"
                                           : "in inference mode takes no random counters")
                         << ", got " << getRandom().size() << " of them";
  return success();
}

StringRef DropoutOp::getKerasClass() {
  ArrayRef<int64_t> axes = getSharedAxes();
  int64_t rank = getX().getType().getRank();
  if (rank == 4 && axes == ArrayRef<int64_t>{1, 2})
    return "SpatialDropout2D";
  if (rank == 3 && axes == ArrayRef<int64_t>{1})
    return "SpatialDropout1D";
  return "Dropout";
}

SpatialFootprint DropoutOp::getSpatialFootprint() { return SpatialFootprint::pointwise(); }

bool DropoutOp::needsRandomness() { return true; }

SmallVector<StateUpdate> DropoutOp::setTrainingMode(OpBuilder &, ValueRange random) {
  getRandomMutable().assign(random);
  setTraining(true);
  return {};
}

/// dropout(x) = x * mask / (1 - rate) is linear in x: its adjoint is the same
/// layer's dropout (same name, so the same mask) of the gradient.
SmallVector<Value> DropoutOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  SmallVector<Value> gradients(getNumOperands());
  gradients[0] = getTraining() ? builder
                                     .create<DropoutOp>(getLoc(), resultGradient, getRandom(),
                                                        getRateAttr(), getSharedAxesAttr(),
                                                        getTrainingAttr(), getNameAttr())
                                     .getResult()
                               : resultGradient;
  return gradients;
}
