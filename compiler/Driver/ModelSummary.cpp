//===- ModelSummary.cpp - Keras-style summary rows of a model -------------===//

#include "Driver/ModelSummary.h"

#include "nn/IR/NNOps.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"

using namespace nnc;

/// The Keras class a user would have written for this op.
static std::string kerasTypeOf(mlir::Operation *op) {
  return llvm::StringSwitch<std::string>(op->getName().getStringRef())
      .Case("nn.dense", "Dense")
      .Case("nn.conv2d", "Conv2D")
      .Case("nn.conv2d_transpose", "Conv2DTranspose")
      .Case("nn.max_pool2d", "MaxPooling2D")
      .Case("nn.min_pool2d", "MinPooling2D")
      .Case("nn.avg_pool2d", "AveragePooling2D")
      .Case("nn.upsample2d", "UpSampling2D")
      .Case("nn.flatten", "Flatten")
      .Case("nn.reshape", "Reshape")
      .Case("nn.squeeze", "Squeeze")
      .Case("nn.concat", "Concatenate")
      .Case("nn.softmax", "Softmax")
      .Default("Activation");
}

std::string nnc::formatShape(mlir::Type tensorType) {
  std::string text = "(";
  for (auto [index, dim] :
       llvm::enumerate(llvm::cast<mlir::RankedTensorType>(tensorType).getShape())) {
    if (index)
      text += ", ";
    text += mlir::ShapedType::isDynamic(dim) ? "None" : std::to_string(dim);
  }
  return text + ")";
}

std::vector<SummaryLine> nnc::summarizeModel(mlir::func::FuncOp model) {
  auto argName = [&](mlir::BlockArgument arg, llvm::StringRef attr) {
    auto name = model.getArgAttrOfType<mlir::StringAttr>(arg.getArgNumber(), attr);
    return name ? name.str() : std::string();
  };
  auto isParam = [&](mlir::Value value) {
    auto arg = llvm::dyn_cast<mlir::BlockArgument>(value);
    return arg && !argName(arg, "nn.param").empty();
  };
  auto producerName = [&](mlir::Value value) -> std::string {
    if (auto arg = llvm::dyn_cast<mlir::BlockArgument>(value))
      return argName(arg, "nn.input");
    return value.getDefiningOp()->getAttrOfType<mlir::StringAttr>("name").str();
  };

  std::vector<SummaryLine> lines;
  int numInputs = 0;
  for (mlir::BlockArgument arg : model.getArguments()) {
    std::string input = argName(arg, "nn.input");
    if (input.empty())
      continue;
    ++numInputs;
    lines.push_back({input, "InputLayer", "[" + formatShape(arg.getType()) + "]"});
  }

  // Keras shows "Connected to" for graphs that are not a plain chain.
  bool isChain = numInputs == 1;
  mlir::Value previous = model.getArgument(0);
  std::vector<std::string> connections;
  for (mlir::Operation &op : model.getBody().front().without_terminator()) {
    SummaryLine line;
    line.layer = op.getAttrOfType<mlir::StringAttr>("name").str();
    line.type = kerasTypeOf(&op);
    line.outputShape = formatShape(op.getResult(0).getType());
    std::string connectedTo;
    int dataOperands = 0;
    for (mlir::Value operand : op.getOperands()) {
      if (isParam(operand)) {
        line.params += llvm::cast<mlir::RankedTensorType>(operand.getType())
                           .getNumElements();
        continue;
      }
      ++dataOperands;
      isChain &= operand == previous;
      connectedTo += (connectedTo.empty() ? "" : ", ") + producerName(operand);
    }
    isChain &= dataOperands == 1;
    connections.push_back(connectedTo);
    previous = op.getResult(0);
    lines.push_back(std::move(line));
  }
  if (!isChain)
    for (size_t i = 0; i < connections.size(); ++i)
      lines[numInputs + i].connectedTo = connections[i];
  return lines;
}
