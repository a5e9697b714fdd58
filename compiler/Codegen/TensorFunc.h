//===- TensorFunc.h - A tensor of the model as a Halide Func ----*- C++ -*-===//
//
// Halide lists dimensions innermost first, the model lists them batch first
// (NHWC). A TensorFunc keeps the model's shape and offers calls in the model's
// order, so that each lowering reads like the Keras formula it implements.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_CODEGEN_TENSORFUNC_H
#define NNC_CODEGEN_TENSORFUNC_H

#include "Halide.h"

#include <cstdint>
#include <string>
#include <vector>

namespace nnc::codegen {

struct TensorFunc {
  Halide::Func func;
  /// Model order; shape[0] is the batch, which is only known at run time.
  std::vector<int64_t> shape;

  int rank() const { return static_cast<int>(shape.size()); }
  /// Calls the Func with indices given in model order (batch first).
  Halide::Expr operator()(std::vector<Halide::Expr> modelOrder) const {
    std::reverse(modelOrder.begin(), modelOrder.end());
    return func(modelOrder);
  }
};

/// Pure variables in model order, named after what they index: `n` for the
/// batch, then `y`, `x` (images) and `c` for the innermost axis.
std::vector<Halide::Var> makeModelVars(int rank);

/// Halide-order argument list from model-order variables.
std::vector<Halide::Expr> toHalideOrder(const std::vector<Halide::Var> &vars);

/// Defines `func(vars)` from model-order variables.
Halide::FuncRef defineAt(Halide::Func &func, const std::vector<Halide::Var> &vars);

} // namespace nnc::codegen

#endif // NNC_CODEGEN_TENSORFUNC_H
