//===- TorchExport.h - A model's forward graph as PyTorch -------*- C++ -*-===//
//
// A model function (its forward graph, in inference mode) becomes the source
// of a torch.nn.Module and the list of its state_dict's tensors, each said
// in terms of nnc's parameters (PyTorch's layouts: OIHW conv kernels,
// (out, in) linear weights, LSTM and GRU weights per gate in PyTorch's gate
// order). `exe export --torch` writes both with the trained values
// converted (runtime/lib/TorchWeights.cpp); `exe init --from` converts such
// a state_dict back. Each layer op exports itself (TorchExportInterface.h).
//
//===----------------------------------------------------------------------===//

#ifndef NNC_EXPORT_TORCHEXPORT_H
#define NNC_EXPORT_TORCHEXPORT_H

#include "Export/TorchModule.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Support/LogicalResult.h"

namespace nnc {

/// Attaches every layer op's PyTorch export to the nn dialect.
void registerTorchExports(mlir::DialectRegistry &registry);

/// `model` as PyTorch; an error on the first op without a PyTorch form
/// (emitted as a diagnostic). `sourceFile` is named in model.py's header.
mlir::FailureOr<torch_export::TorchModel> exportModelToTorch(mlir::func::FuncOp model,
                                                             llvm::StringRef sourceFile);

} // namespace nnc

#endif // NNC_EXPORT_TORCHEXPORT_H
