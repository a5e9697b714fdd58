//===- MarginLowering.cpp - ZeroPadding2D and Cropping2D ------------------===//

#include "Codegen/HalideLowering.h"

using namespace nnc;
using namespace nnc::codegen;
using Halide::Expr;

/// Zeros around the input; reads clamped into it, so every access is in bounds.
static LoweredLayer lowerZeroPadding2D(nn::ZeroPadding2DOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  const TensorFunc &x = scope.lookup(op.getX());
  llvm::ArrayRef<int64_t> margins = op.getMargins();
  int height = static_cast<int>(x.shape[1]), width = static_cast<int>(x.shape[2]);
  layer.output = defineElementwise(
      layer.name, getStaticShape(op.getResult()), [&](const std::vector<Halide::Var> &at) {
        Expr y = at[1] - static_cast<int>(margins[0]), col = at[2] - static_cast<int>(margins[2]);
        Expr inside = y >= 0 && y < height && col >= 0 && col < width;
        Expr value = x({at[0], Halide::clamp(y, 0, height - 1),
                        Halide::clamp(col, 0, width - 1), at[3]});
        return Halide::select(inside, value, 0.0f);
      });
  return layer;
}

/// A view of the input shifted by the top and left margins: index arithmetic,
/// computed where it is read.
static LoweredLayer lowerCropping2D(nn::Cropping2DOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Inline);
  const TensorFunc &x = scope.lookup(op.getX());
  llvm::ArrayRef<int64_t> margins = op.getMargins();
  layer.output = defineElementwise(
      layer.name, getStaticShape(op.getResult()), [&](const std::vector<Halide::Var> &at) {
        return x({at[0], at[1] + static_cast<int>(margins[0]),
                  at[2] + static_cast<int>(margins[2]), at[3]});
      });
  return layer;
}

void codegen::registerMarginLowerings(mlir::MLIRContext *context) {
  attachLowering<nn::ZeroPadding2DOp, lowerZeroPadding2D>(context);
  attachLowering<nn::Cropping2DOp, lowerCropping2D>(context);
}
