//===- PoolLowering.cpp - max, min and average pooling, 1-D and 2-D ------===//
//
// Padded cells never win a max or min, and an average divides by the number
// of real cells under the window (Keras/TF behaviour for padding='same').
//
//===----------------------------------------------------------------------===//

#include "Codegen/HalideLowering.h"
#include "nn/IR/ShapeArithmetic.h"

#include "llvm/ADT/TypeSwitch.h"

#include <limits>

using namespace nnc;
using namespace nnc::codegen;
using Halide::Expr;
using Halide::Func;

namespace {
enum class PoolKind { Max, Min, Average };

struct PoolWindow {
  PoolKind kind;
  llvm::ArrayRef<int64_t> pool, strides;
  nn::Padding padding;
};

template <typename PoolOp>
PoolWindow readWindow(PoolKind kind, PoolOp op) {
  return {kind, op.getPool(), op.getStrides(), op.getPadding()};
}
} // namespace

/// Each window of the spatial axes (height and width, or a sequence's steps)
/// reduced to one value per channel.
static LoweredLayer lowerPool(mlir::Operation *op, const LoweringScope &scope) {
  PoolWindow attrs =
      llvm::TypeSwitch<mlir::Operation *, PoolWindow>(op)
          .Case([](nn::MaxPool2DOp max) { return readWindow(PoolKind::Max, max); })
          .Case([](nn::MinPool2DOp min) { return readWindow(PoolKind::Min, min); })
          .Case([](nn::AvgPool2DOp avg) { return readWindow(PoolKind::Average, avg); })
          .Case([](nn::MaxPool1DOp max) { return readWindow(PoolKind::Max, max); })
          .Case([](nn::AvgPool1DOp avg) { return readWindow(PoolKind::Average, avg); });
  PoolKind kind = attrs.kind;

  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  const TensorFunc &input = scope.lookup(op->getOperand(0));
  std::vector<int64_t> shape = getStaticShape(op->getResult(0));
  int spatial = input.rank() - 2;

  // The window's offsets, innermost axis first (as Halide orders).
  Halide::Region offsets;
  for (int axis = spatial - 1; axis >= 0; --axis)
    offsets.emplace_back(0, static_cast<int>(attrs.pool[axis]));
  Halide::RDom r(offsets, layer.name + "_r");

  std::vector<Halide::Var> vars = makeModelVars(input.rank());
  std::vector<Expr> clampedAt = {vars[0]};
  Expr inside, cells; // over the axes so far
  auto both = [](Expr sofar, Expr next) { return sofar.defined() ? sofar && next : next; };
  auto times = [](Expr sofar, Expr next) { return sofar.defined() ? sofar * next : next; };
  for (int axis = 0; axis < spatial; ++axis) {
    int length = static_cast<int>(input.shape[axis + 1]);
    int pool = static_cast<int>(attrs.pool[axis]);
    Expr start = vars[axis + 1] * static_cast<int>(attrs.strides[axis]) -
                 static_cast<int>(nn::getWindowPaddingBefore(length, pool,
                                                             attrs.strides[axis], 1,
                                                             attrs.padding));
    Expr at = start + r[spatial - 1 - axis];
    inside = both(inside, at >= 0 && at < length);
    clampedAt.push_back(Halide::clamp(at, 0, length - 1));
    // The real cells under the window along this axis.
    cells = times(cells, Halide::min(start + pool, length) - Halide::max(start, 0));
  }
  clampedAt.push_back(vars.back());
  // Clamped reads keep every access in bounds; `inside` discards padded ones.
  Expr value = input(clampedAt);

  TensorFunc output{Func(layer.name), shape};
  const float infinity = std::numeric_limits<float>::infinity();
  switch (kind) {
  case PoolKind::Max:
    defineAt(output.func, vars) = -infinity;
    defineAt(output.func, vars) = Halide::max(output.func(toHalideOrder(vars)),
                                              Halide::select(inside, value, -infinity));
    break;
  case PoolKind::Min:
    defineAt(output.func, vars) = infinity;
    defineAt(output.func, vars) = Halide::min(output.func(toHalideOrder(vars)),
                                              Halide::select(inside, value, infinity));
    break;
  case PoolKind::Average: {
    Func total(layer.name + "_sum");
    defineAt(total, vars) = 0.0f;
    defineAt(total, vars) += Halide::select(inside, value, 0.0f);
    layer.stages.push_back({total, {r}});
    defineAt(output.func, vars) = total(toHalideOrder(vars)) / Halide::cast<float>(cells);
    layer.output = output;
    return layer;
  }
  }
  layer.reductions.push_back(r);
  layer.output = output;
  return layer;
}

void codegen::registerPoolLowerings(mlir::MLIRContext *context) {
  attachLowerings<lowerPool, nn::MaxPool2DOp, nn::MinPool2DOp, nn::AvgPool2DOp,
                  nn::MaxPool1DOp, nn::AvgPool1DOp>(context);
}
