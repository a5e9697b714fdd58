//===- Lowering.h - nn ops as Halide algorithms -----------------*- C++ -*-===//
//
// Each lowering states an op's algorithm only; PipelineSchedule.cpp decides
// where and how every Func is computed. A layer yields its output Func plus the
// intermediate stages (pre-activation sums, softmax statistics) that the
// schedule computes per block of output rows, and, for sums over the batch
// (kernel and bias gradients, losses), the chunked partial sums that keep
// those reductions parallel and deterministic.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_CODEGEN_LOWERING_H
#define NNC_CODEGEN_LOWERING_H

#include "Codegen/TensorFunc.h"
#include "nn/IR/NNOps.h"

#include "mlir/IR/Value.h"
#include "llvm/ADT/DenseMap.h"

#include <functional>
#include <optional>
#include <set>

namespace nnc::codegen {

/// A Func computed inside the layer's output loop; `reductions` lists the
/// reduction domains of its update definitions (empty for a pure Func).
struct LayerStage {
  Halide::Func func;
  std::vector<Halide::RDom> reductions;
  /// The stage reads the whole of its inputs (a count over the batch), so it
  /// is computed once, not per row.
  bool whole = false;
  /// The reduction variable that walks the input's channels (unit stride in
  /// NHWC), when there is one: a layer with too few output channels to fill a
  /// vector vectorizes over it instead.
  std::optional<Halide::RVar> inputChannels;
};

/// A sum over the batch in a FIXED number of chunks, independent of the thread
/// count: `partial` (last Halide argument `chunk`) holds each chunk's sum over
/// `reduction`, and `total` adds the chunks in chunk order over `chunkSum`.
/// With a single chunk there is no `partial`: `total` reduces directly.
struct BatchChunks {
  Halide::Func partial;
  Halide::RDom reduction;
  Halide::Var chunk{"chunk"};
  int count = 1;
  Halide::Func total;
  Halide::RDom chunkSum;
};

struct LoweredLayer {
  std::string name; ///< the layer name, e.g. "conv2d_1"
  TensorFunc output;
  std::vector<LayerStage> stages;
  /// Reductions of the output Func itself (pooling), if any.
  std::vector<Halide::RDom> reductions;
  /// Results after the first (optimizer updates: the new state tensors).
  std::vector<TensorFunc> moreResults;
  /// Set when the layer sums over the batch.
  std::optional<BatchChunks> batchSum;
  /// Each output element is one read of the input (upsampling): unless it is
  /// a pipeline output, it is computed inline where it is read, never stored.
  bool indexOnly = false;
};

/// Values already lowered (inputs, parameters, earlier layers).
class LoweringScope {
public:
  void bind(mlir::Value value, TensorFunc tensor) { tensors[value] = std::move(tensor); }
  const TensorFunc &lookup(mlir::Value value) const;

  /// The run-time batch size (extent of the batch axis of the arguments).
  void setBatchSize(Halide::Expr size) { batch = std::move(size); }
  bool hasBatchSize() const { return batch.defined(); }
  const Halide::Expr &getBatchSize() const;

  /// A Halide-legal Func name for `op`'s layer, unique within the pipeline
  /// (gradient ops may share their layer's name).
  std::string uniqueName(mlir::Operation *op) const;

private:
  llvm::DenseMap<mlir::Value, TensorFunc> tensors;
  Halide::Expr batch;
  mutable std::set<std::string> usedNames;
};

/// Lowers one nn op; the op must belong to the nn dialect.
LoweredLayer lowerOp(mlir::Operation *op, const LoweringScope &scope);

// Per family, in their own files.
LoweredLayer lowerDense(nn::DenseOp op, const LoweringScope &scope);
LoweredLayer lowerConv2D(nn::Conv2DOp op, const LoweringScope &scope);
LoweredLayer lowerConv2DTranspose(nn::Conv2DTransposeOp op,
                                  const LoweringScope &scope);
LoweredLayer lowerPool2D(mlir::Operation *op, const LoweringScope &scope);
LoweredLayer lowerLayoutOp(mlir::Operation *op, const LoweringScope &scope);
LoweredLayer lowerActivationOp(mlir::Operation *op, const LoweringScope &scope);
// Training: gradients, losses, optimizer updates.
LoweredLayer lowerLayerGradient(mlir::Operation *op, const LoweringScope &scope);
LoweredLayer lowerConvGradient(mlir::Operation *op, const LoweringScope &scope);
LoweredLayer lowerPoolGradient(mlir::Operation *op, const LoweringScope &scope);
LoweredLayer lowerLoss(mlir::Operation *op, const LoweringScope &scope);
LoweredLayer lowerOptimizerUpdate(mlir::Operation *op, const LoweringScope &scope);

//===----------------------------------------------------------------------===//
// Helpers shared by the lowerings.
//===----------------------------------------------------------------------===//

std::string getLayerName(mlir::Operation *op);
std::vector<int64_t> getStaticShape(mlir::Value value);

/// Applies a fused `activation=`; softmax (not elementwise) adds stages to
/// `layer` and acts over the last axis.
TensorFunc applyActivation(nn::Activation activation, const TensorFunc &preActivation,
                           const std::string &name, const LoweringScope &scope,
                           LoweredLayer &layer);

/// Softmax of `input` over model axis `axis` (normalized), as in Keras.
TensorFunc buildSoftmax(const TensorFunc &input, int axis, const std::string &name,
                        LoweredLayer &layer);

/// Defines `output(outVars) = sum over n in [0, batch) and over the box `inner`
/// (min/extent pairs, innermost first) of body(n, r)`, where r[0..] index
/// `inner`. Records the chunked schedule's Funcs in `layer.batchSum`; the
/// number of chunks depends only on the output's size (batchChunkCount).
void defineBatchSum(LoweredLayer &layer, Halide::Func output,
                    const std::vector<Halide::Var> &outVars,
                    const std::vector<std::pair<Halide::Expr, Halide::Expr>> &inner,
                    const std::function<Halide::Expr(Halide::Expr, const Halide::RDom &)> &body,
                    const LoweringScope &scope, int64_t outputElements);

/// Chunks of a sum over the batch for an output of `outputElements` values:
/// a fixed count when the output is too small to parallelize over, else 1
/// (the output's elements are then the parallel loop). Decided in
/// PipelineSchedule.cpp with the rest of the schedule.
int batchChunkCount(int64_t outputElements);

/// `input` read as zero outside its spatial extent (axes 1 and 2 of NHWC).
TensorFunc zeroPaddedImage(const TensorFunc &input);

/// Elementwise Func of `shape` named `name`: value(vars in model order).
TensorFunc defineElementwise(const std::string &name, const std::vector<int64_t> &shape,
                             const std::function<Halide::Expr(const std::vector<Halide::Var> &)> &value);

/// Keras/TF 'same' padding: the part of the total padding placed before.
int64_t samePaddingBefore(int64_t in, int64_t out, int64_t stride,
                          int64_t effectiveWindow);

} // namespace nnc::codegen

#endif // NNC_CODEGEN_LOWERING_H
