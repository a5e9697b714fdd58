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

#include "Codegen/PipelineKinds.h"
#include "Codegen/TensorFunc.h"
#include "nn/IR/NNOps.h"

#include "mlir/IR/Value.h"
#include "llvm/ADT/DenseMap.h"

#include <algorithm>
#include <functional>
#include <memory>
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

/// Values of k per block of a blocked matrix product.
constexpr int kDepthBlock = 256;
/// Sums longer than this are blocked (a panel of k x panelWidth floats
/// would outgrow L2).
constexpr int kLongDepth = 2048;

/// The register tile of a matrix product, fitted to the target's vector
/// registers (chooseScheduleParameters): `tileRows` rows x one panel of
/// `panelWidth` columns (two vectors), whose tileRows x 2 accumulators, the
/// panel's two vectors and a broadcast fit the register file without
/// spilling: AVX-512's 32 registers of 16 floats hold 8 x 32, AVX2's 16 of 8
/// floats 6 x 16. A block of the product spans up to `panelsPerBlock` panels.
struct MatrixTile {
  int panelWidth = 32;
  int panelsPerBlock = 4;
  int tileRows = 8;

  /// Panels per block of a product of `columns` columns: no more than it has.
  int64_t panelsPerBlockFor(int64_t columns) const {
    return std::min<int64_t>(panelsPerBlock, (columns + panelWidth - 1) / panelWidth);
  }
  int64_t blockColumns(int64_t columns) const {
    return panelWidth * panelsPerBlockFor(columns);
  }
};

/// Where a left-hand side read by LhsReading::PackRowsInBlock lies
/// contiguously in memory: in runs of `length` values (a patch's channels)
/// along k, or along the product's rows. Its per-block copy is stored and
/// written along that axis, so that the runs are read as vectors; the rows
/// of a register tile are read from fixed offsets of the copy either way.
struct LhsRuns {
  int length = 0; ///< 0: no runs known
  bool alongRows = false;
};

/// A matrix product in Halide order, rows r and columns c:
///   product(c, r) = sum over k < depth of lhs(k, r) * rhs(c, k)
/// The right-hand side is packed once into `panels`(lane, k, panel) of
/// tile.panelWidth columns (contiguous in k, so a block of it stays in L1), and
/// `accumulator`(lane, panel, r) holds one block of the product while the
/// schedule (MatrixProductSchedule.cpp) walks k in register tiles.
struct MatrixProduct {
  /// Columns of the product; its rows, where known when compiling (a
  /// kernel gradient's patch; most products have a row per sample).
  int64_t columns = 0;
  std::optional<int64_t> staticRows;
  MatrixTile tile;
  Halide::Func product;
  Halide::Func accumulator;
  Halide::RDom depth;
  Halide::Func panels;
  /// The panels belong to this product (else another product packed them).
  bool ownsPanels = true;
  /// Long sums (over batch x time) walk k in blocks of kDepthBlock, in order,
  /// so a panel's block stays in L1: `depth` is then the position inside a
  /// block, `accumulator` has a last argument for the block, and `product`
  /// adds the blocks over `depthBlocks`.
  std::optional<Halide::RDom> depthBlocks;
  /// LhsReading::PackRows: lhs packed into rowPanels(row, k, row_tile), the
  /// rows of one register tile contiguous at each k.
  Halide::Func rowPanels;
  /// LhsReading::PackRowsInBlock: lhs copied into lhsBlock(k, r) where a
  /// block (of k too, when blocked) is about to read it, stored along
  /// `lhsRuns`'s axis.
  Halide::Func lhsBlock;
  LhsRuns lhsRuns;
};

/// Packs rhs(c, k) (c < columns) into panels(lane, k, panel) of
/// tile.panelWidth columns; columns past the end repeat the last one (their
/// products are computed, never read). With a `depth` (blocked products), k
/// past it reads as zero.
struct Panels {
  Halide::Func func;
  int64_t columns;
  MatrixTile tile;
};
Panels packPanels(const std::string &name, const MatrixTile &tile, int64_t columns,
                  const std::function<Halide::Expr(Halide::Expr, Halide::Expr)> &rhs,
                  Halide::Expr depth = Halide::Expr());

/// How a matrix product reads its left-hand side lhs(k, r). The schedule
/// computes whole blocks of rows (and blocked products whole blocks of k), so
/// rows past the end are read too.
enum class LhsReading {
  /// In place, at rows clamped to the last one.
  ClampRows,
  /// In place; lhs is defined (and clamped) on every row of the whole blocks,
  /// as a flattened copy is: the inner loop reads the tile's rows at fixed
  /// offsets from one address (a clamp per row there kept the rows' addresses
  /// in vectors, extracted again at every k).
  CoversRows,
  /// Packed once into `rowPanels` of a register tile's rows, contiguous at
  /// each k: for a transposed operand (x^T dz, rows contiguous in memory),
  /// where reading in place would touch a new cache line per row and k.
  PackRows,
  /// Copied per block of the product (and of k, when blocked), just before
  /// the block reads it, so the copy stays in cache: for a left-hand side
  /// that exists only as index arithmetic (a convolution's patches), which
  /// would cost a pass through memory if packed whole. MatrixProduct::lhsRuns
  /// says how to read it.
  PackRowsInBlock,
};

/// product(c, r) = sum over k < depth of lhs(k, r) * rhs(c, k), rhs given as
/// its `panels`, lhs read as `reading` says. `ownsPanels`: schedule the panels
/// with it. `blocked`: walk k in blocks (panels packed with the same `depth`).
MatrixProduct defineMatrixProduct(const std::string &name, const Panels &panels,
                                  bool ownsPanels, Halide::Expr depth, Halide::Expr rows,
                                  const std::function<Halide::Expr(Halide::Expr, Halide::Expr)> &lhs,
                                  bool blocked = false,
                                  LhsReading reading = LhsReading::ClampRows);

/// A Func of a multi-loop layer (LSTM steps, stacked sequences, scatters)
/// computed once, whole: each definition parallel over its last argument (the
/// batch) when that is pure there, vectorized over its first argument, or over
/// `vectorRVars[d]` for update d when that is set.
struct RootStage {
  Halide::Func func;
  std::vector<std::optional<Halide::RVar>> vectorRVars;
  /// Parallel over blocks of the first argument (embedding gradient: its
  /// dimension), the update's `serialRVars` inside each block, in order.
  bool parallelOverFirst = false;
  std::vector<Halide::RVar> serialRVars;
  /// Unroll the second argument (the LSTM gate index: one nonlinearity per
  /// copy once the select on it folds).
  bool unrollSecond = false;
  /// Updates not pure in the last argument that write a distinct position for
  /// each value of this RVar (the stacked sequence's rows) run parallel over it.
  std::optional<Halide::RVar> parallelRVar;
};

/// What backpropagation through a recurrent layer (nn.lstm, nn.gru,
/// nn.simple_rnn) needs from its forward pass, per time step t, all in Halide
/// order.
struct RecurrentTrace {
  /// Each step's results (j, q, n), q as RecurrentLowering.h's kStepCell and
  /// kStepHidden say: the gates the gradient reads (LSTM's activations i,
  /// f, g, o; GRU's z, r, the candidate and the candidate's recurrent part,
  /// which r scales; none for SimpleRNN), the LSTM's c_t, h_t.
  std::vector<Halide::Func> steps;
  Halide::Func hidden;             ///< hseq(j, t, n)
  Halide::Func initialH, initialC; ///< (j, n); initialC for LSTM only
  /// The state before the first step in the steps' layout, computed whole.
  Halide::Func initialStep;
};

/// How the schedule (PipelineSchedule.cpp) places a layer's Funcs: named by
/// the lowering that defines them, which fills the fields its class reads.
enum class ScheduleClass {
  /// The output computed whole, parallel over rows of the batch and
  /// vectorized over channels, or per row of its only reader when that reads
  /// it pointwise; its `stages` per row inside it.
  Rows,
  /// Index arithmetic on the input (upsampling): computed where it is read,
  /// never stored, unless it is a pipeline output (then as Rows).
  Inline,
  /// A sum over the batch (`batchSum`): fixed chunks in parallel, added in
  /// chunk order, or parallel over the output's own elements.
  BatchSum,
  /// Several loops: `products` (register-tiled), then `rootStages`, each
  /// computed whole; `inlined` views stay inline.
  MultiLoop,
};

struct LoweredLayer {
  LoweredLayer(std::string name, ScheduleClass schedule)
      : name(std::move(name)), schedule(schedule) {}

  std::string name; ///< the layer name, e.g. "conv2d_1"
  ScheduleClass schedule;
  TensorFunc output;
  std::vector<LayerStage> stages;
  /// Reductions of the output Func itself (pooling), if any.
  std::vector<Halide::RDom> reductions;
  /// Results after the first (optimizer updates: the new state tensors).
  std::vector<TensorFunc> moreResults;
  /// Set when the layer sums over the batch.
  std::optional<BatchChunks> batchSum;
  /// Matrix products and once-computed Funcs of multi-loop layers (LSTM,
  /// embedding gradient), scheduled before the output.
  std::vector<MatrixProduct> products;
  std::vector<RootStage> rootStages;
  /// Funcs inlined where they are read (views of products).
  std::vector<Halide::Func> inlined;
  /// Calls of pipelines of their own (a recurrent layer's time steps,
  /// StepPipeline.h), each computed whole where the schedule puts it.
  std::vector<Halide::Func> externStages;
};

/// What an algorithm must know of its schedule before it is written (how a
/// sum over the batch is split, the shape of a matrix product's tiles). The
/// schedule decides it (chooseScheduleParameters, PipelineSchedule.cpp) and
/// passes it in through the scope; no lowering asks the schedule back.
struct ScheduleParameters {
  /// Chunks of a batch sum whose output is too small to parallelize over.
  int batchChunks = 1;
  /// Outputs of a batch sum with this many elements parallelize over them,
  /// each element summing the whole batch in order (one chunk).
  int64_t parallelOutputElements = 0;

  MatrixTile matrixTile;

  /// Chunks of a sum over the batch into an output of `outputElements`.
  int chunksFor(int64_t outputElements) const {
    return outputElements >= parallelOutputElements ? 1 : batchChunks;
  }
};

struct ModelPipeline;

/// The rows of the batch that a recurrent layer's time step computes when
/// the pipeline skips padded time steps (SequencePacking.h): the leading rows
/// holding every sequence still running, counted at run time from the labels
/// by the runtime's nnc_running_rows (nncrt/SequenceRows.h).
struct RunningRows {
  Halide::ImageParam labels;
  int64_t ignoreClass = 0;
  /// False: every step computes the whole batch, through the same code (the
  /// padded computation, to compare with: nnc --no-sequence-packing).
  bool skipEnded = true;
  /// The count for time step `step` (int32, at least 1).
  Halide::Expr at(int step) const;
};

/// Values already lowered (inputs, parameters, earlier layers).
class LoweringScope {
public:
  explicit LoweringScope(ScheduleParameters parameters, std::string pipelineName = "",
                         PipelineKind kind = PipelineKind::Forward)
      : parameters(parameters), pipelineName(std::move(pipelineName)), kind(kind) {}
  const ScheduleParameters &getScheduleParameters() const { return parameters; }
  const MatrixTile &getMatrixTile() const { return parameters.matrixTile; }

  void bind(mlir::Value value, TensorFunc tensor) { tensors[value] = std::move(tensor); }
  const TensorFunc &lookup(mlir::Value value) const;

  /// The run-time batch size (extent of the batch axis of the arguments).
  void setBatchSize(Halide::Expr size) { batch = std::move(size); }
  bool hasBatchSize() const { return batch.defined(); }
  const Halide::Expr &getBatchSize() const;

  /// A Halide-legal Func name for `op`'s layer, unique within the pipeline
  /// (gradient ops may share their layer's name).
  std::string uniqueName(mlir::Operation *op) const;

  /// The forward Funcs of a recurrent op lowered in this pipeline, for its
  /// gradient; null when the op was not lowered here.
  void recordRecurrence(mlir::Operation *op, RecurrentTrace trace) const {
    recurrentTraces[op] = std::make_shared<RecurrentTrace>(std::move(trace));
  }
  const RecurrentTrace *findRecurrence(mlir::Operation *op) const {
    auto it = recurrentTraces.find(op);
    return it == recurrentTraces.end() ? nullptr : it->second.get();
  }

  /// Set where the pipeline skips padded time steps (SequencePacking.h).
  void setRunningRows(RunningRows rows) { runningRows = std::move(rows); }
  const std::optional<RunningRows> &getRunningRows() const { return runningRows; }

  /// The entry point of the pipeline being built: the prefix of the
  /// pipelines it calls.
  const std::string &getPipelineName() const { return pipelineName; }
  PipelineKind getPipelineKind() const { return kind; }
  /// A pipeline that this one's Funcs call as an extern stage; compiled with
  /// it, into the same object.
  void addCalledPipeline(std::shared_ptr<ModelPipeline> pipeline) const {
    calledPipelines.push_back(std::move(pipeline));
  }
  std::vector<std::shared_ptr<ModelPipeline>> takeCalledPipelines() const {
    return std::move(calledPipelines);
  }

private:
  ScheduleParameters parameters;
  std::string pipelineName;
  PipelineKind kind;
  mutable std::vector<std::shared_ptr<ModelPipeline>> calledPipelines;
  llvm::DenseMap<mlir::Value, TensorFunc> tensors;
  Halide::Expr batch;
  std::optional<RunningRows> runningRows;
  mutable std::set<std::string> usedNames;
  mutable llvm::DenseMap<mlir::Operation *, std::shared_ptr<RecurrentTrace>>
      recurrentTraces;
};

/// Lowers one nn op through its HalideLowering model (HalideLowering.h).
LoweredLayer lowerOp(mlir::Operation *op, const LoweringScope &scope);

Halide::Expr sigmoid(Halide::Expr x);

/// Dense layers with a weight of at least this many elements compute as
/// matrix products over the flattened rows: on sequences ([N, T, ..., f])
/// always, on [N, f] with at least kProductMinColumns units (fewer would
/// leave most of a register tile's lanes idle).
constexpr int64_t kDenseProductMinWeights = 4096;
constexpr int64_t kProductMinColumns = 16;
bool useDenseProduct(const std::vector<int64_t> &inputShape, int64_t units);
/// Rows of all axes but the last of `shape` flattened, batch outermost: the
/// row count, the model-order position of row `r`, the row of a position.
Halide::Expr flatRowCount(const std::vector<int64_t> &shape, const LoweringScope &scope);
std::vector<Halide::Expr> unflattenRow(Halide::Expr r, const std::vector<int64_t> &shape);
Halide::Expr flattenRow(const std::vector<Halide::Expr> &position,
                        const std::vector<int64_t> &shape);
/// Convolutions whose patches (taps x input channels) hold at least
/// kConvProductMinDepth values, with at least kProductMinColumns filters,
/// compute as matrix products over their patches (implicit GEMM,
/// ConvLowering.cpp and ConvGradLowering.cpp); smaller ones (an image's first
/// layer, a few filters) keep the direct loops, which waste no lanes.
constexpr int64_t kConvProductMinDepth = 32;
bool useConvolutionProduct(int64_t patchDepth, int64_t columns);
/// A flat patch index k = ((tap_0 * taps_1 + tap_1) ...) * channels + channel
/// (the order of a Keras kernel's leading axes) split into {tap_0, ...,
/// channel}.
std::vector<Halide::Expr> splitPatchIndex(Halide::Expr k, llvm::ArrayRef<int64_t> taps,
                                          int64_t channels);

/// `tensor` flattened once into rows(k, r) (k its last axis), computed whole
/// as a root stage of `layer` and clamped to the last row there: a matrix
/// product reads it with LhsReading::CoversRows.
Halide::Func flattenRows(const std::string &name, const TensorFunc &tensor,
                         const LoweringScope &scope, LoweredLayer &layer);

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
/// number of chunks depends only on the output's size
/// (ScheduleParameters::chunksFor).
void defineBatchSum(LoweredLayer &layer, Halide::Func output,
                    const std::vector<Halide::Var> &outVars,
                    const std::vector<std::pair<Halide::Expr, Halide::Expr>> &inner,
                    const std::function<Halide::Expr(Halide::Expr, const Halide::RDom &)> &body,
                    const LoweringScope &scope, int64_t outputElements);

/// Defines `layer.output`, [C], as the sum over the batch and every other
/// axis of `x` [N, ..., C] but the last of body(position, channel last): a
/// bias gradient, BatchNormalization's statistics.
void defineChannelSum(LoweredLayer &layer, const TensorFunc &x,
                      const std::function<Halide::Expr(const std::vector<Halide::Expr> &)> &body,
                      const LoweringScope &scope);

/// `input` read as zero outside its spatial extent: every axis between the
/// batch and the channels (height and width of NHWC, the steps of a sequence).
TensorFunc zeroPaddedImage(const TensorFunc &input);

/// Elementwise Func of `shape` named `name`: value(vars in model order).
TensorFunc defineElementwise(const std::string &name, const std::vector<int64_t> &shape,
                             const std::function<Halide::Expr(const std::vector<Halide::Var> &)> &value);

} // namespace nnc::codegen

#endif // NNC_CODEGEN_LOWERING_H
