//===- ActivationExport.cpp - Activations and normalizations as ONNX ------===//
//
// Activations map to ONNX ops (OnnxGraph::activation). BatchNormalization in
// inference mode is written out elementwise over the last (channel) axis,
// (x - mean) * (gamma / sqrt(variance + epsilon)) + beta, as nnc computes it,
// rather than ONNX's BatchNormalization, whose channel axis is the second;
// LayerNormalization is ONNX's own op (opset 17).
//
//===----------------------------------------------------------------------===//

#include "Export/OnnxExportInterface.h"

#include "nn/IR/ShapeArithmetic.h"

using namespace nnc;
using namespace nnc::onnx_export;

namespace {

std::optional<float> alphaOf(nn::ActivationOp op) {
  if (auto alpha = op.getAlpha())
    return alpha->convertToFloat();
  return std::nullopt;
}

mlir::LogicalResult exportActivation(nn::ActivationOp op, OnnxGraph &graph) {
  std::string y = graph.activation(graph[op.getX()], op.getActivation(), alphaOf(op),
                                   op.getName());
  // A linear activation layer adds no node.
  graph.bind(op.getResult(), y);
  return mlir::success();
}

mlir::LogicalResult exportSoftmax(nn::SoftmaxOp op, OnnxGraph &graph) {
  int64_t rank = int64_t(shapeOf(op.getX()).size());
  graph.bind(op.getResult(),
             graph.node("Softmax", {graph[op.getX()]}, op.getName(),
                        {{"axis", *nn::normalizeAxis(op.getAxis(), rank)}}));
  return mlir::success();
}

mlir::LogicalResult exportBatchNorm(nn::BatchNormOp op, OnnxGraph &graph) {
  if (op.getTraining())
    return op.emitError() << "layer '" << op.getName()
                          << "' (BatchNormalization) is in training mode; the export "
                             "is of inference";
  std::string name = op.getName().str();
  std::string deviation = graph.node(
      "Sqrt",
      {graph.node("Add",
                  {graph[op.getVariance()], graph.scalar(op.getEpsilon().convertToFloat(),
                                                         name + "_epsilon")},
                  name)},
      name);
  std::string scale = graph.node("Reciprocal", {deviation}, name);
  if (op.getGamma())
    scale = graph.node("Mul", {scale, graph[op.getGamma()]}, name);
  std::string y = graph.node(
      "Mul", {graph.node("Sub", {graph[op.getX()], graph[op.getMean()]}, name), scale}, name);
  if (op.getBeta())
    y = graph.node("Add", {y, graph[op.getBeta()]}, name);
  graph.bind(op.getResult(), y);
  return mlir::success();
}

mlir::LogicalResult exportLayerNorm(nn::LayerNormOp op, OnnxGraph &graph) {
  std::string name = op.getName().str();
  // ONNX requires a scale: ones when the layer has none (scale=false).
  std::string gamma =
      op.getGamma() ? graph[op.getGamma()]
                    : graph.floats(std::vector<float>(size_t(shapeOf(op.getX()).back()), 1.0f),
                                   name + "_ones");
  std::vector<std::string> inputs = {graph[op.getX()], gamma};
  if (op.getBeta())
    inputs.push_back(graph[op.getBeta()]);
  graph.bind(op.getResult(),
             graph.node("LayerNormalization", inputs, name,
                        {{"axis", int64_t(-1)},
                         {"epsilon", op.getEpsilon().convertToFloat()}}));
  return mlir::success();
}

} // namespace

void onnx_export::registerActivationExports(mlir::MLIRContext *context) {
  attachExport<nn::ActivationOp, exportActivation>(context);
  attachExport<nn::SoftmaxOp, exportSoftmax>(context);
  attachExport<nn::BatchNormOp, exportBatchNorm>(context);
  attachExport<nn::LayerNormOp, exportLayerNorm>(context);
}
