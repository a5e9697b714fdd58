//===- ExportSupport.h - What every export shares ---------------*- C++ -*-===//

#ifndef NNC_EXPORT_EXPORTSUPPORT_H
#define NNC_EXPORT_EXPORTSUPPORT_H

#include "nn/IR/NNOps.h"

#include "mlir/IR/Operation.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace nnc::export_support {

/// The static shape of a value (its batch dimension is -1).
std::vector<int64_t> shapeOf(mlir::Value value);

/// Keras's padding of a window sliding over the spatial axes of `input`
/// ([N, spatial..., C]) to give `output`, as TensorFlow places it: {before,
/// after} per axis (`dilations` empty: 1).
std::vector<std::pair<int64_t, int64_t>>
windowPadding(mlir::Value input, mlir::Value output, llvm::ArrayRef<int64_t> window,
              llvm::ArrayRef<int64_t> strides, llvm::ArrayRef<int64_t> dilations,
              nn::Padding padding);

/// The error on an op that has no form in `framework` ("ONNX", "PyTorch",
/// "Keras"), naming the layer and its Keras class where it is one.
mlir::LogicalResult emitNoForm(mlir::Operation &op, llvm::StringRef framework);

} // namespace nnc::export_support

#endif // NNC_EXPORT_EXPORTSUPPORT_H
