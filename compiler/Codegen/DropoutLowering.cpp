//===- DropoutLowering.cpp - Keras's Dropout: a mask drawn by hashing -----===//
//
// A counter-based generator: the draw of an element is a hash of (seed, step,
// layer, element), so a mask costs no memory, any thread computes any part
// of it, a resumed run draws what the uninterrupted one would, and the
// gradient redraws the forward pass's mask. scripts/gen_grad_reference.py
// (dropout_mask) implements the same hash in NumPy for the reference values.
//
//===----------------------------------------------------------------------===//

#include "Codegen/HalideLowering.h"

using namespace nnc;
using namespace nnc::codegen;
using Halide::Expr;

/// murmur3's 32-bit finalizer: a bijection whose every output bit depends on
/// every input bit.
static Expr mix(Expr h) {
  h = h ^ (h >> 16);
  h = h * Expr(uint32_t(0x85ebca6b));
  h = h ^ (h >> 13);
  h = h * Expr(uint32_t(0xc2b2ae35));
  return h ^ (h >> 16);
}

/// FNV-1a of the layer's name: the layer's stream of draws.
static uint32_t streamOf(llvm::StringRef layer) {
  uint32_t hash = 2166136261u;
  for (unsigned char c : layer)
    hash = (hash ^ c) * 16777619u;
  return hash;
}

static Expr asCounter(const TensorFunc &scalar) {
  return Halide::cast(Halide::UInt(32), scalar.func());
}

/// A draw uniform in [0, 1) for each `element` (< 2^32 per layer and step):
/// the element's place in a Weyl sequence (distinct for distinct elements),
/// mixed with the key of (seed, step, layer); 24 bits, exact in f32.
static Expr uniformDraw(Expr seed, Expr step, uint32_t stream, Expr element) {
  Expr key = mix(mix(mix(seed) ^ step) ^ Expr(stream));
  Expr bits = mix(key + element * Expr(uint32_t(0x9e3779b9)));
  return Halide::cast<float>(bits >> 8) * (1.0f / 16777216.0f);
}

static LoweredLayer lowerDropout(nn::DropoutOp op, const LoweringScope &scope) {
  const TensorFunc &x = scope.lookup(op.getX());
  std::vector<int64_t> shape = getStaticShape(op.getResult());
  if (!op.getTraining()) { // inference: the identity, read in place
    LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Inline);
    layer.output = defineElementwise(layer.name, shape, [&](const auto &vars) {
      return x(std::vector<Expr>(vars.begin(), vars.end()));
    });
    return layer;
  }

  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  Expr seed = asCounter(scope.lookup(op.getRandom()[0]));
  Expr step = asCounter(scope.lookup(op.getRandom()[1]));
  uint32_t stream = streamOf(op.getName());
  float rate = op.getRate().convertToFloat();
  float scale = 1.0f / (1.0f - rate);
  llvm::ArrayRef<int64_t> shared = op.getSharedAxes();
  layer.output = defineElementwise(layer.name, shape, [&](const auto &vars) {
    // The element's row-major index in the mask, whose shared axes have
    // extent 1; the batch is its outermost axis.
    Expr element = Halide::cast(Halide::UInt(32), vars[0]);
    for (size_t axis = 1; axis < shape.size(); ++axis) {
      if (llvm::is_contained(shared, int64_t(axis)))
        continue;
      element = element * Expr(uint32_t(shape[axis])) + Halide::cast(Halide::UInt(32), vars[axis]);
    }
    Expr keep = uniformDraw(seed, step, stream, element) >= rate;
    return Halide::select(keep, x(std::vector<Expr>(vars.begin(), vars.end())) * scale, 0.0f);
  });
  return layer;
}

void codegen::registerDropoutLowerings(mlir::MLIRContext *context) {
  attachLowering<nn::DropoutOp, lowerDropout>(context);
}
