//===- OnnxExportInterface.td - nn ops as ONNX nodes -------*- tablegen -*-===//
//
// How each layer op of a model's forward graph becomes ONNX nodes. Like
// HalideLowering, the interface lives outside the dialect and is attached to
// the ops as external models (registerOnnxExports), so the dialect knows
// nothing of ONNX and the exporter needs no central switch.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_EXPORT_ONNX_EXPORT_INTERFACE_TD
#define NNC_EXPORT_ONNX_EXPORT_INTERFACE_TD

include "mlir/IR/OpBase.td"

def OnnxExportOpInterface : OpInterface<"OnnxExport"> {
  let cppNamespace = "::nnc::onnx_export";
  let description = [{
    A layer op with an ONNX form in inference mode: it adds the nodes that
    compute its results from its operands, already in `graph`, and binds
    its results to their ONNX names. A form that ONNX cannot express for
    the op's attributes is an error on the op.
  }];
  let methods = [
    InterfaceMethod<
      /*desc=*/"Adds the op's nodes to `graph` and binds its results.",
      /*retTy=*/"::mlir::LogicalResult",
      /*methodName=*/"exportToOnnx",
      /*args=*/(ins "::nnc::onnx_export::OnnxGraph &":$graph)>,
  ];
}

#endif // NNC_EXPORT_ONNX_EXPORT_INTERFACE_TD
