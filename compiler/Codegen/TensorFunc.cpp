//===- TensorFunc.cpp -----------------------------------------------------===//

#include "Codegen/TensorFunc.h"

using namespace nnc::codegen;

std::vector<Halide::Var> nnc::codegen::makeModelVars(int rank) {
  // Innermost names first; the batch is always `n`.
  static const char *const inner[] = {"c", "x", "y", "z", "w"};
  std::vector<Halide::Var> vars;
  if (rank == 0)
    return vars; // a scalar (losses, hyperparameters)
  vars.emplace_back("n");
  for (int axis = 1; axis < rank; ++axis) {
    int fromInnermost = rank - 1 - axis;
    vars.emplace_back(fromInnermost < 5 ? std::string(inner[fromInnermost])
                                        : "d" + std::to_string(axis));
  }
  return vars;
}

std::vector<Halide::Expr>
nnc::codegen::toHalideOrder(const std::vector<Halide::Var> &vars) {
  return std::vector<Halide::Expr>(vars.rbegin(), vars.rend());
}

Halide::FuncRef nnc::codegen::defineAt(Halide::Func &func,
                                       const std::vector<Halide::Var> &vars) {
  return func(toHalideOrder(vars));
}
