//===- TorchExport.cpp - A model's forward graph as PyTorch ---------------===//

#include "Export/TorchExport.h"

#include "Export/TorchExportInterface.h"

#include "nn/IR/NNDialect.h"

using namespace nnc;
using namespace nnc::torch_export;

#include "Export/TorchExportInterface.cpp.inc"

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
  return export_support::emitNoForm(op, "PyTorch");
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
