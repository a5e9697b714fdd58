//===- LayerOpInterface.h - Ops that are a Keras layer ----------*- C++ -*-===//

#ifndef NN_IR_LAYEROPINTERFACE_H
#define NN_IR_LAYEROPINTERFACE_H

#include "mlir/IR/OpDefinition.h"

namespace nnc::nn {

/// Carries no behaviour: NN_KerasLayer<"Name"> (LayerOpInterface.td) puts
/// `StringRef getKerasClass()` on the op through it.
template <typename ConcreteType>
class KerasClassTrait : public mlir::OpTrait::TraitBase<ConcreteType, KerasClassTrait> {};

} // namespace nnc::nn

#include "nn/IR/LayerOpInterface.h.inc"

#endif // NN_IR_LAYEROPINTERFACE_H
