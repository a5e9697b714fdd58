//===- PipelineSchedule.cpp - The explicit CPU schedule of a pipeline -----===//
//
// Channels are the innermost axis (NHWC), so vectorizing over them gives
// unit-stride loads of kernels and activations; when a layer has fewer channels
// than a vector, the width axis is vectorized instead. Rows of all images in
// the batch form the parallel loop, which gives the two cores (or more) enough
// independent work even for a small batch.
//
// Sums over the batch (kernel and bias gradients, losses) are split into a
// fixed number of chunks: the chunks run in parallel, each accumulating a
// private partial result in a fixed order, and the partials are added in
// chunk order. The result is the same whatever the thread count. Outputs large
// enough to keep every core busy instead parallelize over their own elements,
// each element summing the whole batch in order.
//
// Every decision is made here once and described as it is applied: the notes
// printed by `nnc --emit=schedule` are the schedule, not a second copy of it.
//
//===----------------------------------------------------------------------===//

#include "Codegen/Pipeline.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <map>
#include <stdexcept>
#include <set>
#include <type_traits>

using namespace nnc;
using namespace nnc::codegen;

namespace {

/// Chunks of a batch sum whose output is too small to parallelize over.
constexpr int kBatchChunks = 16;
/// Outputs of a batch sum with this many elements parallelize over them.
constexpr int64_t kParallelOutputElements = 16384;
/// Tensors without a batch axis (parameters, optimizer state) smaller than
/// this run on one core: a parallel loop would cost more than it saves.
constexpr int64_t kParallelMinElements = 8192;
/// Rows (batch x first spatial axis) per task of a parallel row loop.
constexpr int kRowsPerTask = 16;

int64_t countElements(const std::vector<int64_t> &shape) {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

bool hasBatch(const std::vector<int64_t> &shape) {
  return !shape.empty() && shape[0] == mlir::ShapedType::kDynamic;
}

/// The loop structure chosen for one tensor.
struct Loops {
  std::vector<Halide::Var> vars; // model order
  std::optional<Halide::Var> vectorized;
  int vectorWidth = 1;
  /// The vectorized axis's extent (>= vectorWidth).
  int64_t vectorExtent = 0;
  /// Parallel loop: the fused (row, batch) loop, one axis, or none.
  std::optional<Halide::Var> parallel;
  bool fuseRows = false;
  /// The row loop is one row of the reader's (compute_at): fused, not parallel.
  bool serialRows = false;
};

/// The axis to vectorize: the channels (unit stride in NHWC) at full width,
/// or at a narrower power of two when there are 4 to 15 of them; only with
/// fewer channels the width axis, whose neighbours are a channel stride apart
/// (gathers).
void chooseVector(Loops &loops, const std::vector<int64_t> &shape, int vectorWidth) {
  int rank = static_cast<int>(shape.size());
  if (rank == 0)
    return;
  int64_t last = shape[rank - 1];
  if (last >= 4) {
    loops.vectorized = loops.vars[rank - 1];
    loops.vectorExtent = last;
  } else if (rank >= 2 && shape[rank - 2] >= 4) {
    loops.vectorized = loops.vars[rank - 2];
    loops.vectorExtent = shape[rank - 2];
  } else {
    return;
  }
  loops.vectorWidth = static_cast<int>(std::min<uint64_t>(
      vectorWidth, llvm::bit_floor(static_cast<uint64_t>(loops.vectorExtent))));
}

/// Loops of `func`, whose pure variables (model order) index `shape`.
Loops chooseLoops(const Halide::Func &func, const std::vector<int64_t> &shape,
                  int vectorWidth) {
  Loops loops;
  int rank = static_cast<int>(shape.size());
  std::vector<Halide::Var> args = func.args();
  loops.vars.assign(args.rbegin(), args.rend());
  chooseVector(loops, shape, vectorWidth);
  if (rank == 0)
    return loops;
  bool vectorOverFirst = loops.vectorized && loops.vectorized->name() == loops.vars[0].name();
  if (hasBatch(shape)) {
    // Rows (batch x first spatial axis) form the parallel loop, unless that
    // axis is the vector one ([?, 32, 2] vectorizes the 32).
    bool vectorOverRows = rank >= 2 && loops.vectorized &&
                          loops.vectorized->name() == loops.vars[1].name();
    loops.fuseRows = rank >= 3 && !vectorOverRows;
    loops.parallel = loops.fuseRows ? Halide::Var("row") : loops.vars[0];
  } else if (countElements(shape) >= kParallelMinElements && !vectorOverFirst) {
    loops.parallel = loops.vars[0];
  }
  return loops;
}

bool hasVar(const Halide::Func &func, const Halide::Var &var) {
  return llvm::any_of(func.args(),
                      [&](const Halide::Var &arg) { return arg.name() == var.name(); });
}

/// The loops of an intermediate stage: those of its layer, less the axes it
/// lacks (softmax statistics have no position along the softmax axis).
Loops loopsOf(const Halide::Func &func, const Loops &layer) {
  Loops loops = layer;
  llvm::erase_if(loops.vars, [&](const Halide::Var &var) { return !hasVar(func, var); });
  if (loops.vectorized && !hasVar(func, *loops.vectorized))
    loops.vectorized.reset();
  return loops;
}

std::string describeVector(const Loops &loops) {
  if (!loops.vectorized)
    return "scalar";
  return llvm::formatv("vectorized over {0} x{1}", loops.vectorized->name(),
                       loops.vectorWidth);
}

std::string describeParallel(const Loops &loops) {
  if (!loops.parallel)
    return "serial";
  if (loops.fuseRows)
    return llvm::formatv("parallel over rows ({0} x {1} fused) in tasks of {2}",
                         loops.vars[0].name(), loops.vars[1].name(), kRowsPerTask);
  return "parallel over " + loops.parallel->name();
}

std::string describeReductions(const std::vector<Halide::RDom> &reductions) {
  std::string text;
  for (const Halide::RDom &domain : reductions)
    for (int i = 0; i < domain.dimensions(); ++i)
      text += (text.empty() ? "" : ", ") + domain[i].name();
  return text;
}

/// A pure definition is computed over the whole vectorized axis, its last
/// partial vector overlapping the one before (ShiftInwards; chooseVector
/// keeps the width within the extent); an update guards its tail instead,
/// since computing an element twice would add it twice. A guarded
/// (predicated) tail on a pure definition is what Halide 14 miscompiles when
/// the value reads its input twice (a let): select(x > 0, x, alpha * x) over
/// 5 channels stored the first vector twice and never the fifth channel.
template <typename Stage>
void vectorize(Stage &&stage, const Loops &loops) {
  if (!loops.vectorized)
    return;
  if constexpr (std::is_same_v<std::decay_t<Stage>, Halide::Func>) {
    // The whole axis, even where readers need less (a pooling that skips
    // the last column), so the shifted vector never starts before 0.
    stage.bound(*loops.vectorized, 0, static_cast<int>(loops.vectorExtent));
    stage.vectorize(*loops.vectorized, loops.vectorWidth, Halide::TailStrategy::ShiftInwards);
  } else {
    stage.vectorize(*loops.vectorized, loops.vectorWidth, Halide::TailStrategy::GuardWithIf);
  }
}

template <typename Stage>
void parallelize(Stage &&stage, const Loops &loops) {
  if (loops.fuseRows)
    stage.fuse(loops.vars[1], loops.vars[0], *loops.parallel);
  if (!loops.parallel || loops.serialRows)
    return;
  if (!loops.fuseRows) {
    stage.parallel(*loops.parallel);
    return;
  }
  // A row is a microsecond of work or less, about what the thread pool spends
  // handing out a task: tasks of kRowsPerTask rows. The inner loop keeps the
  // name `row` (stages computed per row of this one).
  stage.split(*loops.parallel, Halide::Var("row_task"), *loops.parallel, kRowsPerTask,
              Halide::TailStrategy::GuardWithIf)
      .parallel(Halide::Var("row_task"));
}

/// Loop order of an update: the vector axis innermost, then the reduction,
/// then the remaining pure axes (so the accumulator stays in registers).
std::vector<Halide::VarOrRVar> updateOrder(const Loops &loops,
                                           const std::vector<Halide::RDom> &reductions) {
  std::vector<Halide::VarOrRVar> order;
  if (loops.vectorized)
    order.emplace_back(*loops.vectorized);
  for (const Halide::RDom &domain : reductions)
    for (int i = 0; i < domain.dimensions(); ++i)
      order.emplace_back(domain[i]);
  for (auto it = loops.vars.rbegin(); it != loops.vars.rend(); ++it)
    if (!loops.vectorized || it->name() != loops.vectorized->name())
      order.emplace_back(*it);
  return order;
}

/// Whether every call to `producer` in `reader` (all its definitions) reads
/// it at the reader's own coordinates: reader(v...) uses producer(v...).
class PointwiseReads : public Halide::Internal::IRVisitor {
public:
  PointwiseReads(std::string producer, std::vector<std::string> readerVars)
      : producer(std::move(producer)), readerVars(std::move(readerVars)) {}
  bool pointwise = true;

private:
  using IRVisitor::visit;
  void visit(const Halide::Internal::Call *call) override {
    if (call->name == producer) {
      bool same = call->args.size() == readerVars.size();
      for (size_t i = 0; same && i < call->args.size(); ++i) {
        const auto *var = call->args[i].as<Halide::Internal::Variable>();
        same = var && var->name == readerVars[i];
      }
      pointwise = pointwise && same;
    }
    IRVisitor::visit(call);
  }
  std::string producer;
  std::vector<std::string> readerVars;
};

bool readsPointwise(const Halide::Func &reader, const Halide::Func &producer) {
  std::vector<std::string> vars;
  for (const Halide::Var &var : reader.args())
    vars.push_back(var.name());
  PointwiseReads visitor(producer.name(), vars);
  reader.function().accept(&visitor);
  return visitor.pointwise;
}

/// Every Func a layer defines.
std::vector<Halide::Func> funcsOf(const LoweredLayer &layer) {
  std::vector<Halide::Func> funcs{layer.output.func};
  for (const LayerStage &stage : layer.stages)
    funcs.push_back(stage.func);
  for (const TensorFunc &result : layer.moreResults)
    funcs.push_back(result.func);
  if (layer.batchSum) {
    funcs.push_back(layer.batchSum->total);
    if (layer.batchSum->count > 1)
      funcs.push_back(layer.batchSum->partial);
  }
  for (const MatrixProduct &product : layer.products) {
    funcs.push_back(product.product);
    funcs.push_back(product.accumulator);
    funcs.push_back(product.panels);
  }
  for (const RootStage &stage : layer.rootStages)
    funcs.push_back(stage.func);
  for (const Halide::Func &func : layer.inlined)
    funcs.push_back(func);
  for (const Halide::Func &func : layer.externStages)
    funcs.push_back(func);
  return funcs;
}

/// Which Funcs call which, over every Func of a pipeline: those its layers
/// own and those they reach that no layer owns (boundary conditions, inline
/// reductions), which Halide inlines into their callers.
class CallGraph {
public:
  explicit CallGraph(const std::vector<LoweredLayer> &layers) {
    std::vector<Halide::Internal::Function> pending;
    for (const LoweredLayer &layer : layers) {
      outputOwner[layer.output.func.name()] = &layer;
      for (const Halide::Func &func : funcsOf(layer)) {
        owner[func.name()] = &layer;
        pending.push_back(func.function());
      }
    }
    std::set<std::string> visited;
    while (!pending.empty()) {
      Halide::Internal::Function caller = pending.back();
      pending.pop_back();
      if (!visited.insert(caller.name()).second)
        continue;
      for (const auto &[name, callee] : Halide::Internal::find_direct_calls(caller)) {
        if (name != caller.name())
          callers[name].insert(caller.name());
        pending.push_back(callee);
      }
    }
  }

  /// The Funcs that call `func` directly, owned by a layer or not.
  const std::set<std::string> &callersOf(const std::string &func) const {
    static const std::set<std::string> none;
    auto it = callers.find(func);
    return it == callers.end() ? none : it->second;
  }

  /// The layers whose Funcs read `func`, directly or through Funcs that no
  /// layer owns.
  std::set<const LoweredLayer *> readingLayers(const std::string &func) const {
    std::set<const LoweredLayer *> layers;
    std::set<std::string> visited;
    std::vector<std::string> pending(callersOf(func).begin(), callersOf(func).end());
    while (!pending.empty()) {
      std::string caller = pending.back();
      pending.pop_back();
      if (!visited.insert(caller).second)
        continue;
      if (auto it = owner.find(caller); it != owner.end()) {
        layers.insert(it->second);
        continue;
      }
      for (const std::string &next : callersOf(caller))
        pending.push_back(next);
    }
    return layers;
  }

  /// The layer that owns `func` (null for Funcs no layer owns).
  const LoweredLayer *ownerOf(const std::string &func) const {
    auto it = owner.find(func);
    return it == owner.end() ? nullptr : it->second;
  }

  /// The layer whose output Func is `func`, if any.
  const LoweredLayer *layerWithOutput(const std::string &func) const {
    auto it = outputOwner.find(func);
    return it == outputOwner.end() ? nullptr : it->second;
  }

private:
  std::map<std::string, std::set<std::string>> callers;
  std::map<std::string, const LoweredLayer *> outputOwner;
  std::map<std::string, const LoweredLayer *> owner;
};

class Scheduler {
public:
  Scheduler(int vectorWidth, bool fewRows, const std::vector<TensorFunc> &outputs,
            std::vector<ScheduleNote> &notes)
      : vectorWidth(vectorWidth), fewRows(fewRows), notes(notes) {
    for (const TensorFunc &output : outputs)
      outputNames.insert(output.func.name());
  }

  void scheduleLayer(LoweredLayer &layer) {
    checkScheduleClass(layer);
    switch (layer.schedule) {
    case ScheduleClass::Inline:
      if (!outputNames.count(layer.output.func.name())) {
        // Storing an upsampled tensor costs a write and a read of 4x its input.
        note(layer.output.func, "inline: index arithmetic on its input where it is read");
        return;
      }
      scheduleRows(layer);
      return;
    case ScheduleClass::BatchSum:
      scheduleBatchSum(layer, *layer.batchSum);
      return;
    case ScheduleClass::MultiLoop:
      scheduleMultiLoop(layer);
      return;
    case ScheduleClass::Rows:
      scheduleRows(layer);
      return;
    }
  }

  /// Finds the layers that are better computed per row of their only reader
  /// than stored whole: those whose output is read by a single Func, the
  /// reader's output, at the reader's own coordinates (an activation gradient
  /// reading the gradient of its output), so one row of the reader needs
  /// exactly one row of them. Each whole-batch tensor so avoided is a write
  /// and a read of it per step, and its memory.
  ///
  /// "Read" counts every call in the pipeline, including those from Funcs no
  /// layer owns: the boundary conditions Halide inlines into their readers (a
  /// 'same' convolution's zero-padded input). A producer whose only caller is
  /// its reader's output can always be computed inside that reader's row.
  void findRowReaders(const std::vector<LoweredLayer> &layers) {
    calls.emplace(layers);
    for (const LoweredLayer &layer : layers) {
      const Halide::Func &func = layer.output.func;
      if (layer.schedule != ScheduleClass::Rows || outputNames.count(func.name()) ||
          !layer.moreResults.empty() || !hasBatch(layer.output.shape))
        continue;
      const std::set<std::string> &callers = calls->callersOf(func.name());
      if (callers.size() != 1)
        continue;
      const LoweredLayer *reader = calls->layerWithOutput(*callers.begin());
      if (!reader || reader->schedule != ScheduleClass::Rows ||
          reader->output.shape != layer.output.shape ||
          !chooseLoops(reader->output.func, reader->output.shape, vectorWidth).fuseRows ||
          !readsPointwise(reader->output.func, func))
        continue;
      rowReaders[func.name()] = reader->output.func;
    }
  }

  /// A layer's own Func computed whole whose only reader is another Func
  /// computed whole (a batch sum's chunks, a product's own panels) is
  /// computed at that reader's outermost level instead: the same work, once,
  /// before the reader, but not a realization of the pipeline's top level.
  /// Halide's lowering walks that nest of realizations once per level in
  /// places (forking producers took 9 of a residual network's 27 s of
  /// gradient compile with 208 of them). Layers' results stay at the top.
  void nestSingleReaderRoots(const std::vector<LoweredLayer> &layers) {
    std::map<std::string, Halide::Func> byName;
    std::set<std::string> results;
    for (const LoweredLayer &layer : layers) {
      for (const Halide::Func &func : funcsOf(layer))
        byName.emplace(func.name(), func);
      results.insert(layer.output.func.name());
      for (const TensorFunc &result : layer.moreResults)
        results.insert(result.func.name());
    }
    auto isRoot = [](const Halide::Func &func) {
      // Scheduling is done: the levels can be fixed and read.
      Halide::LoopLevel level = func.function().schedule().compute_level();
      return level.lock().is_root();
    };
    for (auto &[name, func] : byName) {
      const std::set<std::string> &callers = calls->callersOf(name);
      if (outputNames.count(name) || results.count(name) || !isRoot(func) ||
          func.function().has_extern_definition() || callers.size() != 1)
        continue;
      auto reader = byName.find(*callers.begin());
      if (reader == byName.end() || !isRoot(reader->second) ||
          reader->second.function().has_extern_definition())
        continue;
      func.compute_at(reader->second, Halide::Var::outermost());
      for (ScheduleNote &note : notes)
        if (note.func == displayName(name))
          note.schedule += "; at the outermost level of its only reader, " +
                           displayName(reader->second.name());
    }
  }

private:
  /// A lowering fills the fields its schedule class reads, and only those.
  static void checkScheduleClass(const LoweredLayer &layer) {
    bool multiLoop = !layer.products.empty() || !layer.rootStages.empty() ||
                     !layer.externStages.empty();
    bool consistent = false;
    switch (layer.schedule) {
    case ScheduleClass::Rows:
    case ScheduleClass::Inline:
      consistent = !layer.batchSum && !multiLoop;
      break;
    case ScheduleClass::BatchSum:
      consistent = layer.batchSum && !multiLoop;
      break;
    case ScheduleClass::MultiLoop:
      consistent = !layer.batchSum && multiLoop;
      break;
    }
    if (!consistent)
      throw std::runtime_error("the lowering of " + layer.name +
                               " does not fill what its schedule class needs");
  }

  /// ScheduleClass::Rows: per row of its only pointwise reader, or whole.
  void scheduleRows(LoweredLayer &layer) {
    if (auto reader = rowReaders.find(layer.output.func.name()); reader != rowReaders.end()) {
      Loops loops = scheduleInRowsOf(layer, reader->second);
      for (LayerStage &stage : layer.stages)
        scheduleStage(stage, layer.output.func, loops);
      return;
    }
    Loops loops = scheduleRoot(layer.output.func, layer.output.shape, layer.reductions);
    for (TensorFunc &result : layer.moreResults)
      scheduleRoot(result.func, result.shape, {});
    for (LayerStage &stage : layer.stages)
      scheduleStage(stage, layer.output.func, loops);
  }

  /// A layer computed per row of its only reader (findRowReaders): the
  /// reader's parallel row loop covers it.
  Loops scheduleInRowsOf(LoweredLayer &layer, Halide::Func &reader) {
    Halide::Func &func = layer.output.func;
    Loops loops = chooseOutputLoops(func, layer.output.shape);
    loops.serialRows = true;
    // Only vectors over channels: vectorizing over x (a partial, guarded
    // vector) inside the reader's row doubled the avgpool2d gradients of
    // test/e2e/grad (cause not yet understood), so such layers stay scalar.
    if (loops.vectorized && loops.vectorized->name() != loops.vars.back().name())
      loops.vectorized.reset();
    func.compute_at(reader, Halide::Var("row"));
    parallelize(func, loops);
    vectorize(func, loops);
    for (int update = 0; update < func.num_update_definitions(); ++update) {
      Halide::Stage stage = func.update(update);
      stage.reorder(updateOrder(loops, layer.reductions));
      parallelize(stage, loops);
      vectorize(stage, loops);
    }
    std::string text = "compute_at " + displayName(reader.name()) +
                       " per row (its only reader, pointwise), " + describeVector(loops);
    if (!layer.reductions.empty())
      text += "; reduction over " + describeReductions(layer.reductions);
    note(func, text);
    return loops;
  }

  void note(const Halide::Func &func, std::string text) {
    notes.push_back({displayName(func.name()), std::move(text)});
  }

  /// Halide 14 emits aligned vector stores into a 1-d output buffer (its
  /// offsets are known multiples of the vector), but callers' buffers are
  /// only float-aligned: such outputs (biases, a few values) stay scalar.
  Loops chooseOutputLoops(const Halide::Func &func, const std::vector<int64_t> &shape) {
    Loops loops = chooseLoops(func, shape, vectorWidth);
    if (shape.size() == 1 && outputNames.count(func.name()))
      loops.vectorized.reset();
    return loops;
  }

  /// A tensor computed once, whole: parallel over rows, vectorized.
  Loops scheduleRoot(Halide::Func &func, const std::vector<int64_t> &shape,
                     const std::vector<Halide::RDom> &reductions) {
    Loops loops = chooseOutputLoops(func, shape);
    func.compute_root();
    parallelize(func, loops);
    vectorize(func, loops);
    for (int update = 0; update < func.num_update_definitions(); ++update) {
      Halide::Stage stage = func.update(update);
      stage.reorder(updateOrder(loops, reductions));
      parallelize(stage, loops);
      vectorize(stage, loops);
    }
    std::string text = "compute_root, " + describeParallel(loops) + ", " +
                       describeVector(loops);
    if (!reductions.empty())
      text += "; reduction over " + describeReductions(reductions) +
              " inside the pure loops, accumulator in registers";
    note(func, text);
    return loops;
  }

  /// An intermediate stage: computed per parallel row of its consumer (or
  /// once, whole, when it reads the whole batch).
  void scheduleStage(LayerStage &stage, Halide::Func &consumer, const Loops &consumerLoops) {
    Loops loops = loopsOf(stage.func, consumerLoops);
    std::string placement;
    if (!calledOnlyWithin(stage.func, consumer)) {
      // Read outside its layer too (a gradient reading a pre-activation):
      // inside one row of the layer it would not exist for the other reader.
      stage.func.compute_root();
      placement = "compute_root (also read outside " + displayName(consumer.name()) + ")";
    } else if (stage.whole || !consumerLoops.parallel) {
      stage.func.compute_root();
      placement = "compute_root";
      if (stage.whole)
        loops.vectorized.reset();
    } else {
      // On the stack: a row's buffer is small, and where its size varies
      // from row to row (the max-pool gradient's windows) the heap cost a
      // malloc and a free per row.
      stage.func.compute_at(consumer, *consumerLoops.parallel)
          .store_in(Halide::MemoryType::Stack);
      placement = "compute_at " + displayName(consumer.name()) + " per " +
                  (consumerLoops.fuseRows ? std::string("row")
                                          : consumerLoops.parallel->name());
    }
    vectorize(stage.func, loops);
    if (int lanes = channelLanes(stage, loops); lanes > 1 && !stage.whole &&
                                                 consumerLoops.parallel) {
      note(stage.func, placement + ", " + describeVector(loops) + "; " +
                           splitOverInputChannels(stage, consumer, consumerLoops, lanes));
      return;
    }
    for (int update = 0; update < stage.func.num_update_definitions(); ++update) {
      Halide::Stage step = stage.func.update(update);
      if (!stage.whole)
        step.reorder(updateOrder(loops, stage.reductions));
      vectorize(step, loops);
    }
    std::string text = placement + ", " + describeVector(loops);
    if (!stage.reductions.empty())
      text += "; reduction over " + describeReductions(stage.reductions);
    note(stage.func, text);
  }

  /// Whether `stage` is read only by Funcs of its own layer, where a per-row
  /// copy of it exists.
  bool calledOnlyWithin(const Halide::Func &stage, const Halide::Func &consumer) const {
    if (!calls)
      return true;
    std::set<const LoweredLayer *> readers = calls->readingLayers(stage.name());
    const LoweredLayer *own = calls->ownerOf(consumer.name());
    return llvm::all_of(readers, [&](const LoweredLayer *layer) { return layer == own; });
  }

  /// Vector lanes over the input channels for a sum whose own channels are
  /// too few to vectorize over (a conv2d to one grey channel); 1 otherwise.
  int channelLanes(const LayerStage &stage, const Loops &loops) const {
    if (!stage.inputChannels || loops.vars.empty())
      return 1;
    if (loops.vectorized && loops.vectorized->name() == loops.vars.back().name())
      return 1; // vectorized over its own channels already
    const int64_t *channels = Halide::Internal::as_const_int(stage.inputChannels->extent());
    if (!channels || *channels < 4)
      return 1;
    return static_cast<int>(
        std::min<uint64_t>(vectorWidth, llvm::bit_floor(static_cast<uint64_t>(*channels))));
  }

  /// rfactor over the input channels: per row of the consumer, one vector of
  /// partial sums per output element (lane = input channel) accumulates all
  /// kernel taps with unit-stride loads, then the lanes are added. Otherwise
  /// vectorizing over x gathers inputs a channel stride apart.
  std::string splitOverInputChannels(LayerStage &stage, Halide::Func &consumer,
                                     const Loops &consumerLoops, int lanes) {
    Halide::Var lane("lane");
    Halide::Func perLane = stage.func.update(0).rfactor(*stage.inputChannels, lane);
    perLane.compute_at(consumer, *consumerLoops.parallel);
    // Lanes innermost in memory too, so that each element's partial sums are
    // one vector (rfactor appends the new variable outermost).
    std::vector<Halide::Var> storage{lane};
    for (const Halide::Var &var : perLane.args())
      if (var.name() != lane.name())
        storage.push_back(var);
    perLane.reorder_storage(storage);
    perLane.vectorize(lane, lanes, Halide::TailStrategy::GuardWithIf);
    std::vector<Halide::VarOrRVar> order{lane};
    for (const Halide::RDom &domain : stage.reductions)
      for (int i = 0; i < domain.dimensions(); ++i)
        if (domain[i].name() != stage.inputChannels->name())
          order.emplace_back(domain[i]);
    for (const Halide::Var &var : perLane.args())
      if (var.name() != lane.name())
        order.emplace_back(var);
    perLane.update().reorder(order).vectorize(lane, lanes,
                                              Halide::TailStrategy::GuardWithIf);
    // Halide names it after the sum, "$n" included: show the sum's display name.
    std::string perLaneName = displayName(stage.func.name()) + "_intm";
    notes.push_back({perLaneName, llvm::formatv("compute_at {0} per row, vectorized over {1} x{2} "
                                "(input channels); kernel taps inside the lanes",
                                displayName(consumer.name()), lane.name(), lanes)
                                  .str()});
    return llvm::formatv("split over {0} (rfactor into {1}), then a serial sum of "
                         "its {2} lanes per element",
                         stage.inputChannels->name(), perLaneName, lanes);
  }

  /// A layer of several loops (LSTM, embedding gradient): its matrix
  /// products, then its Funcs computed whole, in the order built; views of
  /// products stay inline.
  void scheduleMultiLoop(LoweredLayer &layer) {
    std::set<std::string> scheduled;
    for (MatrixProduct &product : layer.products) {
      std::string text = scheduleMatrixProduct(product, vectorWidth, fewRows);
      if (product.ownsPanels && !fewRows)
        note(product.panels, "compute_root, parallel over panels, vectorized over lanes");
      note(product.product, text);
      note(product.accumulator, "compute_at " + displayName(product.product.name()) +
                                    " per register tile");
    }
    for (RootStage &stage : layer.rootStages) {
      bool scalar = stage.func.args().size() == 1 && outputNames.count(stage.func.name());
      note(stage.func, scheduleRootStage(stage, vectorWidth, scalar));
      scheduled.insert(stage.func.name());
    }
    for (const Halide::Func &func : layer.inlined)
      note(func, "inline where it is read");
    for (Halide::Func &func : layer.externStages) {
      func.compute_root();
      note(func, "compute_root, a call of the pipeline " + func.extern_function_name());
      scheduled.insert(func.name());
    }
    std::vector<TensorFunc *> results{&layer.output};
    for (TensorFunc &result : layer.moreResults)
      results.push_back(&result);
    for (TensorFunc *result : results)
      if (!scheduled.count(result->func.name())) {
        Loops loops = scheduleRoot(result->func, result->shape, {});
        if (result == &layer.output)
          for (LayerStage &stage : layer.stages) // softmax statistics
            scheduleStage(stage, layer.output.func, loops);
      }
  }

  void scheduleBatchSum(LoweredLayer &layer, BatchChunks &sum) {
    bool totalIsOutput = sum.total.name() == layer.output.func.name();
    std::vector<int64_t> shape = totalIsOutput ? layer.output.shape
                                               : std::vector<int64_t>{};
    Loops loops = chooseLoops(sum.total, shape, vectorWidth);
    Loops totalLoops = chooseOutputLoops(sum.total, shape);
    std::string reduction = describeReductions({sum.reduction});

    if (sum.count > 1) {
      Halide::Func partial = sum.partial;
      partial.compute_root().parallel(sum.chunk);
      vectorize(partial, loops);
      // Per chunk: the whole partial result (a kernel gradient is a few KiB)
      // stays in cache while every sample of the chunk streams through once.
      std::vector<Halide::VarOrRVar> order;
      if (loops.vectorized)
        order.emplace_back(*loops.vectorized);
      for (auto it = loops.vars.rbegin(); it != loops.vars.rend(); ++it)
        if (!loops.vectorized || it->name() != loops.vectorized->name())
          order.emplace_back(*it);
      for (int i = 0; i < sum.reduction.dimensions(); ++i)
        order.emplace_back(sum.reduction[i]);
      order.emplace_back(sum.chunk);
      Halide::Stage update = partial.update();
      update.reorder(order).parallel(sum.chunk);
      vectorize(update, loops);
      note(partial, llvm::formatv("compute_root, batch split into {0} fixed chunks "
                                  "(rfactor), parallel over chunk, {1}; per chunk the "
                                  "reduction over {2} outside the pure loops",
                                  sum.count, describeVector(loops), reduction));

      sum.total.compute_root();
      vectorize(sum.total, totalLoops);
      Halide::Stage add = sum.total.update();
      add.reorder(updateOrder(totalLoops, {sum.chunkSum}));
      vectorize(add, totalLoops);
      note(sum.total, llvm::formatv("compute_root, serial sum of the {0} chunks in chunk "
                                    "order (deterministic), {1}",
                                    sum.count, describeVector(totalLoops)));
    } else {
      scheduleRoot(sum.total, shape, {sum.reduction});
      notes.back().schedule += "; each element sums the whole batch in order";
    }

    for (LayerStage &stage : layer.stages) {
      if (sum.count > 1 && !stage.whole) {
        stage.func.compute_at(sum.partial, sum.chunk);
        note(stage.func, "compute_at " + displayName(sum.partial.name()) + " per chunk, scalar");
      } else {
        stage.func.compute_root();
        note(stage.func, "compute_root, scalar");
      }
    }
    if (!totalIsOutput)
      scheduleRoot(layer.output.func, layer.output.shape, {});
  }

  int vectorWidth;
  /// One-token steps: matrix products of a single row.
  bool fewRows;
  std::vector<ScheduleNote> &notes;
  std::set<std::string> outputNames;
  /// Layer output name -> the reader it is computed in, per row.
  std::map<std::string, Halide::Func> rowReaders;
  std::optional<CallGraph> calls;
};

} // namespace

std::string codegen::displayName(llvm::StringRef funcName) {
  // Halide makes Func names unique across pipelines by appending "$<n>".
  auto [base, suffix] = funcName.rsplit('$');
  if (!suffix.empty() && llvm::all_of(suffix, [](char c) { return c >= '0' && c <= '9'; }))
    return base.str();
  return funcName.str();
}

ScheduleParameters codegen::chooseScheduleParameters(const Halide::Target &target) {
  ScheduleParameters parameters;
  // Register tiles as MatrixTile explains: 8 x 32 where vectors hold 16 floats
  // (AVX-512), 6 x 16 for 8 (AVX2: 8 x 32 there spilled its accumulators,
  // 54 -> 127 GFLOP/s on the classifier's dense product once it did not).
  if (target.natural_vector_size<float>() < 16)
    parameters.matrixTile = MatrixTile{/*panelWidth=*/16, /*panelsPerBlock=*/8,
                                       /*tileRows=*/6};
  parameters.batchChunks = kBatchChunks;
  parameters.parallelOutputElements = kParallelOutputElements;
  return parameters;
}

void codegen::schedulePipeline(ModelPipeline &pipeline, const Halide::Target &target) {
  Scheduler scheduler(target.natural_vector_size<float>(),
                      pipeline.kind == PipelineKind::Step, pipeline.outputs,
                      pipeline.schedule);
  scheduler.findRowReaders(pipeline.layers);
  for (LoweredLayer &layer : pipeline.layers)
    scheduler.scheduleLayer(layer);
  scheduler.nestSingleReaderRoots(pipeline.layers);
  for (const std::shared_ptr<ModelPipeline> &called : pipeline.calledPipelines)
    schedulePipeline(*called, target);
}
