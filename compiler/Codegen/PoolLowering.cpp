//===- PoolLowering.cpp - max, min and average pooling --------------------===//
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

static LoweredLayer lowerPool2D(mlir::Operation *op, const LoweringScope &scope) {
  PoolWindow attrs =
      llvm::TypeSwitch<mlir::Operation *, PoolWindow>(op)
          .Case([](nn::MaxPool2DOp max) { return readWindow(PoolKind::Max, max); })
          .Case([](nn::MinPool2DOp min) { return readWindow(PoolKind::Min, min); })
          .Case([](nn::AvgPool2DOp avg) {
            return readWindow(PoolKind::Average, avg);
          });
  PoolKind kind = attrs.kind;

  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  const TensorFunc &input = scope.lookup(op->getOperand(0));
  std::vector<int64_t> shape = getStaticShape(op->getResult(0));
  int64_t inH = input.shape[1], inW = input.shape[2];
  int64_t padTop =
      nn::getWindowPaddingBefore(inH, attrs.pool[0], attrs.strides[0], 1, attrs.padding);
  int64_t padLeft =
      nn::getWindowPaddingBefore(inW, attrs.pool[1], attrs.strides[1], 1, attrs.padding);

  std::vector<Halide::Var> vars = makeModelVars(4);
  Halide::Var n = vars[0], y = vars[1], x = vars[2], c = vars[3];
  Halide::RDom r(0, static_cast<int>(attrs.pool[1]), 0,
                 static_cast<int>(attrs.pool[0]), layer.name + "_r");
  Expr top = y * static_cast<int>(attrs.strides[0]) - static_cast<int>(padTop);
  Expr left = x * static_cast<int>(attrs.strides[1]) - static_cast<int>(padLeft);
  Expr inY = top + r.y, inX = left + r.x;
  Expr inside = inY >= 0 && inY < static_cast<int>(inH) && inX >= 0 &&
                inX < static_cast<int>(inW);
  // Clamped reads keep every access in bounds; `inside` discards padded ones.
  Expr value = input({n, Halide::clamp(inY, 0, static_cast<int>(inH) - 1),
                      Halide::clamp(inX, 0, static_cast<int>(inW) - 1), c});

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
    Expr rows = Halide::min(top + static_cast<int>(attrs.pool[0]), static_cast<int>(inH)) -
                Halide::max(top, 0);
    Expr cols = Halide::min(left + static_cast<int>(attrs.pool[1]), static_cast<int>(inW)) -
                Halide::max(left, 0);
    Func total(layer.name + "_sum");
    defineAt(total, vars) = 0.0f;
    defineAt(total, vars) += Halide::select(inside, value, 0.0f);
    layer.stages.push_back({total, {r}});
    defineAt(output.func, vars) =
        total(toHalideOrder(vars)) / Halide::cast<float>(rows * cols);
    layer.output = output;
    return layer;
  }
  }
  layer.reductions.push_back(r);
  layer.output = output;
  return layer;
}

void codegen::registerPoolLowerings(mlir::MLIRContext *context) {
  attachLowerings<lowerPool2D, nn::MaxPool2DOp, nn::MinPool2DOp, nn::AvgPool2DOp>(context);
}
