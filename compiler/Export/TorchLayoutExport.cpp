//===- TorchLayoutExport.cpp - Reshapes, merges and dropout as PyTorch ----===//
//
// Layers that move or combine elements without arithmetic of their own, as
// tensor methods in `forward`; Dropout is nn.Dropout (or, with shared axes,
// a mask of ones through F.dropout), the identity in eval mode.
//
//===----------------------------------------------------------------------===//

#include "Export/TorchExportInterface.h"

#include "nn/IR/ShapeArithmetic.h"

using namespace nnc;
using namespace nnc::torch_export;

namespace {

int64_t axisOf(mlir::Value value, int64_t axis) {
  return *nn::normalizeAxis(axis, int64_t(shapeOf(value).size()));
}

std::vector<std::string> variablesOf(TorchModule &module, mlir::ValueRange values) {
  std::vector<std::string> names;
  for (mlir::Value value : values)
    names.push_back(module[value]);
  return names;
}

mlir::LogicalResult exportFlatten(nn::FlattenOp op, TorchModule &module) {
  module.bind(op.getResult(),
              module.assign(op.getName(), "torch.flatten(" + module[op.getX()] + ", 1)"));
  return mlir::success();
}

mlir::LogicalResult exportReshape(nn::ReshapeOp op, TorchModule &module) {
  std::string x = module[op.getX()];
  std::string shape = x + ".shape[0]";
  std::vector<int64_t> result = shapeOf(op.getResult());
  for (int64_t dim : llvm::drop_begin(result))
    shape += ", " + std::to_string(dim);
  module.bind(op.getResult(), module.assign(op.getName(), x + ".reshape(" + shape + ")"));
  return mlir::success();
}

mlir::LogicalResult exportSqueeze(nn::SqueezeOp op, TorchModule &module) {
  module.bind(op.getResult(),
              module.assign(op.getName(), module[op.getX()] + ".squeeze(" +
                                              std::to_string(axisOf(op.getX(), op.getAxis())) +
                                              ")"));
  return mlir::success();
}

mlir::LogicalResult exportReverse(nn::ReverseOp op, TorchModule &module) {
  module.bind(op.getResult(),
              module.assign(op.getName(), module[op.getX()] + ".flip(" +
                                              std::to_string(axisOf(op.getX(), op.getAxis())) +
                                              ")"));
  return mlir::success();
}

mlir::LogicalResult exportConcat(nn::ConcatOp op, TorchModule &module) {
  module.bind(op.getResult(),
              module.assign(op.getName(),
                            "torch.cat((" + llvm::join(variablesOf(module, op.getInputs()), ", ") +
                                ",), dim=" +
                                std::to_string(axisOf(op.getResult(), op.getAxis())) + ")"));
  return mlir::success();
}

mlir::LogicalResult exportMerge(nn::MergeOp op, TorchModule &module) {
  std::vector<std::string> inputs = variablesOf(module, op.getInputs());
  auto fold = [&](const char *function) {
    std::string y = inputs[0];
    for (size_t i = 1; i < inputs.size(); ++i)
      y = std::string(function) + "(" + y + ", " + inputs[i] + ")";
    return y;
  };
  std::string y;
  switch (op.getKind()) {
  case nn::Merge::add:
    y = llvm::join(inputs, " + ");
    break;
  case nn::Merge::subtract:
    y = llvm::join(inputs, " - ");
    break;
  case nn::Merge::multiply:
    y = llvm::join(inputs, " * ");
    break;
  case nn::Merge::average:
    y = "(" + llvm::join(inputs, " + ") + ") / " + std::to_string(inputs.size());
    break;
  case nn::Merge::maximum:
    y = fold("torch.maximum");
    break;
  case nn::Merge::minimum:
    y = fold("torch.minimum");
    break;
  }
  module.bind(op.getResult(), module.assign(op.getName(), y));
  return mlir::success();
}

/// nn.add, the sum of two tensors of one shape (Keras's Add of two).
mlir::LogicalResult exportAdd(nn::AddOp op, TorchModule &module) {
  module.bind(op.getResult(),
              module.assign(op.getName(), module[op.getA()] + " + " + module[op.getB()]));
  return mlir::success();
}

mlir::LogicalResult exportDropout(nn::DropoutOp op, TorchModule &module) {
  std::string name = op.getName().str();
  if (op.getTraining())
    return op.emitError() << "layer '" << name
                          << "' (Dropout) is in training mode; the export is of inference";
  std::string rate = python::number(op.getRate().convertToFloat());
  std::string x = module[op.getX()];
  llvm::ArrayRef<int64_t> shared = op.getSharedAxes();
  if (shared.empty()) {
    std::string layer = module.submodule(name, "nn.Dropout(" + rate + ")");
    module.bind(op.getResult(), module.assign(name, layer + "(" + x + ")"));
    return mlir::success();
  }
  // One draw for all the elements along the shared axes.
  std::vector<int64_t> shape = shapeOf(op.getX());
  std::string maskShape = x + ".shape[0]";
  for (size_t axis = 1; axis < shape.size(); ++axis)
    maskShape += ", " + std::to_string(llvm::is_contained(shared, int64_t(axis)) ? 1 : shape[axis]);
  module.bind(op.getResult(),
              module.assign(name, llvm::formatv("{0} * F.dropout({0}.new_ones({1}), {2}, "
                                                "self.training)",
                                                x, maskShape, rate)));
  return mlir::success();
}

} // namespace

void torch_export::registerLayoutExports(mlir::MLIRContext *context) {
  attachExport<nn::FlattenOp, exportFlatten>(context);
  attachExport<nn::ReshapeOp, exportReshape>(context);
  attachExport<nn::SqueezeOp, exportSqueeze>(context);
  attachExport<nn::ReverseOp, exportReverse>(context);
  attachExport<nn::ConcatOp, exportConcat>(context);
  attachExport<nn::MergeOp, exportMerge>(context);
  attachExport<nn::AddOp, exportAdd>(context);
  attachExport<nn::DropoutOp, exportDropout>(context);
}
