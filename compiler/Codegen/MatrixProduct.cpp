//===- MatrixProduct.cpp - Large matrix products as Halide algorithms -----===//
//
// Recurrent layers, dense layers and convolutions with enough channels spend
// their time in a few large products (all time steps' input projection, each
// step's recurrence, the weight gradients over batch x time, a convolution
// over its patches). They share one algorithm: the right-hand side packed
// into panels of a tile's width (MatrixTile), so that the values one register
// tile reads along k are contiguous, and an accumulator holding a block of
// the result. The left-hand side is read in place; or, when it is a
// transposed operand (the weight gradients' x^T), packed once into panels of
// a tile's rows; or, when it exists only as index arithmetic (a
// convolution's patches), copied per block just before the block reads it.
// How blocks, tiles and k are walked is the schedule's business
// (MatrixProductSchedule.cpp).
//
//===----------------------------------------------------------------------===//

#include "Codegen/Lowering.h"

using namespace nnc;
using namespace nnc::codegen;
using Halide::Expr;
using Halide::Func;

Panels codegen::packPanels(const std::string &name, const MatrixTile &tile, int64_t columns,
                           const std::function<Expr(Expr, Expr)> &rhs, Expr depth) {
  Halide::Var lane("lane"), k("k"), panel("panel");
  Func panels(name);
  Expr column = panel * tile.panelWidth + lane;
  // The schedule computes whole blocks of panels: columns that fill them
  // need no clamp (and a one-row product reading the panels in place then
  // loads whole vectors, not gathers).
  if (columns % tile.blockColumns(columns) != 0)
    column = Halide::min(column, static_cast<int>(columns) - 1);
  if (depth.defined()) // the last block's padding adds nothing
    panels(lane, k, panel) =
        Halide::select(k < depth, rhs(column, Halide::min(k, depth - 1)), 0.0f);
  else
    panels(lane, k, panel) = rhs(column, k);
  return {panels, columns, tile};
}

MatrixProduct codegen::defineMatrixProduct(const std::string &name,
                                           const Panels &packed,
                                           bool ownsPanels, Expr depth, Expr rows,
                                           const std::function<Expr(Expr, Expr)> &lhs,
                                           bool blocked, LhsReading reading) {
  MatrixProduct result;
  Func panels = packed.func;
  result.columns = packed.columns;
  result.tile = packed.tile;
  if (const int64_t *count = Halide::Internal::as_const_int(rows))
    result.staticRows = *count;
  const int tileRows = packed.tile.tileRows, panelWidth = packed.tile.panelWidth;
  result.panels = panels;
  result.ownsPanels = ownsPanels;
  Halide::Var lane("lane"), panel("panel"), r("r"), c("c");

  // lhs at (k, r) as the inner loop reads it. Whole blocks of rows are
  // computed, and blocked products walk k up to whole blocks (the panels are
  // zero there).
  std::function<Expr(Expr, Expr)> lhsAt;
  switch (reading) {
  case LhsReading::ClampRows:
    lhsAt = [&](Expr k, Expr row) {
      return lhs(blocked ? Halide::min(k, depth - 1) : k, Halide::min(row, rows - 1));
    };
    break;
  case LhsReading::CoversRows:
    lhsAt = [&](Expr k, Expr row) { return lhs(blocked ? Halide::min(k, depth - 1) : k, row); };
    break;
  case LhsReading::PackRows: {
    Halide::Var row("row"), k("k"), rowTile("row_tile");
    result.rowPanels = Func(name + "_lhs_panels");
    result.rowPanels(row, k, rowTile) = Halide::select(
        k < depth,
        lhs(Halide::min(k, depth - 1), Halide::min(rowTile * tileRows + row, rows - 1)),
        0.0f);
    lhsAt = [&](Expr k, Expr row) {
      return result.rowPanels(row % tileRows, k, row / tileRows);
    };
    break;
  }
  case LhsReading::PackRowsInBlock: {
    Halide::Var k("k"), row("row");
    result.lhsBlock = Func(name + "_lhs_block");
    result.lhsBlock(k, row) = Halide::select(
        k < depth, lhs(Halide::min(k, depth - 1), Halide::min(row, rows - 1)), 0.0f);
    lhsAt = [&](Expr k, Expr row) { return result.lhsBlock(k, row); };
    break;
  }
  }

  if (blocked) {
    Halide::Var block("k_block");
    result.depth = Halide::RDom(0, kDepthBlock, name + "_k");
    result.depthBlocks =
        Halide::RDom(0, (depth + kDepthBlock - 1) / kDepthBlock, name + "_k_blocks");
    Expr k = block * kDepthBlock + result.depth.x;
    result.accumulator = Func(name + "_acc");
    result.accumulator(lane, panel, r, block) = 0.0f;
    result.accumulator(lane, panel, r, block) += lhsAt(k, r) * panels(lane, k, panel);
    result.product = Func(name);
    result.product(c, r) = 0.0f;
    result.product(c, r) += result.accumulator(c % panelWidth, c / panelWidth, r,
                                               result.depthBlocks->x);
    return result;
  }
  result.depth = Halide::RDom(0, depth, name + "_k");
  Expr k = result.depth.x;
  result.accumulator = Func(name + "_acc");
  result.accumulator(lane, panel, r) = 0.0f;
  result.accumulator(lane, panel, r) += lhsAt(k, r) * panels(lane, k, panel);
  result.product = Func(name);
  result.product(c, r) = result.accumulator(c % panelWidth, c / panelWidth, r);
  return result;
}
