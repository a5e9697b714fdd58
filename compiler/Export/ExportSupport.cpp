//===- ExportSupport.cpp - What every export shares -----------------------===//

#include "Export/ExportSupport.h"

#include "nn/IR/LayerOpInterface.h"
#include "nn/IR/ShapeArithmetic.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"

using namespace nnc;

std::vector<int64_t> export_support::shapeOf(mlir::Value value) {
  auto shape = llvm::cast<mlir::RankedTensorType>(value.getType()).getShape();
  std::vector<int64_t> dims(shape.begin(), shape.end());
  for (int64_t &dim : dims)
    if (mlir::ShapedType::isDynamic(dim))
      dim = -1;
  return dims;
}

std::vector<std::pair<int64_t, int64_t>>
export_support::windowPadding(mlir::Value input, mlir::Value output,
                              llvm::ArrayRef<int64_t> window, llvm::ArrayRef<int64_t> strides,
                              llvm::ArrayRef<int64_t> dilations, nn::Padding padding) {
  std::vector<int64_t> in = shapeOf(input), out = shapeOf(output);
  std::vector<std::pair<int64_t, int64_t>> pads;
  for (size_t axis = 0; axis < window.size(); ++axis) {
    int64_t dilation = dilations.empty() ? 1 : dilations[axis];
    int64_t extent = nn::getDilatedKernelSize(window[axis], dilation);
    int64_t before = nn::getWindowPaddingBefore(in[axis + 1], window[axis], strides[axis],
                                                dilation, padding);
    // Whatever the last window needs beyond the input (none under 'valid',
    // whose last input rows may go unread).
    int64_t after = std::max<int64_t>(
        0, (out[axis + 1] - 1) * strides[axis] + extent - in[axis + 1] - before);
    pads.push_back({before, after});
  }
  return pads;
}

mlir::LogicalResult export_support::emitNoForm(mlir::Operation &op,
                                               llvm::StringRef framework) {
  auto layer = llvm::dyn_cast<nn::LayerOpInterface>(&op);
  auto name = op.getAttrOfType<mlir::StringAttr>("name");
  mlir::InFlightDiagnostic error = op.emitError();
  if (layer && name)
    error << "layer '" << name.getValue() << "' (" << layer.getKerasClass() << ") has no "
          << framework << " form";
  else
    error << "'" << op.getName() << "' has no " << framework << " form";
  return error;
}
