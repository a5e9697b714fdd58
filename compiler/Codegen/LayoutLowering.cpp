//===- LayoutLowering.cpp - Ops that move elements without arithmetic -----===//
//
// flatten, reshape, squeeze, reverse, concat and upsample2d (either mode, and
// the bed-of-nails gradient) are index arithmetic on the producer; they cost
// nothing until the schedule decides to store them.
//
//===----------------------------------------------------------------------===//

#include "Codegen/HalideLowering.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace nnc;
using namespace nnc::codegen;
using Halide::Expr;
using Halide::Func;

/// The axes of `shape` other than those of size 1 (and the leading one).
static std::vector<int64_t> dropUnitAxes(const std::vector<int64_t> &shape,
                                         std::vector<size_t> *kept = nullptr) {
  std::vector<int64_t> sizes;
  for (size_t axis = 1; axis < shape.size(); ++axis)
    if (shape[axis] != 1) {
      sizes.push_back(shape[axis]);
      if (kept)
        kept->push_back(axis);
    }
  return sizes;
}

/// Row-major reinterpretation of the non-batch axes (Keras Reshape/Flatten).
static Expr reshapeFrom(const TensorFunc &input, const std::vector<int64_t> &shape,
                        const std::vector<Halide::Var> &vars) {
  // Only axes of size 1 added or removed (a sequence seen as an image one
  // pixel wide): each axis maps to one axis, with no division in the index.
  std::vector<size_t> keptIn, keptOut;
  if (dropUnitAxes(input.shape, &keptIn) == dropUnitAxes(shape, &keptOut)) {
    std::vector<Expr> source(input.shape.size(), Expr(0));
    source[0] = vars[0];
    for (auto [from, to] : llvm::zip_equal(keptIn, keptOut))
      source[from] = vars[to];
    return input(source);
  }
  Expr flat = 0;
  for (size_t axis = 1; axis < shape.size(); ++axis)
    flat = flat * static_cast<int>(shape[axis]) + vars[axis];
  std::vector<Expr> source(input.shape.size());
  source[0] = vars[0];
  for (size_t axis = input.shape.size() - 1; axis >= 1; --axis) {
    int extent = static_cast<int>(input.shape[axis]);
    source[axis] = flat % extent;
    flat = flat / extent;
  }
  return input(source);
}

static LoweredLayer lowerLayoutOp(mlir::Operation *op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  std::vector<int64_t> shape = getStaticShape(op->getResult(0));
  std::vector<Halide::Var> vars = makeModelVars(static_cast<int>(shape.size()));
  std::vector<Expr> out(vars.begin(), vars.end());
  const TensorFunc &input = scope.lookup(op->getOperand(0));

  Expr value =
      llvm::TypeSwitch<mlir::Operation *, Expr>(op)
          .Case<nn::FlattenOp, nn::ReshapeOp>(
              [&](mlir::Operation *) { return reshapeFrom(input, shape, vars); })
          .Case([&](nn::SqueezeOp squeeze) {
            int axis = static_cast<int>(squeeze.getNormalizedAxis());
            std::vector<Expr> source = out;
            source.insert(source.begin() + axis, Expr(0));
            return input(source);
          })
          .Case([&](nn::ReverseOp reverse) {
            int axis = static_cast<int>(reverse.getNormalizedAxis());
            std::vector<Expr> source = out;
            source[axis] = static_cast<int>(shape[axis]) - 1 - out[axis];
            return input(source);
          })
          .Case([&](nn::Upsample2DOp upsample) {
            llvm::ArrayRef<int64_t> size = upsample.getSize();
            return input({vars[0], vars[1] / static_cast<int>(size[0]),
                          vars[2] / static_cast<int>(size[1]), vars[3]});
          })
          .Case([&](nn::BedOfNailsUpsample2DOp upsample) {
            int sizeY = static_cast<int>(upsample.getSize()[0]);
            int sizeX = static_cast<int>(upsample.getSize()[1]);
            return Halide::select(vars[1] % sizeY == 0 && vars[2] % sizeX == 0,
                                  input({vars[0], vars[1] / sizeY, vars[2] / sizeX, vars[3]}),
                                  0.0f);
          })
          .Case([&](nn::BedOfNailsUpsample2DGradOp grad) {
            int sizeY = static_cast<int>(grad.getSize()[0]);
            int sizeX = static_cast<int>(grad.getSize()[1]);
            return input({vars[0], vars[1] * sizeY, vars[2] * sizeX, vars[3]});
          })
          .Case([&](nn::ConcatOp concat) {
            int axis = static_cast<int>(concat.getNormalizedAxis());
            // select() over the pieces; clamping keeps every read of a piece
            // inside that piece, whichever branch is taken.
            Expr result;
            int64_t end = shape[axis];
            for (mlir::Value piece : llvm::reverse(concat.getInputs())) {
              const TensorFunc &tensor = scope.lookup(piece);
              int64_t begin = end - tensor.shape[axis];
              std::vector<Expr> source = out;
              source[axis] = Halide::clamp(out[axis] - static_cast<int>(begin), 0,
                                           static_cast<int>(tensor.shape[axis]) - 1);
              result = result.defined()
                           ? Halide::select(out[axis] < static_cast<int>(end),
                                            tensor(source), result)
                           : tensor(source);
              end = begin;
            }
            return result;
          });

  layer.output = TensorFunc{Func(layer.name), shape};
  defineAt(layer.output.func, vars) = value;
  // Upsampling reads one input element per output element at a cheap index;
  // reshapes and concats (div/mod, selects) are stored once instead.
  // Each output element is one read of the input: computed where it is read.
  if (llvm::isa<nn::Upsample2DOp, nn::BedOfNailsUpsample2DOp>(op))
    layer.schedule = ScheduleClass::Inline;
  return layer;
}

void codegen::registerLayoutLowerings(mlir::MLIRContext *context) {
  attachLowerings<lowerLayoutOp, nn::FlattenOp, nn::ReshapeOp, nn::SqueezeOp, nn::ReverseOp,
                  nn::ConcatOp, nn::Upsample2DOp, nn::BedOfNailsUpsample2DOp,
                  nn::BedOfNailsUpsample2DGradOp>(context);
}
