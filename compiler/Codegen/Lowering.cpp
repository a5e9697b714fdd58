//===- Lowering.cpp - Dispatch and helpers shared by the lowerings --------===//

#include "Codegen/HalideGen.h"
#include "Codegen/HalideLowering.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/Support/ErrorHandling.h"

#include <stdexcept>

using namespace nnc;
using namespace nnc::codegen;
using Halide::Expr;
using Halide::Func;

const TensorFunc &LoweringScope::lookup(mlir::Value value) const {
  auto it = tensors.find(value);
  if (it == tensors.end())
    throw std::runtime_error("nn value used before it was lowered");
  return it->second;
}

const Halide::Expr &LoweringScope::getBatchSize() const {
  if (!batch.defined())
    throw std::runtime_error("a batch reduction in a pipeline without batch inputs");
  return batch;
}

std::string LoweringScope::uniqueName(mlir::Operation *op) const {
  std::string base;
  for (char c : getLayerName(op))
    base.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  std::string name = base;
  for (int suffix = 2; !usedNames.insert(name).second; ++suffix)
    name = base + "_" + std::to_string(suffix);
  return name;
}

TensorFunc codegen::defineElementwise(
    const std::string &name, const std::vector<int64_t> &shape,
    const std::function<Expr(const std::vector<Halide::Var> &)> &value) {
  std::vector<Halide::Var> vars = makeModelVars(static_cast<int>(shape.size()));
  TensorFunc result{Func(name), shape};
  defineAt(result.func, vars) = value(vars);
  return result;
}

TensorFunc codegen::zeroPaddedImage(const TensorFunc &input) {
  Halide::Region bounds(4, Halide::Range(Expr(), Expr()));
  bounds[1] = Halide::Range(0, static_cast<int>(input.shape[2]));
  bounds[2] = Halide::Range(0, static_cast<int>(input.shape[1]));
  return TensorFunc{
      Halide::BoundaryConditions::constant_exterior(input.func, 0.0f, bounds),
      input.shape};
}

std::string codegen::getLayerName(mlir::Operation *op) {
  if (auto name = op->getAttrOfType<mlir::StringAttr>("name"))
    return name.str();
  return op->getName().stripDialect().str();
}

std::vector<int64_t> codegen::getStaticShape(mlir::Value value) {
  auto shape = llvm::cast<mlir::RankedTensorType>(value.getType()).getShape();
  return std::vector<int64_t>(shape.begin(), shape.end());
}

static Expr elementwiseActivation(nn::Activation activation, Expr x) {
  switch (activation) {
  case nn::Activation::linear:
    return x;
  case nn::Activation::relu:
    return Halide::max(x, 0.0f);
  case nn::Activation::sigmoid:
    return 1.0f / (1.0f + Halide::exp(-x));
  case nn::Activation::tanh:
    return Halide::tanh(x);
  case nn::Activation::softmax:
    break;
  }
  llvm_unreachable("softmax is not elementwise");
}

TensorFunc codegen::applyActivation(nn::Activation activation,
                                    const TensorFunc &preActivation,
                                    const std::string &name,
                                    const LoweringScope &scope,
                                    LoweredLayer &layer) {
  if (activation == nn::Activation::softmax)
    return buildSoftmax(preActivation, preActivation.rank() - 1, name, layer);
  std::vector<Halide::Var> vars = makeModelVars(preActivation.rank());
  TensorFunc result{Func(name), preActivation.shape};
  defineAt(result.func, vars) =
      elementwiseActivation(activation, preActivation.func(toHalideOrder(vars)));
  return result;
}

TensorFunc codegen::buildSoftmax(const TensorFunc &input, int axis,
                                 const std::string &name, LoweredLayer &layer) {
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

LoweredLayer codegen::lowerOp(mlir::Operation *op, const LoweringScope &scope) {
  auto lowering = llvm::dyn_cast<HalideLowering>(op);
  if (!lowering)
    throw std::runtime_error("no Halide lowering for " +
                             op->getName().getStringRef().str());
  return lowering.lowerToHalide(scope);
}

void nnc::registerHalideLowerings(mlir::DialectRegistry &registry) {
  registry.addExtension(+[](mlir::MLIRContext *context, nn::NNDialect *) {
    registerActivationLowerings(context);
    registerConvLowerings(context);
    registerConvGradLowerings(context);
    registerDenseLowerings(context);
    registerEmbeddingLowerings(context);
    registerLayerGradLowerings(context);
    registerLayoutLowerings(context);
    registerLossLowerings(context);
    registerLSTMLowerings(context);
    registerLSTMGradLowerings(context);
    registerOptimizerLowerings(context);
    registerPoolLowerings(context);
    registerPoolGradLowerings(context);
  });
}
