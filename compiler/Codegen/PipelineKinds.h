//===- PipelineKinds.h - Which functions become which Halide pipelines ----===//
//
// A model @M becomes the pipeline M_forward; when it carries `nn.train`, the
// nn-autodiff pass adds @M_loss, @M_gradient and @M_update (one pipeline each)
// and @M_train_step (which only calls them, for reading). A model with LSTMs
// also gets @M_step from nn-make-step: one token through the model, the
// recurrent state in and out (pipeline M_step). Free of Halide
// types, so the driver can use it.
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
/// are neither a model nor a training function of a model with `nn.train`
/// count as models.
std::vector<PipelineFunction> classifyFunctions(mlir::ModuleOp module);

/// The models (forward functions) of `module`, in module order.
std::vector<mlir::func::FuncOp> getModels(mlir::ModuleOp module);

/// `model`'s training function of `kind` (`@M_loss`, ...), or null; for
/// Step, its `@M_step` (which models without `nn.train` have too).
mlir::func::FuncOp getTrainingFunction(mlir::func::FuncOp model, PipelineKind kind);

/// The name suffix of a derived function ("_loss", ..., "_step"); "" for
/// Forward.
llvm::StringRef getTrainingSuffix(PipelineKind kind);

} // namespace nnc

#endif // NNC_CODEGEN_PIPELINEKINDS_H
