//===- PipelineKinds.h - Which functions become which Halide pipelines ----===//
//
// A model @M becomes the pipeline M_forward; when it carries `nn.train`, the
// nn-autodiff pass adds @M_loss, @M_gradient and @M_update (one pipeline each)
// and @M_train_step (which only calls them, for reading). A model with LSTMs
// also gets @M_step from nn-make-step: one token through the model, the
// recurrent state in and out (pipeline M_step). The model names each by
// symbol (nn/IR/DerivedFunctions.h); a pipeline's entry point is its
// function's name. Free of Halide types, so the driver can use it.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_CODEGEN_PIPELINEKINDS_H
#define NNC_CODEGEN_PIPELINEKINDS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <vector>

namespace nnc {

enum class PipelineKind { Forward, Loss, Gradient, Update, TrainStep, Step };

struct PipelineFunction {
  mlir::func::FuncOp function;
  PipelineKind kind;
  /// The AOT entry point: `M_forward`, `M_loss`, `M_gradient`, `M_update`,
  /// `M_step` (empty for the train step, which is not compiled).
  std::string entryPoint;
};

/// Every function of `module` with its kind, in module order. Functions that
/// no model names as derived from it count as models.
std::vector<PipelineFunction> classifyFunctions(mlir::ModuleOp module);

/// The models (forward functions) of `module`, in module order.
std::vector<mlir::func::FuncOp> getModels(mlir::ModuleOp module);

/// The function `model` names for `kind` (`nn.loss_function = @M_loss`,
/// ...), or null; for Forward, the model.
mlir::func::FuncOp getTrainingFunction(mlir::func::FuncOp model, PipelineKind kind);

} // namespace nnc

#endif // NNC_CODEGEN_PIPELINEKINDS_H
