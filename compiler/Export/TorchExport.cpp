//===- TorchExport.cpp - A model's forward graph as PyTorch ---------------===//

#include "Export/TorchExport.h"

#include "Export/TorchExportInterface.h"

#include "nn/IR/LayerOpInterface.h"
#include "nn/IR/NNDialect.h"
#include "nn/IR/ShapeArithmetic.h"

using namespace nnc;
using namespace nnc::torch_export;

#include "Export/TorchExportInterface.cpp.inc"

std::vector<std::pair<int64_t, int64_t>>
torch_export::windowPadding(mlir::Value input, mlir::Value output,
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

std::string torch_export::channelsFirst(const std::string &x, int rank) {
  return rank == 3 ? x + ".permute(0, 2, 1)" : x + ".permute(0, 3, 1, 2)";
}

std::string torch_export::channelsLast(const std::string &x, int rank) {
  return rank == 3 ? x + ".permute(0, 2, 1)" : x + ".permute(0, 2, 3, 1)";
}

namespace {

mlir::LogicalResult exportOp(mlir::Operation &op, TorchModule &module) {
  if (auto exporter = llvm::dyn_cast<TorchExport>(&op))
    return exporter.exportToTorch(module);
  auto layer = llvm::dyn_cast<nn::LayerOpInterface>(&op);
  auto name = op.getAttrOfType<mlir::StringAttr>("name");
  mlir::InFlightDiagnostic error = op.emitError();
  if (layer && name)
    error << "layer '" << name.getValue() << "' (" << layer.getKerasClass()
          << ") has no PyTorch form";
  else
    error << "'" << op.getName() << "' has no PyTorch form";
  return error;
}

} // namespace

mlir::FailureOr<TorchModel> nnc::exportModelToTorch(mlir::func::FuncOp model,
                                                    llvm::StringRef sourceFile) {
  TorchModule module(model);
  for (mlir::BlockArgument argument : model.getArguments()) {
    unsigned index = argument.getArgNumber();
    if (auto input = model.getArgAttrOfType<mlir::StringAttr>(index, "nn.input"))
      module.addInput(argument, input.getValue());
    else if (!model.getArgAttrOfType<mlir::StringAttr>(index, "nn.param"))
      return model.emitError() << "argument " << index
                               << " is neither an input nor a parameter";
  }
  mlir::Block &body = model.getBody().front();
  for (mlir::Operation &op : body.without_terminator())
    if (mlir::failed(exportOp(op, module)))
      return mlir::failure();
  for (auto [index, output] : llvm::enumerate(body.getTerminator()->getOperands())) {
    auto name = model.getResultAttrOfType<mlir::StringAttr>(unsigned(index), "nn.output");
    module.addOutput(module[output], name ? name.getValue() : "output");
  }
  return TorchModel{module.source(sourceFile), module.params()};
}

void nnc::registerTorchExports(mlir::DialectRegistry &registry) {
  registry.addExtension(+[](mlir::MLIRContext *context, nn::NNDialect *) {
    registerActivationExports(context);
    registerConvExports(context);
    registerLayoutExports(context);
    registerPoolExports(context);
    registerRecurrentExports(context);
  });
}
