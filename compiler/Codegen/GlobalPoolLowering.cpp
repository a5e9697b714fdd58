//===- GlobalPoolLowering.cpp - Global average and max pooling ------------===//

#include "Codegen/HalideLowering.h"

#include <limits>

using namespace nnc;
using namespace nnc::codegen;
using Halide::Expr;
using Halide::Func;

namespace {
/// The spatial axes of an input [N, spatial..., C]: a reduction domain over
/// them (the last spatial axis innermost: it is the nearer in memory) and
/// the input read at (n, domain, c).
struct SpatialDomain {
  Halide::RDom domain;
  int64_t count = 1;

  SpatialDomain(const std::vector<int64_t> &shape, const std::string &name) {
    std::vector<Halide::Range> ranges;
    for (size_t axis = shape.size() - 2; axis >= 1; --axis) {
      ranges.emplace_back(0, static_cast<int>(shape[axis]));
      count *= shape[axis];
    }
    domain = Halide::RDom(ranges, name);
  }

  /// Model-order position (n, spatial..., c) for a point of the domain.
  std::vector<Expr> at(Expr n, Expr c) const {
    std::vector<Expr> position = {n};
    for (int i = domain.dimensions() - 1; i >= 0; --i)
      position.push_back(domain[i]);
    position.push_back(c);
    return position;
  }
};
} // namespace

static LoweredLayer lowerGlobalPool(nn::GlobalPoolOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  const TensorFunc &x = scope.lookup(op.getX());
  SpatialDomain spatial(x.shape, layer.name + "_r");
  std::vector<Halide::Var> vars = makeModelVars(2);
  Halide::Var n = vars[0], c = vars[1];
  bool average = op.getKind() == nn::GlobalPool::average;

  Func reduced(layer.name + (average ? "_sum" : "_max"));
  const float infinity = std::numeric_limits<float>::infinity();
  defineAt(reduced, vars) = average ? Expr(0.0f) : Expr(-infinity);
  Expr value = x(spatial.at(n, c));
  defineAt(reduced, vars) =
      average ? reduced(c, n) + value : Halide::max(reduced(c, n), value);
  layer.stages.push_back({reduced, {spatial.domain}});

  layer.output = defineElementwise(layer.name, getStaticShape(op.getResult()),
                                   [&](const std::vector<Halide::Var> &at) {
                                     Expr r = reduced(at[1], at[0]);
                                     return average ? r / static_cast<float>(spatial.count)
                                                    : r;
                                   });
  return layer;
}

static LoweredLayer lowerGlobalPoolGrad(nn::GlobalPoolGradOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  const TensorFunc &x = scope.lookup(op.getX());
  const TensorFunc &y = scope.lookup(op.getY());
  const TensorFunc &dy = scope.lookup(op.getDy());
  SpatialDomain spatial(x.shape, layer.name + "_r");

  if (op.getKind() == nn::GlobalPool::average) {
    layer.output = defineElementwise(layer.name, x.shape, [&](const auto &at) {
      return dy({at.front(), at.back()}) / static_cast<float>(spatial.count);
    });
    return layer;
  }
  // Ties share the gradient evenly; the count reads a whole sample, so it is
  // computed once, not per row of the gradient.
  std::vector<Halide::Var> statVars = makeModelVars(2);
  Halide::Var n = statVars[0], c = statVars[1];
  Func ties(layer.name + "_ties");
  defineAt(ties, statVars) = 0.0f;
  defineAt(ties, statVars) =
      ties(c, n) + Halide::select(x(spatial.at(n, c)) == y({n, c}), 1.0f, 0.0f);
  layer.stages.push_back({ties, {spatial.domain}, /*whole=*/true});
  layer.output = defineElementwise(layer.name, x.shape, [&](const auto &at) {
    std::vector<Expr> position(at.begin(), at.end());
    Expr pooled = y({at.front(), at.back()});
    return Halide::select(x(position) == pooled,
                          dy({at.front(), at.back()}) / ties(at.back(), at.front()), 0.0f);
  });
  return layer;
}

void codegen::registerGlobalPoolLowerings(mlir::MLIRContext *context) {
  attachLowering<nn::GlobalPoolOp, lowerGlobalPool>(context);
  attachLowering<nn::GlobalPoolGradOp, lowerGlobalPoolGrad>(context);
}
