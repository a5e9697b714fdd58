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
  int rank = input.rank();
  Halide::Region bounds(rank, Halide::Range(Expr(), Expr()));
  for (int axis = 1; axis + 1 < rank; ++axis) // Halide orders dimensions backwards
    bounds[rank - 1 - axis] = Halide::Range(0, static_cast<int>(input.shape[axis]));
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
    registerDropoutLowerings(context);
    registerEmbeddingLowerings(context);
    registerLayerGradLowerings(context);
    registerMergeLowerings(context);
    registerNormalizationLowerings(context);
    registerGlobalPoolLowerings(context);
    registerMarginLowerings(context);
    registerLayoutLowerings(context);
    registerLossLowerings(context);
    registerLSTMLowerings(context);
    registerLSTMGradLowerings(context);
    registerGRULowerings(context);
    registerSimpleRNNLowerings(context);
    registerOptimizerLowerings(context);
    registerPoolLowerings(context);
    registerPoolGradLowerings(context);
  });
}
