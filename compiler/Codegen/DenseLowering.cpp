//===- DenseLowering.cpp - nn.dense as a Halide reduction -----------------===//
//
// Keras Dense acts on the last axis of any rank:
//   y[..., u] = act(bias[u] + sum_k x[..., k] * kernel[k, u])
//
//===----------------------------------------------------------------------===//

#include "Codegen/Lowering.h"

using namespace nnc;
using namespace nnc::codegen;
using Halide::Expr;
using Halide::Func;

LoweredLayer codegen::lowerDense(nn::DenseOp op, const LoweringScope &scope) {
  LoweredLayer layer;
  layer.name = scope.uniqueName(op);
  const TensorFunc &input = scope.lookup(op.getX());
  const TensorFunc &kernel = scope.lookup(op.getKernel());
  std::vector<int64_t> shape = getStaticShape(op.getResult());
  int rank = static_cast<int>(shape.size());

  std::vector<Halide::Var> vars = makeModelVars(rank);
  Halide::Var unit = vars.back();
  Halide::RDom k(0, static_cast<int>(input.shape.back()), layer.name + "_k");
  std::vector<Expr> inputAt(vars.begin(), vars.end());
  inputAt.back() = k;

  Func sum(layer.name + "_sum");
  Expr init = op.getBias() ? scope.lookup(op.getBias())({unit}) : Expr(0.0f);
  defineAt(sum, vars) = init;
  defineAt(sum, vars) += input(inputAt) * kernel({k, unit});
  layer.stages.push_back({sum, {k}});

  layer.output = applyActivation(op.getActivation(), TensorFunc{sum, shape},
                                 layer.name, scope, layer);
  return layer;
}
