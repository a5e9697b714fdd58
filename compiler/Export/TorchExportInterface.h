//===- TorchExportInterface.h - The op interface of the export --*- C++ -*-===//
//
// Every layer op with a PyTorch form implements TorchExport through an
// external model, attached where its Python is written:
//
//   void torch_export::registerConvExports(mlir::MLIRContext *context) {
//     attachExport<nn::DenseOp, exportDense>(context);
//   }
//
//===----------------------------------------------------------------------===//

#ifndef NNC_EXPORT_TORCHEXPORTINTERFACE_H
#define NNC_EXPORT_TORCHEXPORTINTERFACE_H

#include "Export/TorchModule.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OpDefinition.h"

#include "Export/TorchExportInterface.h.inc"

namespace nnc::torch_export {

/// The external model that exports `Op` with the function `Export`, which
/// takes the op and the module.
template <typename Op, auto Export>
struct ExportWith : TorchExport::ExternalModel<ExportWith<Op, Export>, Op> {
  mlir::LogicalResult exportToTorch(mlir::Operation *op, TorchModule &module) const {
    return Export(llvm::cast<Op>(op), module);
  }
};

template <typename Op, auto Export>
void attachExport(mlir::MLIRContext *context) {
  Op::template attachInterface<ExportWith<Op, Export>>(*context);
}

using export_support::windowPadding;

/// `x` ([N, spatial..., C]) channels first, and back.
std::string channelsFirst(const std::string &x, int rank);
std::string channelsLast(const std::string &x, int rank);

// Each family attaches its exports, in its own file.
void registerActivationExports(mlir::MLIRContext *context);
void registerConvExports(mlir::MLIRContext *context);
void registerLayoutExports(mlir::MLIRContext *context);
void registerPoolExports(mlir::MLIRContext *context);
void registerRecurrentExports(mlir::MLIRContext *context);

} // namespace nnc::torch_export

#endif // NNC_EXPORT_TORCHEXPORTINTERFACE_H
