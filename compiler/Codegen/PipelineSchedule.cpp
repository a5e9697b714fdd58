//===- ForwardSchedule.cpp - The explicit CPU schedule of a forward pass --===//
//
// Channels are the innermost axis (NHWC), so vectorizing over them gives
// unit-stride loads of kernels and activations; when a layer has fewer channels
// than a vector, the width axis is vectorized instead. Rows of all images in
// the batch form the parallel loop, which gives the two cores (or more) enough
// independent work even for a small batch.
//
//===----------------------------------------------------------------------===//

#include "Codegen/ForwardPipeline.h"

#include "llvm/ADT/STLExtras.h"

using namespace nnc;
using namespace nnc::codegen;

namespace {

/// The loop structure chosen for one layer's output.
struct LayerLoops {
  std::vector<Halide::Var> vars; // model order
  std::optional<Halide::Var> vectorized;
  Halide::Var parallel{"row"};
  bool fuseRows = false;
  int vectorWidth = 1;
};

LayerLoops chooseLoops(const TensorFunc &output, int vectorWidth) {
  LayerLoops loops;
  loops.vars = makeModelVars(output.rank());
  loops.vectorWidth = vectorWidth;
  int rank = output.rank();
  if (output.shape[rank - 1] >= vectorWidth)
    loops.vectorized = loops.vars[rank - 1];
  else if (rank >= 3 && output.shape[rank - 2] >= vectorWidth)
    loops.vectorized = loops.vars[rank - 2];
  loops.fuseRows = rank >= 3;
  if (!loops.fuseRows)
    loops.parallel = loops.vars[0];
  return loops;
}

bool hasVar(const Halide::Func &func, const Halide::Var &var) {
  return llvm::any_of(func.args(),
                      [&](const Halide::Var &arg) { return arg.name() == var.name(); });
}

/// The loops of an intermediate stage: those of its layer, less the axes it
/// lacks (softmax statistics have no position along the softmax axis).
LayerLoops loopsOf(const Halide::Func &func, const LayerLoops &layer) {
  LayerLoops loops = layer;
  llvm::erase_if(loops.vars, [&](const Halide::Var &var) { return !hasVar(func, var); });
  if (loops.vectorized && !hasVar(func, *loops.vectorized))
    loops.vectorized.reset();
  return loops;
}

/// Vectorizes `stage` (a pure or update definition) over the chosen axis.
template <typename Stage>
void vectorize(Stage &&stage, const LayerLoops &loops) {
  if (loops.vectorized)
    stage.vectorize(*loops.vectorized, loops.vectorWidth,
                    Halide::TailStrategy::GuardWithIf);
}

/// Loop order of an update: the vector axis innermost, then the reduction,
/// then the remaining pure axes (so the accumulator stays in registers).
std::vector<Halide::VarOrRVar> updateOrder(const LayerLoops &loops,
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

template <typename Stage>
void parallelizeRows(Stage &&stage, const LayerLoops &loops) {
  if (loops.fuseRows)
    stage.fuse(loops.vars[1], loops.vars[0], loops.parallel);
  stage.parallel(loops.parallel);
}

void scheduleLayer(LoweredLayer &layer, int vectorWidth) {
  Halide::Func &output = layer.output.func;
  LayerLoops loops = chooseLoops(layer.output, vectorWidth);

  output.compute_root();
  parallelizeRows(output, loops);
  vectorize(output, loops);
  for (int update = 0; update < output.num_update_definitions(); ++update) {
    Halide::Stage stage = output.update(update);
    stage.reorder(updateOrder(loops, layer.reductions));
    parallelizeRows(stage, loops);
    vectorize(stage, loops);
  }

  for (LayerStage &stage : layer.stages) {
    LayerLoops stageLoops = loopsOf(stage.func, loops);
    stage.func.compute_at(output, loops.parallel);
    vectorize(stage.func, stageLoops);
    for (int update = 0; update < stage.func.num_update_definitions(); ++update) {
      Halide::Stage step = stage.func.update(update);
      step.reorder(updateOrder(stageLoops, stage.reductions));
      vectorize(step, stageLoops);
    }
  }
}

} // namespace

void codegen::scheduleForwardPipeline(ForwardPipeline &pipeline,
                                      const Halide::Target &target) {
  int vectorWidth = target.natural_vector_size<float>();
  for (LoweredLayer &layer : pipeline.layers)
    scheduleLayer(layer, vectorWidth);
}
