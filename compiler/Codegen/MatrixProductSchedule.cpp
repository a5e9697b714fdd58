//===- MatrixProductSchedule.cpp - Register-tiled matrix products ---------===//
//
// The schedule of MatrixProduct (the Halide apps/linear_algebra pattern):
// the product is computed in blocks of rows x panels, the blocks being the
// parallel loop. Inside a block, each register tile of tileRows rows x one
// panel (two vectors wide; MatrixTile fits both to the target) keeps its
// accumulator in registers for the whole sum over k: per k, one load of the
// panel's vectors and one broadcast per row feed tileRows x 2 fused
// multiply-adds. Row tiles walk inside panel tiles, so a panel (k x its
// width floats) is reused from L2 by every row tile of the block, and a block's
// rows by each of its panels. Every element sums k in order: the result does
// not depend on the thread count.
//
// A product of one row (the one-token step) is a matrix-vector product,
// bound by reading the matrix: its panels are not packed, they are read in
// place.
//
// Extra rows and columns of the last block are computed (RoundUp) on clamped
// reads and never read: products are internal Funcs, not pipeline outputs.
//
// Also the Funcs computed whole of multi-loop layers (RootStage).
//
//===----------------------------------------------------------------------===//

#include "Codegen/Pipeline.h"

#include "llvm/Support/FormatVariadic.h"

#include <numeric>

using namespace nnc;
using namespace nnc::codegen;

namespace {
/// Register tiles of rows per block: wide products, narrow ones.
constexpr int kWideBlockTiles = 32;
constexpr int kNarrowBlockTiles = 8;
constexpr int64_t kWideColumns = 2048;
/// Blocks a product of static rows should have at least, for the threads.
constexpr int64_t kMinParallelBlocks = 6;
} // namespace

/// The per-block copy of a left-hand side (LhsReading::PackRowsInBlock):
/// computed where the block (of k, when blocked) starts, stored along its
/// runs and written a run at a time, vectorized inside each run.
static void scheduleLhsBlock(MatrixProduct &product, Halide::Func &out,
                             const Halide::Var &block, int lanes) {
  using Halide::TailStrategy;
  Halide::Func &copy = product.lhsBlock;
  Halide::Var k = copy.args()[0], row = copy.args()[1];
  if (product.depthBlocks)
    copy.compute_at(out, product.depthBlocks->x);
  else
    copy.compute_at(out, block);
  const LhsRuns &runs = product.lhsRuns;
  Halide::Var along = runs.alongRows ? row : k, across = runs.alongRows ? k : row;
  copy.reorder_storage(along, across);
  if (runs.length >= lanes && runs.length % lanes == 0) {
    Halide::Var run("run"), inRun("in_run");
    copy.split(along, run, inRun, runs.length, TailStrategy::RoundUp)
        .reorder(inRun, run, across)
        .vectorize(inRun, lanes);
  } else {
    copy.reorder(along, across).vectorize(along, lanes, TailStrategy::RoundUp);
  }
}

std::string codegen::scheduleMatrixProduct(MatrixProduct &product, int vectorWidth,
                                           bool fewRows) {
  using Halide::TailStrategy;
  const MatrixTile &shape = product.tile;
  int tileRows = fewRows ? 1 : shape.tileRows;
  int blockColumns = static_cast<int>(shape.blockColumns(product.columns));
  // Wide products have column blocks enough to share out: rows in large
  // blocks (fewer passes over the panels). Narrow ones keep more row blocks
  // for the threads.
  int blockRows = fewRows ? 1
                : tileRows * (product.columns >= kWideColumns ? kWideBlockTiles
                                                              : kNarrowBlockTiles);
  // A left-hand side contiguous along the rows is copied a run at a time
  // from each block's first row: blocks of whole runs, unless that would
  // make them much larger.
  if (product.lhsRuns.alongRows && product.lhsRuns.length > 0 && !fewRows) {
    int aligned = std::lcm(blockRows, product.lhsRuns.length);
    if (aligned <= 4 * blockRows)
      blockRows = aligned;
  }
  // Few rows (a kernel gradient's patch): column blocks of half the panels,
  // until the threads have blocks enough to share. (Half blocks still divide
  // the columns where whole ones did: packPanels clamps no column there.)
  if (product.staticRows && !fewRows) {
    auto ceilDiv = [](int64_t a, int64_t b) { return (a + b - 1) / b; };
    int64_t rowBlocks = ceilDiv(*product.staticRows, blockRows);
    while (blockColumns % (2 * shape.panelWidth) == 0 &&
           rowBlocks * ceilDiv(product.columns, blockColumns) < kMinParallelBlocks)
      blockColumns /= 2;
  }
  int lanes = std::min(vectorWidth, shape.panelWidth);
  Halide::Func &out = product.product;
  Halide::Var c = out.args()[0], r = out.args()[1];
  Halide::Var cBlock("c_block"), cRest("c_rest"), cTile("c_tile"), cIn("c_in"),
      cVector("c_vector"), rBlock("r_block"), rRest("r_rest"), rTile("r_tile"),
      rIn("r_in"), block("block");
  // Blocks of the result, parallel; inside, tiles of one panel x tileRows
  // rows; `depthBlock` (blocked products) walks k's blocks around the tiles.
  // (Halide refuses RoundUp for the inner splits of an update; they divide
  // exactly, so GuardWithIf costs nothing there.)
  auto tile = [&](auto &&stage, std::optional<Halide::RVar> depthBlock) {
    TailStrategy inner = depthBlock ? TailStrategy::GuardWithIf : TailStrategy::RoundUp;
    stage.split(c, cBlock, cRest, blockColumns, TailStrategy::RoundUp)
        .split(cRest, cTile, cIn, shape.panelWidth, inner)
        .split(r, rBlock, rRest, blockRows, TailStrategy::RoundUp)
        .split(rRest, rTile, rIn, tileRows, inner)
        .split(cIn, cIn, cVector, lanes, inner);
    if (depthBlock)
      stage.reorder(cVector, cIn, rIn, rTile, cTile, *depthBlock, cBlock, rBlock);
    else
      stage.reorder(cVector, cIn, rIn, rTile, cTile, cBlock, rBlock);
    stage.fuse(cBlock, rBlock, block).parallel(block).vectorize(cVector).unroll(cIn);
    if (tileRows > 1)
      stage.unroll(rIn);
  };
  // Whole panels from an aligned column: then a register tile's accumulator
  // is one panel wide, a constant size on the stack, even where the region
  // read is known only when the pipeline runs (a step pipeline's, one an
  // extern stage reads); unaligned, it could straddle two panels and went to
  // the heap, a malloc per tile.
  out.compute_root().align_bounds(c, shape.panelWidth);
  tile(out, std::nullopt);
  if (product.depthBlocks)
    tile(out.update(), product.depthBlocks->x);

  // The register tile: one panel x tileRows rows (x one block of k).
  Halide::Func &acc = product.accumulator;
  std::vector<Halide::Var> accArgs = acc.args();
  Halide::Var lane = accArgs[0], accRow = accArgs[2];
  Halide::Var laneOuter("lane_outer"), laneVector("lane_vector");
  acc.compute_at(out, rTile)
      .split(lane, laneOuter, laneVector, lanes)
      .vectorize(laneVector)
      .unroll(laneOuter)
      .unroll(accRow);
  std::vector<Halide::VarOrRVar> accOrder{laneVector, laneOuter, accRow, accArgs[1]};
  if (product.depthBlocks)
    accOrder.emplace_back(accArgs[3]);
  accOrder.emplace_back(product.depth.x);
  acc.update()
      .split(lane, laneOuter, laneVector, lanes)
      .reorder(accOrder)
      .vectorize(laneVector)
      .unroll(laneOuter)
      .unroll(accRow);

  if (product.rowPanels.defined()) {
    Halide::Func &rowPanels = product.rowPanels;
    std::vector<Halide::Var> rowArgs = rowPanels.args();
    rowPanels.compute_root().parallel(rowArgs[2]).vectorize(rowArgs[0]);
  }
  if (product.lhsBlock.defined())
    scheduleLhsBlock(product, out, block, lanes);

  std::string text = llvm::formatv(
      "compute_root, blocks of {0} rows x {1} columns parallel; register tiles of {2} "
      "rows x {3} columns ({4} accumulator vectors x{5}) held in registers over {6} in "
      "order",
      blockRows, blockColumns, tileRows, shape.panelWidth,
      shape.panelWidth / lanes * tileRows, lanes,
      llvm::StringRef(product.depth.x.name()).split('$').first);
  if (product.depthBlocks)
    text += llvm::formatv(" within blocks of {0}, the blocks added in order around the "
                          "tiles (a panel's block stays in L1)",
                          kDepthBlock);
  if (product.lhsBlock.defined()) {
    const LhsRuns &runs = product.lhsRuns;
    text += llvm::formatv("; left-hand side copied per block{0} ({1})",
                          product.depthBlocks ? " of rows and k" : "",
                          displayName(product.lhsBlock.name()));
    if (runs.length > 0)
      text += llvm::formatv(", along {0} in runs of {1}", runs.alongRows ? "its rows" : "k",
                            runs.length);
  }
  if (product.rowPanels.defined())
    text += llvm::formatv("; left-hand side packed once into {0}-row panels ({1}), "
                          "parallel over panels",
                          shape.tileRows, displayName(product.rowPanels.name()));
  if (fewRows) {
    text += "; right-hand side read in place (for one row, packing would cost a "
            "copy of it per call)";
  } else if (product.ownsPanels) {
    Halide::Func &panels = product.panels;
    Halide::Var panelLane = panels.args()[0], panel = panels.args()[2];
    panels.compute_root().parallel(panel).vectorize(panelLane, lanes);
    text += llvm::formatv("; right-hand side packed once into {0}-column panels ({1}), "
                          "parallel over panels",
                          shape.panelWidth, displayName(panels.name()));
  } else {
    text += "; shares the panels " + displayName(product.panels.name());
  }
  return text;
}

/// Whether update `stage` of `func` writes at its pure variable `var`.
static bool isPureIn(const Halide::Func &func, int stage, const Halide::Var &var) {
  std::vector<Halide::Expr> args = func.update_args(stage);
  for (size_t i = 0; i < args.size(); ++i) {
    const auto *variable = args[i].as<Halide::Internal::Variable>();
    if (variable && variable->name == var.name() && func.args()[i].name() == var.name())
      return true;
  }
  return false;
}

std::string codegen::scheduleRootStage(RootStage &stage, int vectorWidth, bool scalar) {
  using Halide::TailStrategy;
  Halide::Func &func = stage.func;
  std::vector<Halide::Var> args = func.args();
  Halide::Var first = args.front(), last = args.back();
  bool batchLoop = args.size() > 1 && !stage.parallelOverFirst;
  func.compute_root();
  Halide::Var outer("block"), inner("in_block");
  // One vector per block: splitting a guarded block again for the vector
  // repeated the sums of the embedding and bias gradients.
  int blockWidth = vectorWidth;

  if (stage.parallelOverFirst) {
    func.split(first, outer, inner, blockWidth, TailStrategy::GuardWithIf)
        .parallel(outer);
    if (!scalar)
      func.vectorize(inner);
  } else {
    if (batchLoop)
      func.parallel(last);
    if (!scalar)
      func.vectorize(first, vectorWidth, TailStrategy::GuardWithIf);
  }
  if (stage.unrollSecond)
    func.unroll(args[1]);
  for (int update = 0; update < func.num_update_definitions(); ++update) {
    Halide::Stage step = func.update(update);
    std::optional<Halide::RVar> vectorRVar;
    if (update + 1 < static_cast<int>(stage.vectorRVars.size()))
      vectorRVar = stage.vectorRVars[update + 1];
    if (stage.parallelOverFirst && isPureIn(func, update, first)) {
      step.split(first, outer, inner, blockWidth, TailStrategy::GuardWithIf);
      std::vector<Halide::VarOrRVar> order{inner};
      for (const Halide::RVar &rvar : stage.serialRVars)
        order.emplace_back(rvar);
      order.emplace_back(outer);
      step.reorder(order).parallel(outer);
      if (!scalar)
        step.vectorize(inner);
      continue;
    }
    if (batchLoop && isPureIn(func, update, last))
      step.parallel(last);
    else if (stage.parallelRVar) {
      // The RVar outermost, around the pure arguments the update writes.
      std::vector<Halide::VarOrRVar> order;
      for (const Halide::Var &arg : args)
        if (isPureIn(func, update, arg))
          order.emplace_back(arg);
      order.emplace_back(*stage.parallelRVar);
      step.reorder(order).parallel(*stage.parallelRVar);
    }
    if (scalar)
      continue;
    if (vectorRVar)
      step.vectorize(*vectorRVar, vectorWidth, TailStrategy::GuardWithIf);
    else if (isPureIn(func, update, first))
      step.vectorize(first, vectorWidth, TailStrategy::GuardWithIf);
  }

  std::string text = "compute_root, ";
  if (stage.parallelOverFirst)
    text += llvm::formatv("parallel over blocks of {0} {1}, the positions serial inside "
                          "(in order)",
                          blockWidth, first.name());
  else
    text += batchLoop ? "parallel over " + last.name() : std::string("serial");
  text += scalar ? ", scalar" : llvm::formatv(", vectorized over {0} x{1}", first.name(), vectorWidth).str();
  if (stage.unrollSecond)
    text += "; " + args[1].name() + " unrolled";
  if (func.num_update_definitions() > 0)
    text += llvm::formatv("; {0} updates", func.num_update_definitions());
  if (stage.parallelRVar)
    text += " parallel over " +
            llvm::StringRef(stage.parallelRVar->name()).split('$').first.str();
  return text;
}
