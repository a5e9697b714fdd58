//===- OnnxExportInterface.h - The op interface of the export ---*- C++ -*-===//
//
// Every layer op with an ONNX form implements OnnxExport through an external
// model, attached where its nodes are written:
//
//   void onnx_export::registerConvExports(mlir::MLIRContext *context) {
//     attachExport<nn::Conv2DOp, exportConvolution<nn::Conv2DOp>>(context);
//   }
//
//===----------------------------------------------------------------------===//

#ifndef NNC_EXPORT_ONNXEXPORTINTERFACE_H
#define NNC_EXPORT_ONNXEXPORTINTERFACE_H

#include "Export/ExportSupport.h"
#include "Export/OnnxGraph.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OpDefinition.h"

#include "Export/OnnxExportInterface.h.inc"

#include <vector>

namespace nnc::onnx_export {

using export_support::shapeOf;

/// ONNX's `pads` attribute, [begins..., ends...], of a window's Keras
/// padding (export_support::windowPadding).
inline std::vector<int64_t>
onnxPads(mlir::Value input, mlir::Value output, llvm::ArrayRef<int64_t> window,
         llvm::ArrayRef<int64_t> strides, llvm::ArrayRef<int64_t> dilations,
         nn::Padding padding) {
  auto perAxis =
      export_support::windowPadding(input, output, window, strides, dilations, padding);
  std::vector<int64_t> pads(2 * perAxis.size());
  for (size_t axis = 0; axis < perAxis.size(); ++axis) {
    pads[axis] = perAxis[axis].first;
    pads[perAxis.size() + axis] = perAxis[axis].second;
  }
  return pads;
}

/// The external model that exports `Op` with the function `Export`, which
/// takes the op and the graph.
template <typename Op, auto Export>
struct ExportWith : OnnxExport::ExternalModel<ExportWith<Op, Export>, Op> {
  mlir::LogicalResult exportToOnnx(mlir::Operation *op, OnnxGraph &graph) const {
    return Export(llvm::cast<Op>(op), graph);
  }
};

template <typename Op, auto Export>
void attachExport(mlir::MLIRContext *context) {
  Op::template attachInterface<ExportWith<Op, Export>>(*context);
}

// Each family attaches its exports, in its own file.
void registerActivationExports(mlir::MLIRContext *context);
void registerConvExports(mlir::MLIRContext *context);
void registerLayoutExports(mlir::MLIRContext *context);
void registerPoolExports(mlir::MLIRContext *context);
void registerRecurrentExports(mlir::MLIRContext *context);

} // namespace nnc::onnx_export

#endif // NNC_EXPORT_ONNXEXPORTINTERFACE_H
