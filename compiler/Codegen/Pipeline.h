//===- Pipeline.h - One function of the nn dialect as one Halide pipeline -===//
//
// Every op of the function is a Func of one pipeline: the forward pass, the
// loss, the gradient (forward and backward fused) and the optimizer update
// each compile to a single AOT entry point.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_CODEGEN_PIPELINE_H
#define NNC_CODEGEN_PIPELINE_H

#include "Codegen/Lowering.h"
#include "Codegen/PipelineKinds.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/raw_ostream.h"

namespace nnc::codegen {

/// What the schedule does to one Func, in words (`nnc --emit=schedule`).
struct ScheduleNote {
  std::string func;
  std::string schedule;
};

struct ModelPipeline {
  /// Name of the AOT entry point (`M_forward`, `M_gradient`, ...).
  std::string functionName;
  PipelineKind kind = PipelineKind::Forward;
  /// The compiled function's arguments in the nn function's order: buffers
  /// named input_*, target_*, param_*, grad_*, state_*, and scalars
  /// hyper_* (float hyperparameters, int32 random counters; then the output
  /// buffers, which Halide appends).
  std::vector<Halide::Argument> arguments;
  std::vector<Halide::ImageParam> buffers;
  std::vector<Halide::Param<>> scalars;
  std::vector<TensorFunc> outputs;
  std::vector<LoweredLayer> layers;
  /// Filled by schedulePipeline, in the order the Funcs were scheduled.
  std::vector<ScheduleNote> schedule;
  /// Set where recurrent layers compute a time step for the rows still
  /// running (SequencePacking.h).
  std::optional<RunningRows> runningRows;
  /// The step pipelines its Funcs call (StepPipeline.h), compiled with it.
  std::vector<std::shared_ptr<ModelPipeline>> calledPipelines;

  Halide::Pipeline getPipeline() const;
};

/// The schedule's decisions that the algorithm is written for.
ScheduleParameters chooseScheduleParameters(const Halide::Target &target);

/// The algorithm of `function` (no schedule yet), written for `parameters`;
/// with `packSequences`, skipping padded time steps where that is exact
/// (SequencePacking.h).
ModelPipeline buildPipeline(const PipelineFunction &function,
                            const ScheduleParameters &parameters, bool packSequences);

/// The explicit CPU schedule (PipelineSchedule.cpp): every layer's result is
/// computed once (root), parallel over rows of the batch and vectorized over
/// channels; its intermediate stages are computed per row inside it; sums
/// over the batch run in a fixed number of parallel chunks. Schedules the
/// pipelines it calls too.
void schedulePipeline(ModelPipeline &pipeline, const Halide::Target &target);

/// Schedules one matrix product (MatrixProductSchedule.cpp) and returns its
/// note; `fewRows` for a product of one row (a one-token step).
std::string scheduleMatrixProduct(MatrixProduct &product, int vectorWidth, bool fewRows);

/// Schedules a Func of a multi-loop layer computed whole and returns its note;
/// `scalar` for 1-d pipeline outputs (see chooseOutputLoops).
std::string scheduleRootStage(RootStage &stage, int vectorWidth, bool scalar);

/// A Func's name without the "$<n>" Halide appends to repeated names.
std::string displayName(llvm::StringRef funcName);

/// Halide-legal name for a model tensor ("conv2d_1.kernel" -> "conv2d_1_kernel").
std::string toHalideName(llvm::StringRef name);

} // namespace nnc::codegen

#endif // NNC_CODEGEN_PIPELINE_H
