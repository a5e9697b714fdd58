//===- ForwardPipeline.h - A model's forward pass as one Halide pipeline --===//

#ifndef NNC_CODEGEN_FORWARDPIPELINE_H
#define NNC_CODEGEN_FORWARDPIPELINE_H

#include "Codegen/Lowering.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace nnc::codegen {

struct ForwardPipeline {
  /// Name of the AOT entry point: `<model>_forward`.
  std::string functionName;
  /// Argument order of the compiled function: inputs, then parameters (then
  /// the output buffers, which Halide appends).
  std::vector<Halide::ImageParam> inputs, params;
  std::vector<TensorFunc> outputs;
  std::vector<LoweredLayer> layers;

  std::vector<Halide::Argument> getArguments() const;
  Halide::Pipeline getPipeline() const;
};

/// The algorithm of `function`'s forward pass (no schedule yet).
ForwardPipeline buildForwardPipeline(mlir::func::FuncOp function);

/// The explicit CPU schedule: every layer output is computed once (root),
/// parallel over rows of the batch and vectorized over channels; its
/// intermediate stages are computed per row inside it.
void scheduleForwardPipeline(ForwardPipeline &pipeline,
                             const Halide::Target &target);

/// Halide-legal name for a model tensor ("conv2d_1.kernel" -> "conv2d_1_kernel").
std::string toHalideName(llvm::StringRef name);

} // namespace nnc::codegen

#endif // NNC_CODEGEN_FORWARDPIPELINE_H
