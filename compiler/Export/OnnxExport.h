//===- OnnxExport.h - A model's forward graph as ONNX -----------*- C++ -*-===//
//
// A model function (its forward graph, in inference mode) becomes an ONNX
// model of opset 17: the model's inputs with a dynamic batch dimension
// ("batch"), its outputs under their names, and its parameters as further
// graph inputs named as in its weights files ("conv2d_1.kernel", Keras's
// layouts). `nnc --emit=onnx` writes that untrained graph; `exe export
// --onnx` turns each parameter input into an initializer holding the
// trained values (runtime/lib/OnnxModel.cpp). Each layer op exports itself
// (OnnxExportInterface.h).
//
//===----------------------------------------------------------------------===//

#ifndef NNC_EXPORT_ONNXEXPORT_H
#define NNC_EXPORT_ONNXEXPORT_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Support/LogicalResult.h"

#include <string>

namespace nnc {

/// The ONNX opset the export writes (ONNX 1.12, Debian 12's, knows up to 17).
constexpr int kOnnxOpset = 17;

/// Attaches every layer op's ONNX export to the nn dialect.
void registerOnnxExports(mlir::DialectRegistry &registry);

/// The serialized ONNX ModelProto of `model`, its parameters as inputs; an
/// error on the first op without an ONNX form (emitted as a diagnostic).
mlir::FailureOr<std::string> exportModelToOnnx(mlir::func::FuncOp model);

} // namespace nnc

#endif // NNC_EXPORT_ONNXEXPORT_H
