//===- TorchExportInterface.td - nn ops as PyTorch modules -*- tablegen -*-===//
//
// How each layer op of a model's forward graph becomes part of a generated
// torch.nn.Module: a submodule, lines of `forward`, and where its state_dict
// tensors come from. Attached to the ops as external models
// (registerTorchExports), as OnnxExport is.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_EXPORT_TORCH_EXPORT_INTERFACE_TD
#define NNC_EXPORT_TORCH_EXPORT_INTERFACE_TD

include "mlir/IR/OpBase.td"

def TorchExportOpInterface : OpInterface<"TorchExport"> {
  let cppNamespace = "::nnc::torch_export";
  let description = [{
    A layer op with a PyTorch form in inference mode: it adds what computes
    its results from its operands' Python variables to `module` and binds
    its results. A form PyTorch cannot express for the op's attributes is an
    error on the op.
  }];
  let methods = [
    InterfaceMethod<
      /*desc=*/"Adds the op's submodule and forward lines to `module`.",
      /*retTy=*/"::mlir::LogicalResult",
      /*methodName=*/"exportToTorch",
      /*args=*/(ins "::nnc::torch_export::TorchModule &":$module)>,
  ];
}

#endif // NNC_EXPORT_TORCH_EXPORT_INTERFACE_TD
