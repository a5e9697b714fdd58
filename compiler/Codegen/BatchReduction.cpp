//===- BatchReduction.cpp - Sums over the batch, in fixed chunks ----------===//
//
// Kernel and bias gradients and losses sum over every sample of the batch.
// Splitting the batch into a fixed number of chunks (not one per thread)
// gives parallel partial sums whose order of addition, and so whose rounding,
// does not depend on how many threads run them: the same inputs give the same
// bits with 1 thread or 16.
//
//===----------------------------------------------------------------------===//

#include "Codegen/Pipeline.h"

using namespace nnc;
using namespace nnc::codegen;
using Halide::Expr;
using Halide::Func;

void codegen::defineChannelSum(LoweredLayer &layer, const TensorFunc &x,
                               const std::function<Expr(const std::vector<Expr> &)> &body,
                               const LoweringScope &scope) {
  Halide::Var c("c");
  std::vector<std::pair<Expr, Expr>> inner;
  for (int axis = x.rank() - 2; axis >= 1; --axis)
    inner.push_back({0, static_cast<int>(x.shape[axis])});
  int middle = x.rank() - 2;
  int64_t channels = x.shape.back();
  layer.output = TensorFunc{Func(layer.name), {channels}};
  defineBatchSum(
      layer, layer.output.func, {c}, inner,
      [&](Expr n, const Halide::RDom &r) {
        std::vector<Expr> at{n};
        for (int axis = 1; axis <= middle; ++axis)
          at.push_back(r[middle - axis]);
        at.push_back(c);
        return body(at);
      },
      scope, channels);
}

void codegen::defineBatchSum(
    LoweredLayer &layer, Func output, const std::vector<Halide::Var> &outVars,
    const std::vector<std::pair<Expr, Expr>> &inner,
    const std::function<Expr(Expr, const Halide::RDom &)> &body,
    const LoweringScope &scope, int64_t outputElements) {
  BatchChunks chunks;
  chunks.count = scope.getScheduleParameters().chunksFor(outputElements);
  Expr batch = scope.getBatchSize();
  std::vector<Expr> outArgs = toHalideOrder(outVars);
  std::string name = displayName(output.name());
  int batchDim = static_cast<int>(inner.size());

  Halide::Region box;
  for (const auto &[min, extent] : inner)
    box.emplace_back(min, extent);

  if (chunks.count == 1) {
    box.emplace_back(0, batch);
    Halide::RDom r(box, name + "_r");
    output(outArgs) = 0.0f;
    output(outArgs) += body(r[batchDim], r);
    chunks.reduction = r;
    chunks.total = output;
    layer.batchSum = chunks;
    return;
  }

  Expr chunkSize = (batch + chunks.count - 1) / chunks.count;
  box.emplace_back(0, chunkSize);
  Halide::RDom r(box, name + "_r");
  Expr sample = chunks.chunk * chunkSize + r[batchDim];
  r.where(sample < batch);
  // The predicate skips samples past the batch; the clamp tells bounds
  // inference that no chunk ever reads past it either.
  Expr n = Halide::min(sample, batch - 1);

  Func partial(name + "_partial");
  std::vector<Expr> partialArgs = outArgs;
  partialArgs.push_back(chunks.chunk);
  partial(partialArgs) = 0.0f;
  partial(partialArgs) += body(n, r);

  Halide::RDom chunkSum(0, chunks.count, name + "_chunks");
  std::vector<Expr> fromChunk = outArgs;
  fromChunk.push_back(chunkSum);
  output(outArgs) = 0.0f;
  output(outArgs) += partial(fromChunk);

  chunks.partial = partial;
  chunks.reduction = r;
  chunks.total = output;
  chunks.chunkSum = chunkSum;
  layer.batchSum = chunks;
}
