//===- PipelineKinds.cpp - Which functions become which Halide pipelines --===//

#include "Codegen/PipelineKinds.h"

#include "mlir/IR/SymbolTable.h"

using namespace nnc;

llvm::StringRef nnc::getTrainingSuffix(PipelineKind kind) {
  switch (kind) {
  case PipelineKind::Forward:
    return "";
  case PipelineKind::Loss:
    return "_loss";
  case PipelineKind::Gradient:
    return "_gradient";
  case PipelineKind::Update:
    return "_update";
  case PipelineKind::TrainStep:
    return "_train_step";
  case PipelineKind::Step:
    return "_step";
  }
  return "";
}

mlir::func::FuncOp nnc::getTrainingFunction(mlir::func::FuncOp model,
                                            PipelineKind kind) {
  if (kind == PipelineKind::Forward)
    return model;
  if (kind != PipelineKind::Step && !model->hasAttr("nn.train"))
    return nullptr;
  auto module = model->getParentOfType<mlir::ModuleOp>();
  return module.lookupSymbol<mlir::func::FuncOp>(
      (model.getName() + getTrainingSuffix(kind)).str());
}

std::vector<PipelineFunction> nnc::classifyFunctions(mlir::ModuleOp module) {
  llvm::DenseMap<mlir::Operation *, PipelineKind> training;
  for (auto function : module.getOps<mlir::func::FuncOp>())
    for (PipelineKind kind : {PipelineKind::Loss, PipelineKind::Gradient,
                              PipelineKind::Update, PipelineKind::TrainStep,
                              PipelineKind::Step})
      if (mlir::func::FuncOp derived = getTrainingFunction(function, kind))
        training[derived] = kind;

  std::vector<PipelineFunction> functions;
  for (auto function : module.getOps<mlir::func::FuncOp>()) {
    auto it = training.find(function);
    PipelineKind kind = it == training.end() ? PipelineKind::Forward : it->second;
    std::string entryPoint;
    if (kind == PipelineKind::Forward)
      entryPoint = function.getName().str() + "_forward";
    else if (kind != PipelineKind::TrainStep)
      entryPoint = function.getName().str();
    functions.push_back({function, kind, entryPoint});
  }
  return functions;
}

std::vector<mlir::func::FuncOp> nnc::getModels(mlir::ModuleOp module) {
  std::vector<mlir::func::FuncOp> models;
  for (const PipelineFunction &function : classifyFunctions(module))
    if (function.kind == PipelineKind::Forward)
      models.push_back(function.function);
  return models;
}
