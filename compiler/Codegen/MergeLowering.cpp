//===- MergeLowering.cpp - Keras's merge layers and their gradients -------===//

#include "Codegen/HalideLowering.h"

#include "llvm/Support/ErrorHandling.h"

using namespace nnc;
using namespace nnc::codegen;
using Halide::Expr;
using nn::Merge;

/// The inputs of a merge at one position, in order.
static std::vector<Expr> valuesAt(const std::vector<const TensorFunc *> &inputs,
                                  const std::vector<Expr> &at) {
  std::vector<Expr> values;
  for (const TensorFunc *input : inputs)
    values.push_back((*input)(at));
  return values;
}

static std::vector<const TensorFunc *> lookupAll(mlir::ValueRange values,
                                                 const LoweringScope &scope) {
  std::vector<const TensorFunc *> tensors;
  for (mlir::Value value : values)
    tensors.push_back(&scope.lookup(value));
  return tensors;
}

/// Folds the inputs left to right, as Keras's merge layers do.
static Expr merge(Merge kind, const std::vector<Expr> &values) {
  Expr result = values.front();
  for (size_t i = 1; i < values.size(); ++i) {
    switch (kind) {
    case Merge::add:
    case Merge::average:
      result = result + values[i];
      break;
    case Merge::subtract:
      result = result - values[i];
      break;
    case Merge::multiply:
      result = result * values[i];
      break;
    case Merge::maximum:
      result = Halide::max(result, values[i]);
      break;
    case Merge::minimum:
      result = Halide::min(result, values[i]);
      break;
    }
  }
  if (kind == Merge::average)
    result = result / static_cast<float>(values.size());
  return result;
}

/// The share of input `index` in the gradient `dy` of the merge.
static Expr mergeGradient(Merge kind, const std::vector<Expr> &values, size_t index,
                          Expr dy) {
  switch (kind) {
  case Merge::add:
    return dy;
  case Merge::subtract:
    return index == 0 ? dy : -dy;
  case Merge::average:
    return dy / static_cast<float>(values.size());
  case Merge::multiply: {
    Expr others = dy;
    for (size_t i = 0; i < values.size(); ++i)
      if (i != index)
        others = others * values[i];
    return others;
  }
  case Merge::maximum:
  case Merge::minimum: {
    // The first input to reach the extreme takes the gradient (TensorFlow's
    // tie rule: maximum(a, b) routes it to a where a >= b).
    bool isMax = kind == Merge::maximum;
    auto beats = [&](Expr a, Expr b) { return isMax ? a >= b : a <= b; };
    auto strictlyBeats = [&](Expr a, Expr b) { return isMax ? a > b : a < b; };
    Expr wins = Halide::Internal::const_true();
    for (size_t i = 0; i < values.size(); ++i) {
      if (i < index)
        wins = wins && strictlyBeats(values[index], values[i]);
      else if (i > index)
        wins = wins && beats(values[index], values[i]);
    }
    return Halide::select(wins, dy, 0.0f);
  }
  }
  llvm_unreachable("unknown merge");
}

static LoweredLayer lowerMerge(nn::MergeOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  std::vector<const TensorFunc *> inputs = lookupAll(op.getInputs(), scope);
  Merge kind = op.getKind();
  layer.output = defineElementwise(layer.name, getStaticShape(op.getResult()),
                                   [&](const auto &vars) {
                                     std::vector<Expr> at(vars.begin(), vars.end());
                                     return merge(kind, valuesAt(inputs, at));
                                   });
  return layer;
}

static LoweredLayer lowerMergeGrad(nn::MergeGradOp op, const LoweringScope &scope) {
  LoweredLayer layer(scope.uniqueName(op), ScheduleClass::Rows);
  std::vector<const TensorFunc *> inputs = lookupAll(op.getInputs(), scope);
  const TensorFunc &dy = scope.lookup(op.getDy());
  Merge kind = op.getKind();
  size_t index = op.getIndex();
  layer.output = defineElementwise(layer.name, getStaticShape(op.getResult()),
                                   [&](const auto &vars) {
                                     std::vector<Expr> at(vars.begin(), vars.end());
                                     return mergeGradient(kind, valuesAt(inputs, at), index,
                                                          dy(at));
                                   });
  return layer;
}

void codegen::registerMergeLowerings(mlir::MLIRContext *context) {
  attachLowering<nn::MergeOp, lowerMerge>(context);
  attachLowering<nn::MergeGradOp, lowerMergeGrad>(context);
}
