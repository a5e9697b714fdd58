//===- PoolGradLowering.cpp - Adjoints of pooling and upsampling ----------===//
//
// Max unpooling routes values exactly as max pooling's gradient routes dy, so
// it and its own gradient (a gather at the winners) are lowered here too.
//
// Gathers over the windows that cover each input cell. Max (min) pooling
// sends a window's gradient to its first maximum (minimum) in row-major window
// order, as PyTorch and TF do: the winner's position in the window is a stage
// computed per window, so ties are settled once and the same way everywhere.
//
//===----------------------------------------------------------------------===//

#include "Codegen/HalideLowering.h"
#include "nn/IR/ShapeArithmetic.h"


#include <limits>

using namespace nnc;
using namespace nnc::codegen;
using Halide::Expr;
using Halide::Func;

namespace {

int asInt(int64_t value) { return static_cast<int>(value); }

/// Where the windows of a 2-D pooling lie on its input.
struct Windows {
  int poolH, poolW, strideY, strideX;
  int inH, inW, outH, outW;
  int padTop, padLeft;

  Windows(llvm::ArrayRef<int64_t> pool, llvm::ArrayRef<int64_t> strides,
          nn::Padding padding, int64_t inH, int64_t inW, int64_t outH, int64_t outW)
      : poolH(asInt(pool[0])), poolW(asInt(pool[1])), strideY(asInt(strides[0])),
        strideX(asInt(strides[1])), inH(asInt(inH)), inW(asInt(inW)),
        outH(asInt(outH)), outW(asInt(outW)),
        padTop(asInt(nn::getWindowPaddingBefore(inH, pool[0], strides[0], 1, padding))),
        padLeft(asInt(nn::getWindowPaddingBefore(inW, pool[1], strides[1], 1, padding))) {}
  Expr top(Expr oy) const { return oy * strideY - padTop; }
  Expr left(Expr ox) const { return ox * strideX - padLeft; }
};

/// Sums, over the taps (ty, tx) of a window, the contribution of the window
/// that holds input cell (iy, ix) at that tap, if there is such a window:
/// `contribution(oy, ox, tapIndex)` with oy, ox clamped into range.
Expr sumOverCoveringWindows(const Windows &w, Expr iy, Expr ix, const Halide::RDom &tap,
                            const std::function<Expr(Expr, Expr, Expr)> &contribution) {
  Expr fromY = iy + w.padTop - tap.y, fromX = ix + w.padLeft - tap.x;
  Expr oy = fromY / w.strideY, ox = fromX / w.strideX;
  Expr covered = fromY % w.strideY == 0 && fromX % w.strideX == 0 && oy >= 0 &&
                 oy < w.outH && ox >= 0 && ox < w.outW;
  Expr clampedY = Halide::clamp(oy, 0, w.outH - 1);
  Expr clampedX = Halide::clamp(ox, 0, w.outW - 1);
  return Halide::select(covered,
                        contribution(clampedY, clampedX, tap.y * w.poolW + tap.x), 0.0f);
}

/// The first cell (ty * poolW + tx) of each window of `input` that holds the
/// window's extremum (as the forward pooling computed it); `vars` are the
/// window coordinates (n, oy, ox, c). Adds its stages to `layer`.
Func buildWinner(const Windows &w, const TensorFunc &input, bool isMax,
                 const std::vector<Halide::Var> &vars, LoweredLayer &layer) {
  Halide::Var n = vars[0], y = vars[1], x = vars[2], c = vars[3];
  Halide::RDom cell(0, w.poolW, 0, w.poolH, layer.name + "_w");
  Expr inY = w.top(y) + cell.y, inX = w.left(x) + cell.x;
  Expr inside = inY >= 0 && inY < w.inH && inX >= 0 && inX < w.inW;
  Expr value = input({n, Halide::clamp(inY, 0, w.inH - 1),
                      Halide::clamp(inX, 0, w.inW - 1), c});

  // The window's extremum ...
  const float infinity = std::numeric_limits<float>::infinity();
  Func extremum(layer.name + "_extremum");
  defineAt(extremum, vars) = isMax ? -infinity : infinity;
  Expr current = extremum(toHalideOrder(vars));
  defineAt(extremum, vars) =
      isMax ? Halide::max(current, Halide::select(inside, value, -infinity))
            : Halide::min(current, Halide::select(inside, value, infinity));
  // ... and the first cell of the window that holds it.
  Func winner(layer.name + "_winner");
  defineAt(winner, vars) = w.poolH * w.poolW;
  defineAt(winner, vars) = Halide::select(
      inside && value == extremum(toHalideOrder(vars)),
      Halide::min(winner(toHalideOrder(vars)), cell.y * w.poolW + cell.x),
      winner(toHalideOrder(vars)));
  layer.stages.push_back({extremum, {cell}});
  layer.stages.push_back({winner, {cell}});
  return winner;
}

/// Sends each window's `routed` value [N, OH, OW, C] to the window's winner
/// in `x` [N, H, W, C], summing where windows overlap: the gradient of max
/// (min) pooling, and max unpooling itself.
LoweredLayer lowerRouteToWinners(mlir::Operation *op, mlir::Value x, mlir::Value routed,
                                 llvm::ArrayRef<int64_t> pool,
                                 llvm::ArrayRef<int64_t> strides, nn::Padding padding,
                                 bool isMax, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  const TensorFunc &input = scope.lookup(x);
  const TensorFunc &dy = scope.lookup(routed);
  Windows w(pool, strides, padding, input.shape[1], input.shape[2], dy.shape[1],
            dy.shape[2]);

  std::vector<Halide::Var> vars = makeModelVars(4);
  Halide::Var n = vars[0], y = vars[1], x0 = vars[2], c = vars[3];
  Func winner = buildWinner(w, input, isMax, vars, layer);

  layer.output = TensorFunc{Func(layer.name), input.shape};
  if (w.poolH == w.strideY && w.poolW == w.strideX) {
    // Windows that tile the input: each cell lies in at most one window, at
    // a known tap, so no loop over the taps.
    Expr fromY = y + w.padTop, fromX = x0 + w.padLeft;
    Expr oy = fromY / w.strideY, ox = fromX / w.strideX;
    Expr tapIndex = (fromY % w.strideY) * w.poolW + fromX % w.strideX;
    Expr clampedY = Halide::min(oy, w.outH - 1), clampedX = Halide::min(ox, w.outW - 1);
    defineAt(layer.output.func, vars) = Halide::select(
        oy < w.outH && ox < w.outW && winner(c, clampedX, clampedY, n) == tapIndex,
        dy({n, clampedY, clampedX, c}), 0.0f);
    return layer;
  }
  Halide::RDom tap(0, w.poolW, 0, w.poolH, layer.name + "_tap");
  defineAt(layer.output.func, vars) = 0.0f;
  defineAt(layer.output.func, vars) +=
      sumOverCoveringWindows(w, y, x0, tap, [&](Expr oy, Expr ox, Expr tapIndex) {
        return Halide::select(winner(c, ox, oy, n) == tapIndex, dy({n, oy, ox, c}), 0.0f);
      });
  layer.reductions.push_back(tap);
  return layer;
}

/// dvalue[n, oy, ox, c] = dy at the winner of window (oy, ox) of the pool input.
LoweredLayer lowerMaxUnpoolGrad(nn::MaxUnpool2DGradOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  const TensorFunc &input = scope.lookup(op.getPoolInput());
  const TensorFunc &dy = scope.lookup(op.getDy());
  std::vector<int64_t> shape = getStaticShape(op.getResult());
  Windows w(op.getPool(), op.getStrides(), op.getPadding(), input.shape[1],
            input.shape[2], shape[1], shape[2]);

  std::vector<Halide::Var> vars = makeModelVars(4);
  Halide::Var n = vars[0], y = vars[1], x = vars[2], c = vars[3];
  Func winner = buildWinner(w, input, /*isMax=*/true, vars, layer);
  Expr cell = winner(toHalideOrder(vars));
  // Every window covers a real cell, so the winner is one; clamping only
  // tells Halide the bounds.
  Expr inY = Halide::clamp(w.top(y) + cell / w.poolW, 0, w.inH - 1);
  Expr inX = Halide::clamp(w.left(x) + cell % w.poolW, 0, w.inW - 1);
  layer.output = TensorFunc{Func(layer.name), shape};
  defineAt(layer.output.func, vars) = dy({n, inY, inX, c});
  return layer;
}

LoweredLayer lowerAvgGrad(nn::AvgPool2DGradOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  const TensorFunc &dy = scope.lookup(op.getDy());
  std::vector<int64_t> shape = getStaticShape(op.getResult());
  Windows w(op.getPool(), op.getStrides(), op.getPadding(), shape[1], shape[2],
            dy.shape[1], dy.shape[2]);

  std::vector<Halide::Var> vars = makeModelVars(4);
  Halide::Var n = vars[0], y = vars[1], x = vars[2], c = vars[3];
  Halide::RDom tap(0, w.poolW, 0, w.poolH, layer.name + "_tap");
  layer.output = TensorFunc{Func(layer.name), shape};
  defineAt(layer.output.func, vars) = 0.0f;
  defineAt(layer.output.func, vars) +=
      sumOverCoveringWindows(w, y, x, tap, [&](Expr oy, Expr ox, Expr) {
        // The forward divided by the number of real cells under the window.
        Expr rows = Halide::min(w.top(oy) + w.poolH, w.inH) - Halide::max(w.top(oy), 0);
        Expr cols = Halide::min(w.left(ox) + w.poolW, w.inW) - Halide::max(w.left(ox), 0);
        return dy({n, oy, ox, c}) / Halide::cast<float>(rows * cols);
      });
  layer.reductions.push_back(tap);
  return layer;
}

/// dx[n, y, x, c] = sum of dy over the size block that (y, x) was copied to.
LoweredLayer lowerUpsampleGrad(nn::Upsample2DGradOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  const TensorFunc &dy = scope.lookup(op.getDy());
  std::vector<int64_t> shape = getStaticShape(op.getResult());
  llvm::ArrayRef<int64_t> size = op.getSize();
  std::vector<Halide::Var> vars = makeModelVars(4);
  Halide::Var n = vars[0], y = vars[1], x = vars[2], c = vars[3];
  Halide::RDom block(0, asInt(size[1]), 0, asInt(size[0]), layer.name + "_r");
  layer.output = TensorFunc{Func(layer.name), shape};
  defineAt(layer.output.func, vars) = 0.0f;
  defineAt(layer.output.func, vars) +=
      dy({n, y * asInt(size[0]) + block.y, x * asInt(size[1]) + block.x, c});
  layer.reductions.push_back(block);
  return layer;
}

LoweredLayer lowerMaxPoolGrad(nn::MaxPool2DGradOp grad, const LoweringScope &scope) {
  return lowerRouteToWinners(grad, grad.getX(), grad.getDy(), grad.getPool(),
                             grad.getStrides(), grad.getPadding(), true, scope);
}

LoweredLayer lowerMinPoolGrad(nn::MinPool2DGradOp grad, const LoweringScope &scope) {
  return lowerRouteToWinners(grad, grad.getX(), grad.getDy(), grad.getPool(),
                             grad.getStrides(), grad.getPadding(), false, scope);
}

/// Max-unpooling routes its value to the pool's winners, as the max-pool
/// gradient routes dy.
LoweredLayer lowerMaxUnpool(nn::MaxUnpool2DOp unpool, const LoweringScope &scope) {
  return lowerRouteToWinners(unpool, unpool.getPoolInput(), unpool.getValue(),
                             unpool.getPool(), unpool.getStrides(), unpool.getPadding(),
                             true, scope);
}

} // namespace

void codegen::registerPoolGradLowerings(mlir::MLIRContext *context) {
  attachLowering<nn::MaxPool2DGradOp, lowerMaxPoolGrad>(context);
  attachLowering<nn::MinPool2DGradOp, lowerMinPoolGrad>(context);
  attachLowering<nn::MaxUnpool2DOp, lowerMaxUnpool>(context);
  attachLowering<nn::MaxUnpool2DGradOp, lowerMaxUnpoolGrad>(context);
  attachLowering<nn::AvgPool2DGradOp, lowerAvgGrad>(context);
  attachLowering<nn::Upsample2DGradOp, lowerUpsampleGrad>(context);
}
