//===- KerasExport.h - A model's forward graph as Keras 3 -------*- C++ -*-===//
//
// A model function (its forward graph) becomes a Python file that builds the
// same model with Keras 3's functional API (the language's layers are
// Keras's, with Keras's names, layouts and defaults) and loads nnc's
// weights, which are already in Keras's layouts, with set_weights. `exe
// export --keras DIR` writes it next to the weights. Each layer op exports
// itself (KerasExportInterface.td), writing with KerasModel.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_EXPORT_KERASEXPORT_H
#define NNC_EXPORT_KERASEXPORT_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Support/LogicalResult.h"

#include <string>

namespace nnc {

/// Attaches every layer op's Keras export to the nn dialect.
void registerKerasExports(mlir::DialectRegistry &registry);

/// The source of the Python file that builds `model` in Keras 3 and loads
/// its weights; an error on the first op without a Keras form.
mlir::FailureOr<std::string> exportModelToKeras(mlir::func::FuncOp model,
                                                llvm::StringRef sourceFile);

} // namespace nnc

#endif // NNC_EXPORT_KERASEXPORT_H
