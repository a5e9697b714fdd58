//===- LayoutExport.cpp - Reshapes, merges and dropout as ONNX ------------===//
//
// Layers that move or combine elements without arithmetic of their own;
// dropout, in inference mode, is the identity and adds no node.
//
//===----------------------------------------------------------------------===//

#include "Export/OnnxExportInterface.h"

#include "nn/IR/ShapeArithmetic.h"

#include <climits>

using namespace nnc;
using namespace nnc::onnx_export;

namespace {

mlir::LogicalResult exportFlatten(nn::FlattenOp op, OnnxGraph &graph) {
  graph.bind(op.getResult(),
             graph.node("Flatten", {graph[op.getX()]}, op.getName(), {{"axis", int64_t(1)}}));
  return mlir::success();
}

/// Reshape to the result's shape, the batch dimension copied (0).
mlir::LogicalResult exportReshape(nn::ReshapeOp op, OnnxGraph &graph) {
  std::vector<int64_t> shape = shapeOf(op.getResult());
  shape[0] = 0;
  graph.bind(op.getResult(),
             graph.node("Reshape",
                        {graph[op.getX()], graph.int64s(shape, op.getName().str() + "_shape")},
                        op.getName()));
  return mlir::success();
}

int64_t axisOf(mlir::Value value, int64_t axis) {
  return *nn::normalizeAxis(axis, int64_t(shapeOf(value).size()));
}

mlir::LogicalResult exportSqueeze(nn::SqueezeOp op, OnnxGraph &graph) {
  graph.bind(op.getResult(),
             graph.node("Squeeze",
                        {graph[op.getX()], graph.int64s({axisOf(op.getX(), op.getAxis())},
                                                        op.getName().str() + "_axes")},
                        op.getName()));
  return mlir::success();
}

/// A slice from the last element to before the first, step -1.
mlir::LogicalResult exportReverse(nn::ReverseOp op, OnnxGraph &graph) {
  std::string name = op.getName().str();
  graph.bind(op.getResult(),
             graph.node("Slice",
                        {graph[op.getX()], graph.int64s({-1}, name + "_starts"),
                         graph.int64s({INT64_MIN}, name + "_ends"),
                         graph.int64s({axisOf(op.getX(), op.getAxis())}, name + "_axes"),
                         graph.int64s({-1}, name + "_steps")},
                        name));
  return mlir::success();
}

std::vector<std::string> namesOf(OnnxGraph &graph, mlir::ValueRange values) {
  std::vector<std::string> names;
  for (mlir::Value value : values)
    names.push_back(graph[value]);
  return names;
}

mlir::LogicalResult exportConcat(nn::ConcatOp op, OnnxGraph &graph) {
  graph.bind(op.getResult(),
             graph.node("Concat", namesOf(graph, op.getInputs()), op.getName(),
                        {{"axis", axisOf(op.getResult(), op.getAxis())}}));
  return mlir::success();
}

mlir::LogicalResult exportMerge(nn::MergeOp op, OnnxGraph &graph) {
  std::vector<std::string> inputs = namesOf(graph, op.getInputs());
  std::string name = op.getName().str();
  std::string y;
  switch (op.getKind()) {
  case nn::Merge::add:
    y = graph.node("Sum", inputs, name);
    break;
  case nn::Merge::subtract:
    y = graph.node("Sub", inputs, name);
    break;
  case nn::Merge::multiply:
    y = inputs[0];
    for (size_t i = 1; i < inputs.size(); ++i)
      y = graph.node("Mul", {y, inputs[i]}, name);
    break;
  case nn::Merge::average:
    y = graph.node("Mean", inputs, name);
    break;
  case nn::Merge::maximum:
    y = graph.node("Max", inputs, name);
    break;
  case nn::Merge::minimum:
    y = graph.node("Min", inputs, name);
    break;
  }
  graph.bind(op.getResult(), y);
  return mlir::success();
}

/// nn.add, the sum of two tensors of one shape (Keras's Add of two).
mlir::LogicalResult exportAdd(nn::AddOp op, OnnxGraph &graph) {
  graph.bind(op.getResult(), graph.node("Add", {graph[op.getA()], graph[op.getB()]},
                                        op.getName()));
  return mlir::success();
}

mlir::LogicalResult exportDropout(nn::DropoutOp op, OnnxGraph &graph) {
  if (op.getTraining())
    return op.emitError() << "layer '" << op.getName()
                          << "' (Dropout) is in training mode; the export is of inference";
  graph.bind(op.getResult(), graph[op.getX()]);
  return mlir::success();
}

} // namespace

void onnx_export::registerLayoutExports(mlir::MLIRContext *context) {
  attachExport<nn::FlattenOp, exportFlatten>(context);
  attachExport<nn::ReshapeOp, exportReshape>(context);
  attachExport<nn::SqueezeOp, exportSqueeze>(context);
  attachExport<nn::ReverseOp, exportReverse>(context);
  attachExport<nn::ConcatOp, exportConcat>(context);
  attachExport<nn::MergeOp, exportMerge>(context);
  attachExport<nn::AddOp, exportAdd>(context);
  attachExport<nn::DropoutOp, exportDropout>(context);
}
