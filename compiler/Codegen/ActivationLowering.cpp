//===- ActivationLowering.cpp - Activations: forward and derivative -------===//
//
// Each elementwise activation's formula and its derivative, side by side, in
// one table; the activation layer, a layer's fused `activation=`, and the
// gradient op all read it. Softmax, which acts along an axis, has its own
// stages below the table.
//
//===----------------------------------------------------------------------===//

#include "Codegen/HalideLowering.h"

#include "llvm/Support/ErrorHandling.h"

#include <cmath>

using namespace nnc;
using namespace nnc::codegen;
using Halide::Expr;
using Halide::Func;
using nn::Activation;

namespace {

/// f and f' of an elementwise activation. The derivative is given x (defined
/// only where nn::ActivationTraits::gradientNeedsInput, else undefined) and
/// y = f(x); `alpha` is the op's parameter or its default.
struct ActivationFormula {
  std::function<Expr(Expr x, float alpha)> value;
  std::function<Expr(Expr x, Expr y, float alpha)> derivative;
};

// Keras's SELU constants (and PyTorch's).
constexpr float kSeluAlpha = 1.67326324235437728481f;
constexpr float kSeluScale = 1.05070098735548049342f;

Expr logistic(Expr x) { return 1.0f / (1.0f + Halide::exp(-x)); }

ActivationFormula formulaOf(Activation activation) {
  switch (activation) {
  case Activation::linear:
    return {[](Expr x, float) { return x; }, [](Expr, Expr, float) { return Expr(1.0f); }};
  case Activation::relu:
    return {[](Expr x, float) { return Halide::max(x, 0.0f); },
            [](Expr, Expr y, float) { return Halide::select(y > 0.0f, 1.0f, 0.0f); }};
  case Activation::sigmoid:
    return {[](Expr x, float) { return logistic(x); },
            [](Expr, Expr y, float) { return y * (1.0f - y); }};
  case Activation::tanh:
    return {[](Expr x, float) { return Halide::tanh(x); },
            [](Expr, Expr y, float) { return 1.0f - y * y; }};
  case Activation::leaky_relu: // alpha >= 0 (verified), so y > 0 iff x > 0
    return {[](Expr x, float alpha) { return Halide::select(x > 0.0f, x, alpha * x); },
            [](Expr, Expr y, float alpha) { return Halide::select(y > 0.0f, 1.0f, alpha); }};
  case Activation::elu:
    return {[](Expr x, float alpha) {
              return Halide::select(x > 0.0f, x, alpha * (Halide::exp(x) - 1.0f));
            },
            [](Expr x, Expr, float alpha) {
              return Halide::select(x > 0.0f, 1.0f, alpha * Halide::exp(x));
            }};
  case Activation::selu: // y > 0 iff x > 0, and there f' = scale alpha exp(x)
    return {[](Expr x, float) {
              return kSeluScale *
                     Halide::select(x > 0.0f, x, kSeluAlpha * (Halide::exp(x) - 1.0f));
            },
            [](Expr, Expr y, float) {
              return Halide::select(y > 0.0f, kSeluScale, y + kSeluScale * kSeluAlpha);
            }};
  case Activation::gelu: { // x Phi(x); f' = Phi(x) + x phi(x)
    const float invSqrt2 = static_cast<float>(1.0 / std::sqrt(2.0));
    const float invSqrt2Pi = static_cast<float>(1.0 / std::sqrt(2.0 * M_PI));
    return {[=](Expr x, float) { return 0.5f * x * (1.0f + Halide::erf(x * invSqrt2)); },
            [=](Expr x, Expr, float) {
              return 0.5f * (1.0f + Halide::erf(x * invSqrt2)) +
                     x * invSqrt2Pi * Halide::exp(-0.5f * x * x);
            }};
  }
  case Activation::gelu_tanh: { // 0.5 x (1 + tanh(u)), u = sqrt(2/pi) (x + 0.044715 x^3)
    const float c = static_cast<float>(std::sqrt(2.0 / M_PI));
    auto inner = [=](Expr x) { return c * (x + 0.044715f * x * x * x); };
    return {[=](Expr x, float) { return 0.5f * x * (1.0f + Halide::tanh(inner(x))); },
            [=](Expr x, Expr, float) {
              Expr t = Halide::tanh(inner(x));
              return 0.5f * (1.0f + t) +
                     0.5f * x * (1.0f - t * t) * c * (1.0f + 3.0f * 0.044715f * x * x);
            }};
  }
  case Activation::silu: // x s(x); f' = s(x) (1 + x (1 - s(x)))
    return {[](Expr x, float) { return x * logistic(x); },
            [](Expr x, Expr, float) {
              Expr s = logistic(x);
              return s * (1.0f + x * (1.0f - s));
            }};
  case Activation::softplus: // stable for large |x|; f' = sigmoid(x)
    return {[](Expr x, float) {
              return Halide::max(x, 0.0f) + Halide::log(1.0f + Halide::exp(-Halide::abs(x)));
            },
            [](Expr x, Expr, float) { return logistic(x); }};
  case Activation::hard_sigmoid: // relu6(x + 3) / 6; f' = 1/6 where 0 < y < 1
    return {[](Expr x, float) { return Halide::clamp((x + 3.0f) / 6.0f, 0.0f, 1.0f); },
            [](Expr, Expr y, float) {
              return Halide::select(y > 0.0f && y < 1.0f, 1.0f / 6.0f, 0.0f);
            }};
  case Activation::softmax:
    break;
  }
  llvm_unreachable("softmax is not elementwise");
}

TensorFunc applyElementwise(Activation activation, float alpha, const TensorFunc &input,
                            const std::string &name) {
  ActivationFormula formula = formulaOf(activation);
  return defineElementwise(name, input.shape, [&](const std::vector<Halide::Var> &vars) {
    return formula.value(input(std::vector<Expr>(vars.begin(), vars.end())), alpha);
  });
}

} // namespace

TensorFunc codegen::applyActivation(Activation activation, const TensorFunc &preActivation,
                                    const std::string &name, const LoweringScope &,
                                    LoweredLayer &layer) {
  if (activation == Activation::softmax)
    return buildSoftmax(preActivation, preActivation.rank() - 1, name, layer);
  return applyElementwise(activation, nn::getActivationAlpha(activation), preActivation, name);
}

TensorFunc codegen::buildSoftmax(const TensorFunc &input, int axis, const std::string &name,
                                 LoweredLayer &layer) {
  std::vector<Halide::Var> vars = makeModelVars(input.rank());
  std::vector<Expr> here = toHalideOrder(vars);
  Halide::RDom along(0, static_cast<int>(input.shape[axis]), name + "_r");
  std::vector<Expr> alongAxis(vars.begin(), vars.end());
  alongAxis[axis] = along;
  // The statistics do not depend on the position along the axis.
  std::vector<Halide::Var> statVars = vars;
  statVars.erase(statVars.begin() + axis);
  std::vector<Expr> stat = toHalideOrder(statVars);

  // Subtracting the maximum keeps exp() finite for large logits.
  Func maximum(name + "_max"), exponential(name + "_exp"), total(name + "_sum");
  maximum(stat) = Halide::maximum(input(alongAxis));
  exponential(here) = Halide::exp(input.func(here) - maximum(stat));
  total(stat) = 0.0f;
  total(stat) += TensorFunc{exponential, input.shape}(alongAxis);

  TensorFunc result{Func(name), input.shape};
  result.func(here) = exponential(here) / total(stat);
  layer.stages.push_back({maximum, {}});
  layer.stages.push_back({exponential, {}});
  layer.stages.push_back({total, {along}});
  return result;
}

static LoweredLayer lowerActivation(nn::ActivationOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  layer.output = applyElementwise(op.getActivation(), op.getAlphaOrDefault(),
                                  scope.lookup(op.getX()), layer.name);
  return layer;
}

static LoweredLayer lowerSoftmax(nn::SoftmaxOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  layer.output = buildSoftmax(scope.lookup(op.getX()),
                              static_cast<int>(op.getNormalizedAxis()), layer.name, layer);
  return layer;
}

static LoweredLayer lowerActivationGrad(nn::ActivationGradOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  const TensorFunc &y = scope.lookup(op.getY());
  const TensorFunc &dy = scope.lookup(op.getDy());
  Activation activation = op.getActivation();

  if (activation == Activation::softmax) {
    // dpre = y * (dy - sum over the axis of dy * y)
    int axis = static_cast<int>(op.getAxis());
    if (axis < 0)
      axis += y.rank();
    std::vector<Halide::Var> vars = makeModelVars(y.rank());
    std::vector<Expr> here = toHalideOrder(vars);
    Halide::RDom along(0, static_cast<int>(y.shape[axis]), layer.name + "_r");
    std::vector<Expr> alongAxis(vars.begin(), vars.end());
    alongAxis[axis] = along;
    std::vector<Halide::Var> statVars = vars;
    statVars.erase(statVars.begin() + axis);
    Func dot(layer.name + "_dot");
    dot(toHalideOrder(statVars)) = 0.0f;
    dot(toHalideOrder(statVars)) += dy(alongAxis) * y(alongAxis);
    layer.stages.push_back({dot, {along}});
    layer.output = TensorFunc{Func(layer.name), y.shape};
    layer.output.func(here) = y.func(here) * (dy.func(here) - dot(toHalideOrder(statVars)));
    return layer;
  }

  ActivationFormula formula = formulaOf(activation);
  const TensorFunc *x = op.getX() ? &scope.lookup(op.getX()) : nullptr;
  float alpha = op.getAlphaOrDefault();
  layer.output = defineElementwise(layer.name, y.shape, [&](const auto &vars) {
    std::vector<Expr> at(vars.begin(), vars.end());
    return dy(at) * formula.derivative(x ? (*x)(at) : Expr(), y(at), alpha);
  });
  return layer;
}

void codegen::registerActivationLowerings(mlir::MLIRContext *context) {
  attachLowering<nn::ActivationOp, lowerActivation>(context);
  attachLowering<nn::SoftmaxOp, lowerSoftmax>(context);
  attachLowering<nn::ActivationGradOp, lowerActivationGrad>(context);
}
