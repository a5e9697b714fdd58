//===- ActivationOps.cpp - Activations as layers, and their gradient ------===//
//
// Activations keep the shape of their input.
//
//===----------------------------------------------------------------------===//

#include "TensorChecks.h"

#include "nn/IR/NNOps.h"
#include "nn/IR/ShapeArithmetic.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::inference;

ActivationTraits nnc::nn::getActivationTraits(Activation activation) {
  ActivationTraits traits;
  switch (activation) {
  case Activation::linear:
  case Activation::relu:
  case Activation::sigmoid:
  case Activation::tanh:
  case Activation::softmax:
  case Activation::selu:         // y > 0 exactly where x > 0; f' = y + scale alpha
  case Activation::hard_sigmoid: // f' = 1/6 exactly where 0 < y < 1
    break;
  case Activation::leaky_relu: // Sema keeps the slope >= 0, so y > 0 iff x > 0
    traits.defaultAlpha = 0.2f;
    traits.kerasLayerClass = "LeakyReLU";
    break;
  case Activation::elu: // any alpha (Keras checks none), so from x
    traits.defaultAlpha = 1.0f;
    traits.kerasLayerClass = "ELU";
    traits.gradientNeedsInput = true;
    break;
  case Activation::gelu:
  case Activation::gelu_tanh:
  case Activation::silu:
  // sigmoid(x) = 1 - exp(-y) would lose all precision for large negative x.
  case Activation::softplus:
    traits.gradientNeedsInput = true;
    break;
  }
  return traits;
}

/// `alpha` is allowed only where it means something.
static LogicalResult verifyAlpha(Operation *op, Activation activation,
                                 std::optional<APFloat> alpha) {
  if (alpha && !getActivationTraits(activation).defaultAlpha)
    return op->emitOpError() << "activation " << stringifyActivation(activation)
                             << " takes no alpha";
  // Its gradient is taken from y, which needs y > 0 exactly where x > 0.
  if (alpha && activation == Activation::leaky_relu && alpha->isNegative())
    return op->emitOpError() << "leaky_relu's negative slope must be >= 0";
  return success();
}

float nnc::nn::getActivationAlpha(Activation activation, std::optional<float> alpha) {
  return alpha.value_or(getActivationTraits(activation).defaultAlpha.value_or(0.0f));
}

/// The op's alpha attribute, if any, as the float it computes with.
static std::optional<float> toFloat(std::optional<APFloat> alpha) {
  if (!alpha)
    return std::nullopt;
  return alpha->convertToFloat();
}

//===----------------------------------------------------------------------===//
// ActivationOp
//===----------------------------------------------------------------------===//

LogicalResult ActivationOp::inferReturnTypes(MLIRContext *context,
                                             std::optional<Location> location,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  // Errors name the activation, as the language does ("gelu input has ...").
  std::string op = stringifyActivation(adaptor.getActivation()).str();
  auto x = checkTensor(location, op, adaptor.getX(), {"input"});
  if (failed(x))
    return failure();
  inferredReturnTypes.push_back(*x);
  return success();
}

LogicalResult ActivationOp::verify() {
  Activation activation = getActivation();
  if (activation == Activation::linear || activation == Activation::softmax)
    return emitOpError() << "is elementwise: " << stringifyActivation(activation)
                         << " is "
                         << (activation == Activation::linear ? "no op" : "nn.softmax");
  return verifyAlpha(*this, activation, getAlpha());
}

StringRef ActivationOp::getKerasClass() {
  return getActivationTraits(getActivation()).kerasLayerClass;
}

SpatialFootprint ActivationOp::getSpatialFootprint() { return SpatialFootprint::pointwise(); }

float ActivationOp::getAlphaOrDefault() { return getActivationAlpha(getActivation(), toFloat(getAlpha())); }

//===----------------------------------------------------------------------===//
// SoftmaxOp
//===----------------------------------------------------------------------===//

int64_t SoftmaxOp::getNormalizedAxis() {
  return *normalizeAxis(getAxis(), getX().getType().getRank());
}

/// Over the channels, softmax acts on each pixel; over the height or width a
/// pixel would see its whole row or column, which no field describes.
SpatialFootprint SoftmaxOp::getSpatialFootprint() {
  if (getNormalizedAxis() == getX().getType().getRank() - 1)
    return SpatialFootprint::pointwise();
  return SpatialFootprint();
}

LogicalResult SoftmaxOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location> location,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto x = checkTensor(location, "softmax", adaptor.getX(), {"input"});
  if (failed(x) || failed(checkAxis(location, "softmax", adaptor.getAxis(), x->getRank())))
    return failure();
  inferredReturnTypes.push_back(*x);
  return success();
}

//===----------------------------------------------------------------------===//
// ActivationGradOp
//===----------------------------------------------------------------------===//

LogicalResult
ActivationGradOp::inferReturnTypes(MLIRContext *context, std::optional<Location> location,
                                   Adaptor adaptor,
                                   SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto y = checkTensor(location, "activation_grad", adaptor.getY(), {"output y"});
  auto dy = checkTensor(location, "activation_grad", adaptor.getDy(), {"gradient dy"});
  if (failed(y) || failed(dy))
    return failure();
  auto shape = matchShapes(location, "activation_grad", "gradient dy", *dy, "output y", *y);
  if (failed(shape) ||
      failed(checkAxis(location, "activation_grad", adaptor.getAxis(), y->getRank())))
    return failure();
  if (Value xValue = adaptor.getX()) {
    auto x = checkTensor(location, "activation_grad", xValue, {"input x"});
    if (failed(x) ||
        failed(matchShapes(location, "activation_grad", "input x", *x, "output y", *y)))
      return failure();
  }
  inferredReturnTypes.push_back(getF32Tensor(context, *shape));
  return success();
}

LogicalResult ActivationGradOp::verify() {
  Activation activation = getActivation();
  bool needsInput = getActivationTraits(activation).gradientNeedsInput;
  if (needsInput != static_cast<bool>(getX()))
    return emitOpError() << "of " << stringifyActivation(activation)
                         << (needsInput ? " needs" : " takes no")
                         << " input x: its derivative is computed from "
                         << (needsInput ? "x" : "the output y");
  return verifyAlpha(*this, activation, getAlpha());
}

float ActivationGradOp::getAlphaOrDefault() {
  return getActivationAlpha(getActivation(), toFloat(getAlpha()));
}
