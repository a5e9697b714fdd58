//===- Layers.h - The layers the language knows, with Keras signatures ---===//
//
// One table describes every layer: its name in the language, how many tensor
// inputs it takes and its parameters with defaults. Sema checks calls against
// it; MLIRGen reads resolved arguments through the accessors below. Adding a
// layer starts here; an elementwise activation without parameters needs no
// row (its layer comes from the dialect's Activation enum). (Its Keras class, which `summary` shows, is declared on
// its nn op: NN_KerasLayer in the dialect.)
//
//===----------------------------------------------------------------------===//

#ifndef NNC_FRONTEND_LAYERS_H
#define NNC_FRONTEND_LAYERS_H

#include "Frontend/AST.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <array>
#include <vector>

namespace nnc {

enum class ParamKind {
  PositiveInt, ///< units=16
  IntPair,     ///< kernel=3 or kernel=[3, 5]; both entries positive
  Bool,        ///< use_bias=false
  Choice,      ///< padding=same: one identifier out of `choices`
  Axis,        ///< axis=-1: an integer, negative counts from the end
  Shape,       ///< shape=[7, 7, 4]: positive integers, at most one -1
  Number,      ///< alpha=1.5: a finite number (integers read as numbers too)
  NonNegativeNumber, ///< negative_slope=0.3: a finite number >= 0
  Fraction,    ///< rate=0.5: a number in [0, 1)
  /// padding=1, [1, 2] (height, width) or [[1, 0], [2, 2]] ((top, bottom),
  /// (left, right)): non-negative integers, as Keras's ZeroPadding2D takes
  Margins,
  /// pool=p1: the name of a value the model defined earlier with the layer
  /// named in `choices` (max_unpool2d's maxpool2d).
  ValueName,
};

struct ParamSpec {
  llvm::StringRef name;
  ParamKind kind;
  /// Default as source text ("1", "valid", "true"); empty when required.
  /// "=other" copies the resolved value of parameter `other` (pool strides).
  llvm::StringRef defaultValue;
  std::vector<llvm::StringRef> choices = {};
  /// Keras spellings accepted as well (kernel_size for kernel).
  std::vector<llvm::StringRef> aliases = {};
};

struct LayerSpec {
  llvm::StringRef name; ///< as written in a model: "conv2d"
  /// Tensor inputs: exactly minInputs, or at least minInputs when variadic.
  unsigned minInputs = 1;
  bool variadicInputs = false;
  std::vector<ParamSpec> params;
  /// Its one input is a layer call that it wraps rather than a value
  /// (bidirectional(lstm(x, 32))); that call may leave its input implicit.
  bool wrapsCall = false;

  const ParamSpec *findParam(llvm::StringRef nameOrAlias) const;
};

/// All layers, in the order the language reference lists them.
llvm::ArrayRef<LayerSpec> getLayerSpecs();
const LayerSpec *findLayerSpec(llvm::StringRef name);

/// The activations accepted by `activation=` and as layers: the dialect's
/// Activation enum (NNEnums.td), plus `swish`, Keras's other name of `silu`.
llvm::ArrayRef<llvm::StringRef> getActivationNames();

//===----------------------------------------------------------------------===//
// Reading resolved arguments (after Sema every parameter is present, named,
// in spec order, and of its declared kind).
//===----------------------------------------------------------------------===//

const ast::Literal &getArg(const ast::Call &call, llvm::StringRef param);
int64_t getIntArg(const ast::Call &call, llvm::StringRef param);
bool getBoolArg(const ast::Call &call, llvm::StringRef param);
llvm::StringRef getChoiceArg(const ast::Call &call, llvm::StringRef param);
/// IntPair as {height, width}.
std::array<int64_t, 2> getPairArg(const ast::Call &call, llvm::StringRef param);
std::vector<int64_t> getShapeArg(const ast::Call &call, llvm::StringRef param);
/// Margins as {top, bottom, left, right}.
std::array<int64_t, 4> getMarginsArg(const ast::Call &call, llvm::StringRef param);
/// Number and NonNegativeNumber.
double getNumberArg(const ast::Call &call, llvm::StringRef param);

} // namespace nnc

#endif // NNC_FRONTEND_LAYERS_H
