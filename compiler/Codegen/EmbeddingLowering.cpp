//===- EmbeddingLowering.cpp - Table lookups and their gradient -----------===//
//
// nn.embedding gathers table rows by token index; token indices are f32 (as
// into a Keras Embedding, which casts them) and are clamped into the table so
// a stray value cannot read outside it. nn.embedding_grad adds each position's
// gradient row into the row of its token: a scatter-add that walks the
// positions serially (repeated tokens accumulate in a fixed order, so the
// result does not depend on the thread count), vectorized over the embedding
// dimension.
//
//===----------------------------------------------------------------------===//

#include "Codegen/HalideLowering.h"

using namespace nnc;
using namespace nnc::codegen;
using Halide::Expr;
using Halide::Func;

/// The table row of a token value: cast to int as Keras does, then clamped.
static Expr tableRow(Expr token, int64_t vocab) {
  return Halide::clamp(Halide::cast<int>(token), 0, static_cast<int>(vocab) - 1);
}

static LoweredLayer lowerLookup(nn::EmbeddingOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  const TensorFunc &tokens = scope.lookup(op.getTokens());
  const TensorFunc &table = scope.lookup(op.getTable());
  int64_t vocab = table.shape[0];
  layer.output = defineElementwise(
      layer.name, getStaticShape(op.getResult()), [&](const auto &vars) {
        std::vector<Expr> position(vars.begin(), vars.end() - 1);
        return table({tableRow(tokens(position), vocab), vars.back()});
      });
  return layer;
}

static LoweredLayer lowerScatter(nn::EmbeddingGradOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::MultiLoop);
  const TensorFunc &tokens = scope.lookup(op.getTokens());
  const TensorFunc &dy = scope.lookup(op.getDy());
  std::vector<int64_t> shape = getStaticShape(op.getResult());
  int64_t vocab = shape[0];

  // Every position: the axes between the batch and the embedding dimension
  // (innermost first), then the batch.
  Halide::Region positions;
  for (int axis = dy.rank() - 2; axis >= 1; --axis)
    positions.emplace_back(0, static_cast<int>(dy.shape[axis]));
  positions.emplace_back(0, scope.getBatchSize());
  Halide::RDom r(positions, layer.name + "_r");
  std::vector<Expr> position;
  for (int i = r.dimensions() - 1; i >= 0; --i)
    position.push_back(r[i]);

  Halide::Var d("d"), v("v");
  Func dtable(layer.name);
  dtable(d, v) = 0.0f;
  std::vector<Expr> dyAt = position;
  dyAt.push_back(d);
  dtable(d, tableRow(tokens(position), vocab)) += dy(dyAt);
  layer.output = TensorFunc{dtable, shape};
  std::vector<Halide::RVar> serial;
  for (int i = 0; i < r.dimensions(); ++i)
    serial.push_back(r[i]);
  layer.rootStages.push_back({dtable, {std::nullopt, std::nullopt}, true, serial});
  return layer;
}

void codegen::registerEmbeddingLowerings(mlir::MLIRContext *context) {
  attachLowering<nn::EmbeddingOp, lowerLookup>(context);
  attachLowering<nn::EmbeddingGradOp, lowerScatter>(context);
}
