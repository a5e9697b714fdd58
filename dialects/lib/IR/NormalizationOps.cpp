//===- NormalizationOps.cpp - Keras's BatchNormalization, LayerNormalization ===//
//
// nn.batch_norm normalizes with the statistics it is given; its training
// mode gives it the batch's (nn.batch_mean, nn.batch_variance) and updates
// the moving ones (nn.moving_average). Each op's shape rule and adjoint is
// here; autodiff composes them into BatchNormalization's gradient.
//
//===----------------------------------------------------------------------===//

#include "AdjointBuilders.h"
#include "TensorChecks.h"

#include "nn/IR/NNOps.h"

#include <cmath>

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::inference;

/// A per-channel vector operand: a static [channels] tensor (absent is fine).
static LogicalResult checkChannelVector(std::optional<Location> location, StringRef op,
                                        Value value, StringRef role, int64_t channels) {
  if (!value)
    return success();
  auto type = checkTensor(location, op, value, {role, 1, 1, "", /*batched=*/false});
  if (failed(type))
    return failure();
  if (type->getDimSize(0) != channels)
    return emitOptionalError(location, op, " ", role, " has ", type->getDimSize(0),
                             " entries but the input has ", channels, " channels");
  return success();
}

/// The input [N, ..., C] of a per-channel op, and its channel count.
static FailureOr<RankedTensorType> checkChannelsLast(std::optional<Location> location,
                                                     StringRef op, Value x) {
  return checkTensor(location, op, x, {"input", -1, 2, "(batch, ..., channels)"});
}

static RankedTensorType getChannelVectorType(MLIRContext *context, RankedTensorType x) {
  return getF32Tensor(context, {x.getShape().back()});
}

//===----------------------------------------------------------------------===//
// BatchNormOp
//===----------------------------------------------------------------------===//

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *context,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto x = checkChannelsLast(location, "batchnorm", adaptor.getX());
  if (failed(x))
    return failure();
  int64_t channels = x->getShape().back();
  for (auto [value, role] : {std::pair{adaptor.getMean(), "mean"},
                             {adaptor.getVariance(), "variance"},
                             {adaptor.getGamma(), "gamma"},
                             {adaptor.getBeta(), "beta"}})
    if (failed(checkChannelVector(location, "batchnorm", value, role, channels)))
      return failure();
  inferredReturnTypes.push_back(*x);
  return success();
}

LogicalResult BatchNormOp::verify() {
  float momentum = getMomentum().convertToFloat(), epsilon = getEpsilon().convertToFloat();
  if (!(momentum >= 0.0f && momentum <= 1.0f))
    return emitOpError() << "momentum must be in [0, 1], got " << momentum;
  if (!(epsilon > 0.0f) || !std::isfinite(epsilon))
    return emitOpError() << "epsilon must be a positive number, got " << epsilon;
  return success();
}

SpatialFootprint BatchNormOp::getSpatialFootprint() { return SpatialFootprint::pointwise(); }

bool BatchNormOp::needsRandomness() { return false; }

/// Normalizes by the batch's statistics, and updates the moving ones it was
/// given with them.
SmallVector<StateUpdate> BatchNormOp::setTrainingMode(OpBuilder &builder, ValueRange) {
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPoint(*this);
  Value movingMean = getMean(), movingVariance = getVariance();
  Value mean = builder.create<BatchMeanOp>(getLoc(), getX(),
                                           adjoint::getGradientName(*this, "batch_mean"));
  Value variance = builder.create<BatchVarianceOp>(
      getLoc(), getX(), mean, adjoint::getGradientName(*this, "batch_variance"));
  getMeanMutable().assign(mean);
  getVarianceMutable().assign(variance);
  setTraining(true);
  auto update = [&](Value moving, Value batch, StringRef what) -> Value {
    return builder.create<MovingAverageOp>(
        getLoc(), moving, batch, getMomentumAttr(),
        builder.getStringAttr(adjoint::getGradientName(*this, what)));
  };
  return {{movingMean, update(movingMean, mean, "moving_mean")},
          {movingVariance, update(movingVariance, variance, "moving_variance")}};
}

/// Gradients for x and gamma, for beta (a bias), and in training mode for
/// the batch statistics (through which they reach x again).
SmallVector<Value> BatchNormOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  auto gradientFor = [&](BatchNormOperand operand, StringRef what) -> Value {
    return builder.create<BatchNormGradOp>(
        getLoc(), getX(), getMean(), getVariance(), getGamma(), resultGradient,
        BatchNormOperandAttr::get(getContext(), operand), getEpsilonAttr(),
        builder.getStringAttr(adjoint::getGradientName(*this, what)));
  };
  SmallVector<Value> gradients = {gradientFor(BatchNormOperand::x, "dx")};
  gradients.push_back(getTraining() ? gradientFor(BatchNormOperand::mean, "dmean") : Value());
  gradients.push_back(getTraining() ? gradientFor(BatchNormOperand::variance, "dvariance")
                                    : Value());
  if (getGamma())
    gradients.push_back(gradientFor(BatchNormOperand::gamma, "dgamma"));
  if (getBeta())
    gradients.push_back(builder.create<BiasGradOp>(
        getLoc(), resultGradient, adjoint::getGradientName(*this, "dbeta")));
  return gradients;
}

//===----------------------------------------------------------------------===//
// The batch statistics and the moving average
//===----------------------------------------------------------------------===//

LogicalResult BatchMeanOp::inferReturnTypes(MLIRContext *context,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto x = checkChannelsLast(location, "batch_mean", adaptor.getX());
  if (failed(x))
    return failure();
  inferredReturnTypes.push_back(getChannelVectorType(context, *x));
  return success();
}

SmallVector<Value> BatchMeanOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  return {builder.create<BatchMeanGradOp>(getLoc(), getX(), resultGradient,
                                          adjoint::getGradientName(*this, "dx"))};
}

LogicalResult BatchVarianceOp::inferReturnTypes(MLIRContext *context,
                                                std::optional<Location> location,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto x = checkChannelsLast(location, "batch_variance", adaptor.getX());
  if (failed(x) || failed(checkChannelVector(location, "batch_variance", adaptor.getMean(),
                                             "mean", x->getShape().back())))
    return failure();
  inferredReturnTypes.push_back(getChannelVectorType(context, *x));
  return success();
}

/// No gradient for the mean: see the op's description.
SmallVector<Value> BatchVarianceOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  return {builder.create<BatchVarianceGradOp>(getLoc(), getX(), getMean(), resultGradient,
                                              adjoint::getGradientName(*this, "dx")),
          Value()};
}

LogicalResult MovingAverageOp::inferReturnTypes(MLIRContext *context,
                                                std::optional<Location> location,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto moving = checkTensor(location, "moving_average", adaptor.getMoving(),
                            {"moving statistic", 1, 1, "", /*batched=*/false});
  if (failed(moving) || failed(checkChannelVector(location, "moving_average",
                                                  adaptor.getValue(), "value",
                                                  moving->getDimSize(0))))
    return failure();
  inferredReturnTypes.push_back(*moving);
  return success();
}

//===----------------------------------------------------------------------===//
// Gradient ops
//===----------------------------------------------------------------------===//

LogicalResult BatchMeanGradOp::inferReturnTypes(MLIRContext *context,
                                                std::optional<Location> location,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto x = checkChannelsLast(location, "batch_mean_grad", adaptor.getX());
  if (failed(x) || failed(checkChannelVector(location, "batch_mean_grad", adaptor.getDmean(),
                                             "dmean", x->getShape().back())))
    return failure();
  inferredReturnTypes.push_back(*x);
  return success();
}

LogicalResult
BatchVarianceGradOp::inferReturnTypes(MLIRContext *context, std::optional<Location> location,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto x = checkChannelsLast(location, "batch_variance_grad", adaptor.getX());
  if (failed(x))
    return failure();
  int64_t channels = x->getShape().back();
  if (failed(checkChannelVector(location, "batch_variance_grad", adaptor.getMean(), "mean",
                                channels)) ||
      failed(checkChannelVector(location, "batch_variance_grad", adaptor.getDvariance(),
                                "dvariance", channels)))
    return failure();
  inferredReturnTypes.push_back(*x);
  return success();
}

LogicalResult BatchNormGradOp::inferReturnTypes(MLIRContext *context,
                                                std::optional<Location> location,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto x = checkChannelsLast(location, "batch_norm_grad", adaptor.getX());
  auto dy = checkChannelsLast(location, "batch_norm_grad", adaptor.getDy());
  if (failed(x) || failed(dy) ||
      failed(matchShapes(location, "batch_norm_grad", "dy", *dy, "input", *x)))
    return failure();
  int64_t channels = x->getShape().back();
  for (auto [value, role] : {std::pair{adaptor.getMean(), "mean"},
                             {adaptor.getVariance(), "variance"},
                             {adaptor.getGamma(), "gamma"}})
    if (failed(checkChannelVector(location, "batch_norm_grad", value, role, channels)))
      return failure();
  if (adaptor.getWrt() == BatchNormOperand::gamma && !adaptor.getGamma())
    return emitOptionalError(location, "batch_norm_grad for gamma needs gamma");
  inferredReturnTypes.push_back(adaptor.getWrt() == BatchNormOperand::x
                                    ? Type(*x)
                                    : Type(getChannelVectorType(context, *x)));
  return success();
}

//===----------------------------------------------------------------------===//
// LayerNormOp and its gradients
//===----------------------------------------------------------------------===//

LogicalResult LayerNormOp::inferReturnTypes(MLIRContext *context,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto x = checkChannelsLast(location, "layernorm", adaptor.getX());
  if (failed(x))
    return failure();
  int64_t channels = x->getShape().back();
  for (auto [value, role] :
       {std::pair{adaptor.getGamma(), "gamma"}, {adaptor.getBeta(), "beta"}})
    if (failed(checkChannelVector(location, "layernorm", value, role, channels)))
      return failure();
  inferredReturnTypes.push_back(*x);
  return success();
}

LogicalResult LayerNormOp::verify() {
  float epsilon = getEpsilon().convertToFloat();
  if (!(epsilon > 0.0f) || !std::isfinite(epsilon))
    return emitOpError() << "epsilon must be a positive number, got " << epsilon;
  return success();
}

SpatialFootprint LayerNormOp::getSpatialFootprint() { return SpatialFootprint::pointwise(); }

SmallVector<Value> LayerNormOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  SmallVector<Value> gradients = {builder.create<LayerNormGradInputOp>(
      getLoc(), getX(), getGamma(), resultGradient, getEpsilonAttr(),
      builder.getStringAttr(adjoint::getGradientName(*this, "dx")))};
  if (getGamma())
    gradients.push_back(builder.create<LayerNormGradGammaOp>(
        getLoc(), getX(), resultGradient, getEpsilonAttr(),
        builder.getStringAttr(adjoint::getGradientName(*this, "dgamma"))));
  if (getBeta())
    gradients.push_back(builder.create<BiasGradOp>(
        getLoc(), resultGradient, adjoint::getGradientName(*this, "dbeta")));
  return gradients;
}

/// x and dy of one shape, and (for the input's gradient) gamma per channel.
static FailureOr<RankedTensorType> checkLayerNormGrad(std::optional<Location> location,
                                                      StringRef op, Value x, Value gamma,
                                                      Value dy) {
  auto xType = checkChannelsLast(location, op, x);
  auto dyType = checkChannelsLast(location, op, dy);
  if (failed(xType) || failed(dyType) ||
      failed(matchShapes(location, op, "dy", *dyType, "input", *xType)) ||
      failed(checkChannelVector(location, op, gamma, "gamma", xType->getShape().back())))
    return failure();
  return *xType;
}

LogicalResult
LayerNormGradInputOp::inferReturnTypes(MLIRContext *context, std::optional<Location> location,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto x = checkLayerNormGrad(location, "layer_norm_grad_input", adaptor.getX(),
                              adaptor.getGamma(), adaptor.getDy());
  if (failed(x))
    return failure();
  inferredReturnTypes.push_back(*x);
  return success();
}

LogicalResult
LayerNormGradGammaOp::inferReturnTypes(MLIRContext *context, std::optional<Location> location,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto x = checkLayerNormGrad(location, "layer_norm_grad_gamma", adaptor.getX(), Value(),
                              adaptor.getDy());
  if (failed(x))
    return failure();
  inferredReturnTypes.push_back(getChannelVectorType(context, *x));
  return success();
}
