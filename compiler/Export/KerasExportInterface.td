//===- KerasExportInterface.td - nn ops as Keras layers ----*- tablegen -*-===//
//
// How each layer op of a model's forward graph becomes part of a generated
// Keras 3 model: the Keras layer (or keras.ops calls) that computes it in
// the functional API, and which of the model's parameters are its weights,
// in Keras's order. Attached as external models (registerKerasExports).
//
//===----------------------------------------------------------------------===//

#ifndef NNC_EXPORT_KERAS_EXPORT_INTERFACE_TD
#define NNC_EXPORT_KERAS_EXPORT_INTERFACE_TD

include "mlir/IR/OpBase.td"

def KerasExportOpInterface : OpInterface<"KerasExport"> {
  let cppNamespace = "::nnc::keras_export";
  let description = [{
    A layer op with a Keras form: it adds the line that computes its
    results from its operands' Python variables to `model`, binds its
    results and names its weights. A form Keras cannot express is an error
    on the op.
  }];
  let methods = [
    InterfaceMethod<
      /*desc=*/"Adds the op's layer call to `model`.",
      /*retTy=*/"::mlir::LogicalResult",
      /*methodName=*/"exportToKeras",
      /*args=*/(ins "::nnc::keras_export::KerasModel &":$model)>,
  ];
}

#endif // NNC_EXPORT_KERAS_EXPORT_INTERFACE_TD
