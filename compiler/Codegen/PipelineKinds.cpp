//===- PipelineKinds.cpp - Which functions become which Halide pipelines --===//

#include "Codegen/PipelineKinds.h"

#include "nn/IR/DerivedFunctions.h"

using namespace nnc;

/// The model's function that a pipeline of `kind` computes.
static nn::DerivedFunction getDerivedFunction(PipelineKind kind) {
  switch (kind) {
  case PipelineKind::Loss:
    return nn::DerivedFunction::Loss;
  case PipelineKind::Gradient:
    return nn::DerivedFunction::Gradient;
  case PipelineKind::Update:
    return nn::DerivedFunction::Update;
  case PipelineKind::TrainStep:
    return nn::DerivedFunction::TrainStep;
  case PipelineKind::Step:
  case PipelineKind::Forward:
    break;
  }
  return nn::DerivedFunction::Step;
}

mlir::func::FuncOp nnc::getTrainingFunction(mlir::func::FuncOp model,
                                            PipelineKind kind) {
  if (kind == PipelineKind::Forward)
    return model;
  return nn::lookupDerivedFunction(model, getDerivedFunction(kind));
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
