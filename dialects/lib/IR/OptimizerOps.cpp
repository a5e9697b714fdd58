//===- OptimizerOps.cpp - Types and hyperparameters of the updates --------===//
//
// The gradient and every state tensor have the parameter's (static) shape,
// and so have all results. Hyperparameters are checked as Keras checks them.
//
//===----------------------------------------------------------------------===//

#include "TensorChecks.h"

#include "nn/IR/NNOps.h"

#include <cstdio>
#include <string>

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::inference;

/// `op` updates a parameter from the tensors `roles` name; each result has
/// the parameter's type.
static LogicalResult inferUpdateTypes(std::optional<Location> location, StringRef op,
                                      ValueRange tensors, ArrayRef<StringRef> roles,
                                      unsigned numResults,
                                      SmallVectorImpl<Type> &inferredReturnTypes) {
  RankedTensorType param;
  for (auto [value, role] : llvm::zip_equal(tensors, roles)) {
    auto type = checkTensor(location, op, value, {role, -1, 0, "", /*batched=*/false});
    if (failed(type))
      return failure();
    if (!param) {
      param = *type;
      continue;
    }
    if (*type != param)
      return emitOptionalError(location, op, ": ", role, " ",
                               formatShape(type->getShape()),
                               " does not have the parameter's shape ",
                               formatShape(param.getShape()));
  }
  inferredReturnTypes.append(numResults, param);
  return success();
}

/// A number as a user wrote it: 0.9, 1, 1e-07.
static std::string formatNumber(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%g", value);
  return text;
}

/// `value` in [low, high] or [low, high).
static LogicalResult checkInRange(std::optional<Location> location, StringRef op,
                                  StringRef attr, const APFloat &value, double low,
                                  double high, bool includeHigh) {
  double v = value.convertToDouble();
  if (v >= low && (v < high || (includeHigh && v == high)))
    return success();
  return emitOptionalError(location, op, " ", attr, " must be in [", formatNumber(low),
                           ", ", formatNumber(high), includeHigh ? "]" : ")", ", got ",
                           formatNumber(v));
}

static LogicalResult checkEpsilon(std::optional<Location> location, StringRef op,
                                  const APFloat &epsilon) {
  double v = epsilon.convertToDouble();
  if (v >= 0)
    return success();
  return emitOptionalError(location, op, " epsilon must not be negative, got ",
                           formatNumber(v));
}

LogicalResult SgdUpdateOp::inferReturnTypes(MLIRContext *context,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)) ||
      failed(checkInRange(location, "sgd_update", "momentum", adaptor.getMomentum(), 0, 1,
                          true)))
    return failure();
  return inferUpdateTypes(location, "sgd_update",
                          {adaptor.getP(), adaptor.getG(), adaptor.getVelocity()},
                          {"parameter", "gradient", "velocity"}, 2, inferredReturnTypes);
}

LogicalResult AdamUpdateOp::inferReturnTypes(MLIRContext *context,
                                             std::optional<Location> location,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &inferredReturnTypes) {
  StringRef op = "adam_update";
  if (failed(verifyAttributes(context, location, adaptor)) ||
      failed(checkInRange(location, op, "beta_1", adaptor.getBeta_1(), 0, 1, false)) ||
      failed(checkInRange(location, op, "beta_2", adaptor.getBeta_2(), 0, 1, false)) ||
      failed(checkEpsilon(location, op, adaptor.getEpsilon())))
    return failure();
  return inferUpdateTypes(location, op,
                          {adaptor.getP(), adaptor.getG(), adaptor.getM(), adaptor.getV()},
                          {"parameter", "gradient", "m", "v"}, 3, inferredReturnTypes);
}

LogicalResult
AdadeltaUpdateOp::inferReturnTypes(MLIRContext *context, std::optional<Location> location,
                                   Adaptor adaptor,
                                   SmallVectorImpl<Type> &inferredReturnTypes) {
  StringRef op = "adadelta_update";
  if (failed(verifyAttributes(context, location, adaptor)) ||
      failed(checkInRange(location, op, "rho", adaptor.getRho(), 0, 1, true)) ||
      failed(checkEpsilon(location, op, adaptor.getEpsilon())))
    return failure();
  return inferUpdateTypes(
      location, op,
      {adaptor.getP(), adaptor.getG(), adaptor.getAccumGrad(), adaptor.getAccumVar()},
      {"parameter", "gradient", "accum_grad", "accum_var"}, 3, inferredReturnTypes);
}

LogicalResult
RmspropUpdateOp::inferReturnTypes(MLIRContext *context, std::optional<Location> location,
                                  Adaptor adaptor,
                                  SmallVectorImpl<Type> &inferredReturnTypes) {
  StringRef op = "rmsprop_update";
  if (failed(verifyAttributes(context, location, adaptor)) ||
      failed(checkInRange(location, op, "rho", adaptor.getRho(), 0, 1, true)) ||
      failed(checkInRange(location, op, "momentum", adaptor.getMomentum(), 0, 1, true)) ||
      failed(checkEpsilon(location, op, adaptor.getEpsilon())))
    return failure();
  return inferUpdateTypes(location, op,
                          {adaptor.getP(), adaptor.getG(), adaptor.getMs(), adaptor.getMom()},
                          {"parameter", "gradient", "ms", "mom"}, 3, inferredReturnTypes);
}
