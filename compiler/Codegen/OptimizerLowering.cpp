//===- OptimizerLowering.cpp - One optimizer step of one parameter --------===//
//
// Keras 2 (tf.keras optimizer_v2) formulas, elementwise. Each result (the new
// parameter, then the new state) is its own Func, so no Tuples; the new
// parameter's Expr repeats the few flops of the new state instead of reading
// it back, so the results do not depend on each other.
//
//===----------------------------------------------------------------------===//

#include "Codegen/HalideLowering.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace nnc;
using namespace nnc::codegen;
using Halide::Expr;
using Halide::Func;

namespace {

/// The results of an update as Exprs of the parameter's position, in the
/// op's result order, with the suffix each result's Func is named by.
using ResultExprs = std::vector<std::pair<std::string, Expr>>;
using Reader = std::function<Expr(mlir::Value)>;

ResultExprs sgd(nn::SgdUpdateOp op, const Reader &at, const Reader &scalar) {
  float momentum = op.getMomentum().convertToFloat();
  Expr p = at(op.getP()), g = at(op.getG()), lr = scalar(op.getLr());
  Expr velocity = momentum * at(op.getVelocity()) - lr * g;
  Expr next = op.getNesterov() ? p + momentum * velocity - lr * g : p + velocity;
  return {{"p", next}, {"velocity", velocity}};
}

ResultExprs adam(nn::AdamUpdateOp op, const Reader &at, const Reader &scalar) {
  float beta1 = op.getBeta_1().convertToFloat(), beta2 = op.getBeta_2().convertToFloat();
  float epsilon = op.getEpsilon().convertToFloat();
  Expr g = at(op.getG()), t = scalar(op.getIteration());
  Expr m = beta1 * at(op.getM()) + (1.0f - beta1) * g;
  Expr v = beta2 * at(op.getV()) + (1.0f - beta2) * g * g;
  Expr lrT = scalar(op.getLr()) * Halide::sqrt(1.0f - Halide::pow(beta2, t)) /
             (1.0f - Halide::pow(beta1, t));
  return {{"p", at(op.getP()) - lrT * m / (Halide::sqrt(v) + epsilon)},
          {"m", m},
          {"v", v}};
}

ResultExprs adadelta(nn::AdadeltaUpdateOp op, const Reader &at, const Reader &scalar) {
  float rho = op.getRho().convertToFloat(), epsilon = op.getEpsilon().convertToFloat();
  Expr g = at(op.getG());
  Expr accumGrad = rho * at(op.getAccumGrad()) + (1.0f - rho) * g * g;
  Expr update = g * Halide::sqrt(at(op.getAccumVar()) + epsilon) /
                Halide::sqrt(accumGrad + epsilon);
  Expr accumVar = rho * at(op.getAccumVar()) + (1.0f - rho) * update * update;
  return {{"p", at(op.getP()) - scalar(op.getLr()) * update},
          {"accum_grad", accumGrad},
          {"accum_var", accumVar}};
}

ResultExprs rmsprop(nn::RmspropUpdateOp op, const Reader &at, const Reader &scalar) {
  float rho = op.getRho().convertToFloat(), momentum = op.getMomentum().convertToFloat();
  float epsilon = op.getEpsilon().convertToFloat();
  Expr g = at(op.getG()), lr = scalar(op.getLr());
  Expr meanSquare = rho * at(op.getMs()) + (1.0f - rho) * g * g;
  Expr step = lr * g / (Halide::sqrt(meanSquare) + epsilon);
  if (momentum > 0.0f) {
    Expr mom = momentum * at(op.getMom()) + step;
    return {{"p", at(op.getP()) - mom}, {"ms", meanSquare}, {"mom", mom}};
  }
  return {{"p", at(op.getP()) - step}, {"ms", meanSquare}, {"mom", at(op.getMom())}};
}

} // namespace

static LoweredLayer lowerOptimizerUpdate(mlir::Operation *op,
                                           const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  std::vector<int64_t> shape = getStaticShape(op->getOperand(0));
  std::vector<Halide::Var> vars = makeModelVars(static_cast<int>(shape.size()));
  std::vector<Expr> here(vars.begin(), vars.end());
  Reader at = [&](mlir::Value value) { return scope.lookup(value)(here); };
  Reader scalar = [&](mlir::Value value) { return scope.lookup(value)({}); };

  ResultExprs results =
      llvm::TypeSwitch<mlir::Operation *, ResultExprs>(op)
          .Case([&](nn::SgdUpdateOp update) { return sgd(update, at, scalar); })
          .Case([&](nn::AdamUpdateOp update) { return adam(update, at, scalar); })
          .Case([&](nn::AdadeltaUpdateOp update) { return adadelta(update, at, scalar); })
          .Case([&](nn::RmspropUpdateOp update) { return rmsprop(update, at, scalar); });

  std::vector<TensorFunc> funcs;
  for (auto &[suffix, value] : results) {
    TensorFunc result{Func(layer.name + "_" + suffix), shape};
    defineAt(result.func, vars) = value;
    funcs.push_back(result);
  }
  layer.output = funcs.front();
  layer.moreResults.assign(funcs.begin() + 1, funcs.end());
  return layer;
}

void codegen::registerOptimizerLowerings(mlir::MLIRContext *context) {
  attachLowerings<lowerOptimizerUpdate, nn::SgdUpdateOp, nn::AdamUpdateOp,
                  nn::AdadeltaUpdateOp, nn::RmspropUpdateOp>(context);
}
