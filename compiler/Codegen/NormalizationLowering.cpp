//===- NormalizationLowering.cpp - Batch and layer normalization ----------===//
//
// Per-channel arithmetic over NHWC tensors (channels last): the
// normalization and its gradient for x are elementwise (class Rows); the
// batch statistics and the per-channel gradients sum over the batch and
// every other axis in fixed chunks (class BatchSum), so they are
// deterministic for any thread count.
//
//===----------------------------------------------------------------------===//

#include "Codegen/HalideLowering.h"

using namespace nnc;
using namespace nnc::codegen;
using Halide::Expr;
using Halide::Func;

namespace {

/// The elements of [N, ..., C] that share a channel: N times the middle axes.
Expr perChannelCount(const TensorFunc &x, const LoweringScope &scope) {
  int64_t middle = 1;
  for (int axis = 1; axis + 1 < x.rank(); ++axis)
    middle *= x.shape[axis];
  return Halide::cast<float>(scope.getBatchSize()) * static_cast<float>(middle);
}

/// A per-channel vector read at the channel of `at` (its last index); 1 for
/// an absent one (gamma without Keras's scale).
Expr channelValue(const TensorFunc *vector, const std::vector<Expr> &at) {
  return vector ? (*vector)({at.back()}) : Expr(1.0f);
}

const TensorFunc *lookupOptional(mlir::Value value, const LoweringScope &scope) {
  return value ? &scope.lookup(value) : nullptr;
}

/// 1 / sqrt(variance + epsilon) at the channel of `at`.
Expr inverseDeviation(const TensorFunc &variance, float epsilon, const std::vector<Expr> &at) {
  return 1.0f / Halide::sqrt(variance({at.back()}) + epsilon);
}

LoweredLayer lowerBatchNorm(nn::BatchNormOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  const TensorFunc &x = scope.lookup(op.getX());
  const TensorFunc &mean = scope.lookup(op.getMean());
  const TensorFunc &variance = scope.lookup(op.getVariance());
  const TensorFunc *gamma = lookupOptional(op.getGamma(), scope);
  const TensorFunc *beta = lookupOptional(op.getBeta(), scope);
  float epsilon = op.getEpsilon().convertToFloat();
  layer.output = defineElementwise(layer.name, getStaticShape(op.getResult()),
                                   [&](const auto &vars) {
                                     std::vector<Expr> at(vars.begin(), vars.end());
                                     Expr scale = inverseDeviation(variance, epsilon, at) *
                                                  channelValue(gamma, at);
                                     Expr y = (x(at) - mean({at.back()})) * scale;
                                     return beta ? y + (*beta)({at.back()}) : y;
                                   });
  return layer;
}

LoweredLayer lowerBatchMean(nn::BatchMeanOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::BatchSum);
  const TensorFunc &x = scope.lookup(op.getX());
  Expr share = 1.0f / perChannelCount(x, scope);
  defineChannelSum(layer, x, [&](const std::vector<Expr> &at) { return x(at) * share; },
                   scope);
  return layer;
}

LoweredLayer lowerBatchVariance(nn::BatchVarianceOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::BatchSum);
  const TensorFunc &x = scope.lookup(op.getX());
  const TensorFunc &mean = scope.lookup(op.getMean());
  Expr share = 1.0f / perChannelCount(x, scope);
  defineChannelSum(
      layer, x,
      [&](const std::vector<Expr> &at) {
        Expr deviation = x(at) - mean({at.back()});
        return deviation * deviation * share;
      },
      scope);
  return layer;
}

LoweredLayer lowerMovingAverage(nn::MovingAverageOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  const TensorFunc &moving = scope.lookup(op.getMoving());
  const TensorFunc &value = scope.lookup(op.getValue());
  float momentum = op.getMomentum().convertToFloat();
  layer.output = defineElementwise(layer.name, getStaticShape(op.getResult()),
                                   [&](const auto &vars) {
                                     std::vector<Expr> at(vars.begin(), vars.end());
                                     return moving(at) * momentum +
                                            value(at) * (1.0f - momentum);
                                   });
  return layer;
}

LoweredLayer lowerBatchMeanGrad(nn::BatchMeanGradOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  const TensorFunc &x = scope.lookup(op.getX());
  const TensorFunc &dmean = scope.lookup(op.getDmean());
  Expr share = 1.0f / perChannelCount(x, scope);
  layer.output = defineElementwise(layer.name, getStaticShape(op.getResult()),
                                   [&](const auto &vars) {
                                     return dmean({Expr(vars.back())}) * share;
                                   });
  return layer;
}

LoweredLayer lowerBatchVarianceGrad(nn::BatchVarianceGradOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  const TensorFunc &x = scope.lookup(op.getX());
  const TensorFunc &mean = scope.lookup(op.getMean());
  const TensorFunc &dvariance = scope.lookup(op.getDvariance());
  Expr share = 2.0f / perChannelCount(x, scope);
  layer.output = defineElementwise(layer.name, getStaticShape(op.getResult()),
                                   [&](const auto &vars) {
                                     std::vector<Expr> at(vars.begin(), vars.end());
                                     Expr c = at.back();
                                     return dvariance({c}) * (x(at) - mean({c})) * share;
                                   });
  return layer;
}

/// See nn.batch_norm_grad: elementwise for x, per-channel sums otherwise.
LoweredLayer lowerBatchNormGrad(nn::BatchNormGradOp op, const LoweringScope &scope) {
  const TensorFunc &x = scope.lookup(op.getX());
  const TensorFunc &mean = scope.lookup(op.getMean());
  const TensorFunc &variance = scope.lookup(op.getVariance());
  const TensorFunc *gamma = lookupOptional(op.getGamma(), scope);
  const TensorFunc &dy = scope.lookup(op.getDy());
  float epsilon = op.getEpsilon().convertToFloat();
  auto s = [&](const std::vector<Expr> &at) { return inverseDeviation(variance, epsilon, at); };
  auto g = [&](const std::vector<Expr> &at) { return channelValue(gamma, at); };

  if (op.getWrt() == nn::BatchNormOperand::x) {
    LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
    layer.output = defineElementwise(layer.name, getStaticShape(op.getResult()),
                                     [&](const auto &vars) {
                                       std::vector<Expr> at(vars.begin(), vars.end());
                                       return dy(at) * g(at) * s(at);
                                     });
    return layer;
  }
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::BatchSum);
  std::function<Expr(const std::vector<Expr> &)> term;
  switch (op.getWrt()) {
  case nn::BatchNormOperand::mean:
    term = [&](const std::vector<Expr> &at) { return -dy(at) * g(at) * s(at); };
    break;
  case nn::BatchNormOperand::variance:
    term = [&](const std::vector<Expr> &at) {
      Expr deviation = s(at);
      return dy(at) * (x(at) - mean({at.back()})) *
             (-0.5f * g(at) * deviation * deviation * deviation);
    };
    break;
  case nn::BatchNormOperand::gamma:
  case nn::BatchNormOperand::x:
    term = [&](const std::vector<Expr> &at) {
      return dy(at) * (x(at) - mean({at.back()})) * s(at);
    };
    break;
  }
  defineChannelSum(layer, x, term, scope);
  return layer;
}

/// The statistics of each position's last axis, as stages of `layer`
/// computed per row: (mean, 1 / sqrt(variance + epsilon)), both called with
/// the position's Halide arguments less the channel.
struct RowStatistics {
  Func mean, inverseDeviation;
  std::vector<Halide::Var> vars; ///< model order, the channel last
  Halide::RDom channels;
  /// Halide arguments of a statistic at the position of `vars`.
  std::vector<Expr> at() const {
    std::vector<Halide::Var> position(vars.begin(), vars.end() - 1);
    return toHalideOrder(position);
  }
  /// `vars` with the channel replaced by the reduction over the channels.
  std::vector<Expr> alongChannels() const {
    std::vector<Expr> position(vars.begin(), vars.end());
    position.back() = channels;
    return position;
  }
};

RowStatistics defineRowStatistics(const TensorFunc &x, float epsilon,
                                  const std::string &name, LoweredLayer &layer) {
  RowStatistics stats;
  stats.vars = makeModelVars(x.rank());
  int64_t channels = x.shape.back();
  stats.channels = Halide::RDom(0, static_cast<int>(channels), name + "_c");
  float share = 1.0f / static_cast<float>(channels);
  std::vector<Expr> row = stats.at(), along = stats.alongChannels();
  stats.mean = Func(name + "_mean");
  stats.mean(row) = 0.0f;
  stats.mean(row) += x(along) * share;
  Func variance(name + "_variance");
  variance(row) = 0.0f;
  Expr deviation = x(along) - stats.mean(row);
  variance(row) += deviation * deviation * share;
  stats.inverseDeviation = Func(name + "_inverse_deviation");
  stats.inverseDeviation(row) = 1.0f / Halide::sqrt(variance(row) + epsilon);
  layer.stages.push_back({stats.mean, {stats.channels}});
  layer.stages.push_back({variance, {stats.channels}});
  layer.stages.push_back({stats.inverseDeviation, {}});
  return stats;
}

LoweredLayer lowerLayerNorm(nn::LayerNormOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  const TensorFunc &x = scope.lookup(op.getX());
  const TensorFunc *gamma = lookupOptional(op.getGamma(), scope);
  const TensorFunc *beta = lookupOptional(op.getBeta(), scope);
  RowStatistics stats =
      defineRowStatistics(x, op.getEpsilon().convertToFloat(), layer.name, layer);
  std::vector<Expr> at(stats.vars.begin(), stats.vars.end());
  Expr y = (x(at) - stats.mean(stats.at())) * stats.inverseDeviation(stats.at()) *
           channelValue(gamma, at);
  layer.output = TensorFunc{Func(layer.name), x.shape};
  defineAt(layer.output.func, stats.vars) = beta ? y + (*beta)({at.back()}) : y;
  return layer;
}

/// dx = s * (g - mean(g) - xhat * mean(g * xhat)) per row (NN_LayerNormGradInputOp).
LoweredLayer lowerLayerNormGradInput(nn::LayerNormGradInputOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  const TensorFunc &x = scope.lookup(op.getX());
  const TensorFunc *gamma = lookupOptional(op.getGamma(), scope);
  const TensorFunc &dy = scope.lookup(op.getDy());
  RowStatistics stats =
      defineRowStatistics(x, op.getEpsilon().convertToFloat(), layer.name, layer);
  std::vector<Expr> row = stats.at();
  auto normalized = [&](const std::vector<Expr> &at) {
    return (x(at) - stats.mean(row)) * stats.inverseDeviation(row);
  };
  auto scaled = [&](const std::vector<Expr> &at) { return dy(at) * channelValue(gamma, at); };
  float share = 1.0f / static_cast<float>(x.shape.back());
  std::vector<Expr> along = stats.alongChannels();
  Func meanScaled(layer.name + "_mean_g"), meanProjection(layer.name + "_mean_g_xhat");
  meanScaled(row) = 0.0f;
  meanScaled(row) += scaled(along) * share;
  meanProjection(row) = 0.0f;
  meanProjection(row) += scaled(along) * normalized(along) * share;
  layer.stages.push_back({meanScaled, {stats.channels}});
  layer.stages.push_back({meanProjection, {stats.channels}});
  std::vector<Expr> at(stats.vars.begin(), stats.vars.end());
  layer.output = TensorFunc{Func(layer.name), x.shape};
  defineAt(layer.output.func, stats.vars) =
      stats.inverseDeviation(row) *
      (scaled(at) - meanScaled(row) - normalized(at) * meanProjection(row));
  return layer;
}

/// dgamma = the sum of dy * xhat over all axes but the last. The row
/// statistics are recomputed where the sum reads them.
LoweredLayer lowerLayerNormGradGamma(nn::LayerNormGradGammaOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::BatchSum);
  const TensorFunc &x = scope.lookup(op.getX());
  const TensorFunc &dy = scope.lookup(op.getDy());
  RowStatistics stats =
      defineRowStatistics(x, op.getEpsilon().convertToFloat(), layer.name, layer);
  defineChannelSum(
      layer, x,
      [&](const std::vector<Expr> &at) {
        std::vector<Expr> row(at.begin(), at.end() - 1);
        std::reverse(row.begin(), row.end());
        return dy(at) * (x(at) - stats.mean(row)) * stats.inverseDeviation(row);
      },
      scope);
  return layer;
}

} // namespace

void codegen::registerNormalizationLowerings(mlir::MLIRContext *context) {
  attachLowering<nn::LayerNormOp, lowerLayerNorm>(context);
  attachLowering<nn::LayerNormGradInputOp, lowerLayerNormGradInput>(context);
  attachLowering<nn::LayerNormGradGammaOp, lowerLayerNormGradGamma>(context);
  attachLowering<nn::BatchNormOp, lowerBatchNorm>(context);
  attachLowering<nn::BatchMeanOp, lowerBatchMean>(context);
  attachLowering<nn::BatchVarianceOp, lowerBatchVariance>(context);
  attachLowering<nn::MovingAverageOp, lowerMovingAverage>(context);
  attachLowering<nn::BatchMeanGradOp, lowerBatchMeanGrad>(context);
  attachLowering<nn::BatchVarianceGradOp, lowerBatchVarianceGrad>(context);
  attachLowering<nn::BatchNormGradOp, lowerBatchNormGrad>(context);
}
