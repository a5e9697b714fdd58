//===- LayerOpInterface.h - Ops that are a Keras layer ----------*- C++ -*-===//

#ifndef NN_IR_LAYEROPINTERFACE_H
#define NN_IR_LAYEROPINTERFACE_H

#include "mlir/IR/OpDefinition.h"
#include "llvm/ADT/ArrayRef.h"

#include <array>

namespace nnc::nn {

/// How each pixel (height, width) of an op's image result reads the images
/// it is computed from: the recurrence of the receptive field.
struct SpatialFootprint {
  enum class Kind {
    None,      ///< no image result, or the layout is gone (flatten, LSTM)
    Pointwise, ///< the pixel at the same place (dense on pixels, activations)
    Window,    ///< `taps` pixels moved by `steps` (convolution, pooling)
    Upsample,  ///< `taps` pixels spread by `steps` (transposed conv, upsampling)
    Widest,    ///< the same place of every operand (concat, merges)
  };
  Kind kind = Kind::None;
  std::array<int64_t, 2> taps = {1, 1}, steps = {1, 1};

  static SpatialFootprint pointwise() { return {Kind::Pointwise}; }
  static SpatialFootprint widest() { return {Kind::Widest}; }
  static SpatialFootprint window(llvm::ArrayRef<int64_t> taps, llvm::ArrayRef<int64_t> steps) {
    return {Kind::Window, {taps[0], taps[1]}, {steps[0], steps[1]}};
  }
  static SpatialFootprint upsample(llvm::ArrayRef<int64_t> taps,
                                   llvm::ArrayRef<int64_t> steps) {
    return {Kind::Upsample, {taps[0], taps[1]}, {steps[0], steps[1]}};
  }
};

/// Carries no behaviour: NN_KerasLayer<"Name"> (LayerOpInterface.td) puts
/// `static StringRef getKerasClassName()` on the op, which the interface
/// returns by default.
template <typename ConcreteType>
class KerasClassTrait : public mlir::OpTrait::TraitBase<ConcreteType, KerasClassTrait> {};

} // namespace nnc::nn

#include "nn/IR/LayerOpInterface.h.inc"

#endif // NN_IR_LAYEROPINTERFACE_H
