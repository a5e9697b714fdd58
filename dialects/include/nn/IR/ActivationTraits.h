//===- ActivationTraits.h - What the dialect knows of an activation -------===//
//
// An activation's name and formula are its case of the Activation enum
// (NNEnums.td); this is the rest of what the dialect, the autodiff pass and
// the summary need to know of it. Its Halide forward and derivative are in
// compiler/Codegen/ActivationLowering.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef NN_IR_ACTIVATIONTRAITS_H
#define NN_IR_ACTIVATIONTRAITS_H

#include "nn/IR/NNDialect.h"

#include "llvm/ADT/StringRef.h"

#include <optional>

namespace nnc::nn {

struct ActivationTraits {
  /// The derivative needs the activation's input x, not only its output y
  /// (y does not determine x: gelu, silu; or determines it only inexactly).
  bool gradientNeedsInput = false;
  /// The parameter `alpha` means something (leaky_relu's negative slope,
  /// elu's alpha), and its value when an op carries none: the default of
  /// Keras's activation function (`activation="leaky_relu"` is 0.2).
  std::optional<float> defaultAlpha;
  /// The Keras layer class of this activation as a layer: "Activation"
  /// unless Keras has a class of its own with the same defaults.
  llvm::StringRef kerasLayerClass = "Activation";
};

ActivationTraits getActivationTraits(Activation activation);

/// The alpha an activation computes with: `alpha` where an op carries one,
/// else the default (0 where alpha means nothing). A layer's fused
/// `activation=` carries none.
float getActivationAlpha(Activation activation, std::optional<float> alpha = std::nullopt);

} // namespace nnc::nn

#endif // NN_IR_ACTIVATIONTRAITS_H
