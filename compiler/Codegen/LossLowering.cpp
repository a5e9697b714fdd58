//===- LossLowering.cpp - Keras losses and their gradients ----------------===//
//
// A loss is a 0-d Func: the sum of per-position terms over the batch (in fixed
// chunks, BatchReduction.cpp) divided by the number of positions, as Keras's
// mean. Its `_grad` op is elementwise over `pred`: the derivative of that
// mean, the upstream gradient being 1.
//
//===----------------------------------------------------------------------===//

#include "Codegen/HalideLowering.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace nnc;
using namespace nnc::codegen;
using Halide::Expr;
using Halide::Func;

namespace {

/// Keras's epsilon: probabilities are clipped to [eps, 1 - eps].
const float kEpsilon = 1e-7f;

enum class LossKind { Binary, MeanSquared, Categorical, SparseCategorical };

/// The attributes every loss op shares, read once.
struct LossOperands {
  LossKind kind;
  bool gradient;
  bool fromLogits = false;
  std::optional<int64_t> ignoreIndex;
  mlir::Value pred, target;
};

LossOperands readOperands(mlir::Operation *op) {
  return llvm::TypeSwitch<mlir::Operation *, LossOperands>(op)
      .Case([](nn::BinaryCrossentropyOp o) {
        return LossOperands{LossKind::Binary, false, o.getFromLogits(), {}, o.getPred(),
                            o.getTarget()};
      })
      .Case([](nn::BinaryCrossentropyGradOp o) {
        return LossOperands{LossKind::Binary, true, o.getFromLogits(), {}, o.getPred(),
                            o.getTarget()};
      })
      .Case([](nn::MeanSquaredErrorOp o) {
        return LossOperands{LossKind::MeanSquared, false, false, {}, o.getPred(),
                            o.getTarget()};
      })
      .Case([](nn::MeanSquaredErrorGradOp o) {
        return LossOperands{LossKind::MeanSquared, true, false, {}, o.getPred(),
                            o.getTarget()};
      })
      .Case([](nn::CategoricalCrossentropyOp o) {
        return LossOperands{LossKind::Categorical, false, o.getFromLogits(), {},
                            o.getPred(), o.getTarget()};
      })
      .Case([](nn::CategoricalCrossentropyGradOp o) {
        return LossOperands{LossKind::Categorical, true, o.getFromLogits(), {},
                            o.getPred(), o.getTarget()};
      })
      .Case([](nn::SparseCategoricalCrossentropyOp o) {
        return LossOperands{LossKind::SparseCategorical, false, o.getFromLogits(),
                            o.getIgnoreIndex(), o.getPred(), o.getLabels()};
      })
      .Case([](nn::SparseCategoricalCrossentropyGradOp o) {
        return LossOperands{LossKind::SparseCategorical, true, o.getFromLogits(),
                            o.getIgnoreIndex(), o.getPred(), o.getLabels()};
      });
}

/// Builds one loss (or its gradient) for one op.
class LossBuilder {
public:
  LossBuilder(const LossOperands &operands, LoweredLayer &layer,
              const LoweringScope &scope)
      : operands(operands), layer(layer), scope(scope),
        pred(scope.lookup(operands.pred)), target(scope.lookup(operands.target)) {
    elementVars = makeModelVars(pred.rank());
    perElement = operands.kind == LossKind::Binary ||
                 operands.kind == LossKind::MeanSquared;
    positionVars = elementVars;
    if (!perElement)
      positionVars.pop_back(); // the classes are summed within a position
  }

  void build() {
    defineClassStages();
    if (operands.gradient)
      buildGradient();
    else
      buildLoss();
  }

private:
  std::vector<Expr> positionArgs() const { return toHalideOrder(positionVars); }
  int numClasses() const { return static_cast<int>(pred.shape.back()); }

  /// Number of positions the mean divides by.
  Expr count() {
    if (validCount.defined())
      return Halide::cast<float>(Halide::max(validCount(), 1));
    Expr total = Halide::cast<float>(scope.getBatchSize());
    for (size_t axis = 1; axis < positionVars.size(); ++axis)
      total = total * static_cast<float>(pred.shape[axis]);
    return total;
  }

  /// Label of a position as a class index kept inside the class axis.
  Expr labelAt(const std::vector<Expr> &position) const {
    return Halide::clamp(Halide::cast<int>(Halide::round(target(position))), 0,
                         numClasses() - 1);
  }
  Expr validAt(const std::vector<Expr> &position) const {
    if (!operands.ignoreIndex)
      return Halide::cast<bool>(true);
    return Halide::cast<int>(Halide::round(target(position))) !=
           static_cast<int>(*operands.ignoreIndex);
  }

  Func reduceClasses(const std::string &suffix,
                     const std::function<Expr(Expr)> &valueAtClass,
                     Expr init = 0.0f, bool isMaximum = false) {
    Func stage(layer.name + suffix);
    Halide::RDom k(0, numClasses(), layer.name + suffix + "_k");
    stage(positionArgs()) = init;
    stage(positionArgs()) =
        isMaximum ? Halide::max(stage(positionArgs()), valueAtClass(k))
                : stage(positionArgs()) + valueAtClass(k);
    layer.stages.push_back({stage, {k}});
    return stage;
  }

  std::vector<Expr> at(Expr cls) const {
    std::vector<Expr> index(positionVars.begin(), positionVars.end());
    index.push_back(cls);
    return index;
  }

  /// Per-position statistics over the classes: the log-sum-exp of logits,
  /// or the sum of probabilities that Keras renormalizes by.
  void defineClassStages() {
    if (perElement)
      return;
    if (operands.fromLogits) {
      maximum = reduceClasses("_max", [&](Expr k) { return pred(at(k)); },
                              Expr(-std::numeric_limits<float>::infinity()), true);
      sumExp = reduceClasses("_sumexp", [&](Expr k) {
        return Halide::exp(pred(at(k)) - maximum(positionArgs()));
      });
      logSumExp = maximum(positionArgs()) + Halide::log(sumExp(positionArgs()));
      maxLogit = maximum(positionArgs());
    } else if (operands.kind == LossKind::Categorical) {
      probabilitySum = reduceClasses("_psum", [&](Expr k) { return pred(at(k)); });
    }
    if (operands.ignoreIndex) {
      // Positions whose label is not ignored, counted over the whole batch.
      validCount = Func(layer.name + "_valid");
      std::vector<std::pair<Expr, Expr>> box;
      for (int axis = static_cast<int>(positionVars.size()) - 1; axis >= 1; --axis)
        box.push_back({0, static_cast<int>(pred.shape[axis])});
      Halide::Region region;
      for (auto &[min, extent] : box)
        region.emplace_back(min, extent);
      region.emplace_back(0, scope.getBatchSize());
      Halide::RDom r(region, layer.name + "_valid_r");
      std::vector<Expr> position{r[r.dimensions() - 1]};
      for (int i = r.dimensions() - 2; i >= 0; --i)
        position.push_back(r[i]);
      validCount() = 0;
      validCount() += Halide::select(validAt(position), 1, 0);
      layer.stages.push_back({validCount, {r}, /*whole=*/true});
    }
  }

  /// Loss of one position (one element for per-element losses).
  Expr term(const std::vector<Expr> &position) {
    switch (operands.kind) {
    case LossKind::MeanSquared: {
      Expr diff = pred(position) - target(position);
      return diff * diff;
    }
    case LossKind::Binary: {
      Expr p = pred(position), t = target(position);
      if (operands.fromLogits)
        return Halide::max(p, 0.0f) - p * t + Halide::log(1.0f + Halide::exp(-Halide::abs(p)));
      Expr clipped = Halide::clamp(p, kEpsilon, 1.0f - kEpsilon);
      return -(t * Halide::log(clipped) + (1.0f - t) * Halide::log(1.0f - clipped));
    }
    case LossKind::Categorical:
      break;
    case LossKind::SparseCategorical: {
      Expr label = labelAt(position);
      std::vector<Expr> atLabel = position;
      atLabel.push_back(label);
      Expr loss = operands.fromLogits
                      ? logSumExpAt(position) - pred(atLabel)
                      : -Halide::log(Halide::clamp(pred(atLabel), kEpsilon, 1.0f - kEpsilon));
      return Halide::select(validAt(position), loss, 0.0f);
    }
    }
    // Categorical: a stage summing over the classes.
    Func perPosition = reduceClasses("_term", [&](Expr k) {
      std::vector<Expr> here(positionVars.begin(), positionVars.end());
      here.push_back(k);
      Expr t = target(here);
      if (operands.fromLogits)
        return t * (logSumExp - pred(here));
      Expr q = Halide::clamp(pred(here) / probabilitySum(positionArgs()), kEpsilon,
                             1.0f - kEpsilon);
      return -t * Halide::log(q);
    });
    return perPosition(std::vector<Expr>(position.rbegin(), position.rend()));
  }

  Expr logSumExpAt(const std::vector<Expr> &position) {
    std::vector<Expr> args(position.rbegin(), position.rend());
    return maximum(args) + Halide::log(sumExp(args));
  }

  void buildLoss() {
    layer.schedule = ScheduleClass::BatchSum;
    Func total(layer.name + "_total");
    std::vector<std::pair<Expr, Expr>> inner;
    for (int axis = static_cast<int>(positionVars.size()) - 1; axis >= 1; --axis)
      inner.push_back({0, static_cast<int>(pred.shape[axis])});
    int middle = static_cast<int>(positionVars.size()) - 1;
    // Terms that sum over the classes are stages over the position variables;
    // build that stage before the reduction refers to it.
    std::optional<Func> categoricalTerm;
    if (operands.kind == LossKind::Categorical) {
      std::vector<Expr> here(positionVars.begin(), positionVars.end());
      Expr value = term(here);
      (void)value;
      categoricalTerm = layer.stages.back().func;
    }
    auto body = [&](Expr n, const Halide::RDom &r) -> Expr {
      std::vector<Expr> position{n};
      for (int axis = 1; axis <= middle; ++axis)
        position.push_back(r[middle - axis]);
      if (categoricalTerm)
        return (*categoricalTerm)(std::vector<Expr>(position.rbegin(), position.rend()));
      return term(position);
    };
    defineBatchSum(layer, total, {}, inner, body, scope, 1);
    layer.output = TensorFunc{Func(layer.name), {}};
    layer.output.func() = total() / count();
  }

  void buildGradient() {
    std::vector<Expr> here(elementVars.begin(), elementVars.end());
    std::vector<Expr> position(positionVars.begin(), positionVars.end());
    Expr scale = 1.0f / count();
    Expr p = pred(here);
    // Sparse labels have no class axis: only the other losses read t.
    Expr t = operands.kind == LossKind::SparseCategorical ? Expr() : target(here);
    Expr grad;
    switch (operands.kind) {
    case LossKind::MeanSquared:
      grad = 2.0f * (p - t);
      break;
    case LossKind::Binary:
      if (operands.fromLogits) {
        grad = 1.0f / (1.0f + Halide::exp(-p)) - t;
      } else {
        // Zero where the clip is active, as the clipped function is flat there.
        Expr clipped = p < kEpsilon || p > 1.0f - kEpsilon;
        grad = Halide::select(clipped, 0.0f, (p - t) / (p * (1.0f - p)));
      }
      break;
    case LossKind::Categorical:
      if (operands.fromLogits) {
        Func targetSum = reduceClasses("_tsum", [&](Expr k) { return target(at(k)); });
        Expr softmax = Halide::exp(p - maxLogit) / sumExp(positionArgs());
        grad = softmax * targetSum(positionArgs()) - t;
      } else {
        // L = -sum_j t_j log(clip(p_j / s)); through the renormalization,
        // dL/dp_i = (g_i - sum_j g_j q_j) / s with g_j = -t_j / q_j unclipped.
        Expr s = probabilitySum(positionArgs());
        auto clippedAt = [&](Expr k) {
          Expr q = pred(at(k)) / s;
          return q < kEpsilon || q > 1.0f - kEpsilon;
        };
        Func unclippedTargets = reduceClasses("_tsum", [&](Expr k) {
          return Halide::select(clippedAt(k), 0.0f, target(at(k)));
        });
        Expr q = p / s;
        Expr g = Halide::select(clippedAt(elementVars.back()), 0.0f, -t / q);
        grad = (g + unclippedTargets(positionArgs())) / s;
      }
      break;
    case LossKind::SparseCategorical: {
      Expr isLabel = elementVars.back() == labelAt(position);
      if (operands.fromLogits) {
        Expr softmax = Halide::exp(p - maxLogit) / sumExp(positionArgs());
        grad = softmax - Halide::select(isLabel, 1.0f, 0.0f);
      } else {
        Expr clipped = p < kEpsilon || p > 1.0f - kEpsilon;
        grad = Halide::select(isLabel && !clipped, -1.0f / p, 0.0f);
      }
      grad = Halide::select(validAt(position), grad, 0.0f);
      break;
    }
    }
    layer.output = TensorFunc{Func(layer.name), pred.shape};
    defineAt(layer.output.func, elementVars) = grad * scale;
  }

  const LossOperands &operands;
  LoweredLayer &layer;
  const LoweringScope &scope;
  const TensorFunc &pred, &target;
  std::vector<Halide::Var> elementVars, positionVars;
  bool perElement;
  Func maximum, sumExp, probabilitySum, validCount;
  Expr logSumExp, maxLogit;
};

} // namespace

static LoweredLayer lowerLoss(mlir::Operation *op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  LossOperands operands = readOperands(op);
  LossBuilder(operands, layer, scope).build();
  return layer;
}

void codegen::registerLossLowerings(mlir::MLIRContext *context) {
  attachLowerings<lowerLoss, nn::BinaryCrossentropyOp, nn::BinaryCrossentropyGradOp,
                  nn::MeanSquaredErrorOp, nn::MeanSquaredErrorGradOp,
                  nn::CategoricalCrossentropyOp, nn::CategoricalCrossentropyGradOp,
                  nn::SparseCategoricalCrossentropyOp,
                  nn::SparseCategoricalCrossentropyGradOp>(context);
}
