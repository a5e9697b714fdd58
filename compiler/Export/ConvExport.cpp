//===- ConvExport.cpp - Dense and convolutions as ONNX --------------------===//
//
// Dense is MatMul over the last axis, as Keras computes it. Convolutions are
// ONNX's Conv and ConvTranspose, which read NCHW images and OIHW kernels:
// the image is transposed around the node, the Keras kernel ([KH, KW, C, F]
// for Conv2D, [K, C, F] for Conv1D, [KH, KW, F, C] for Conv2DTranspose) by a
// Transpose on the parameter. Padding is explicit, as TensorFlow places it
// (nn/IR/ShapeArithmetic.h): ONNX's SAME_UPPER would agree, but explicit
// pads also state 'causal'.
//
//===----------------------------------------------------------------------===//

#include "Export/OnnxExportInterface.h"

#include "nn/IR/ShapeArithmetic.h"

using namespace nnc;
using namespace nnc::onnx_export;

namespace {

mlir::LogicalResult exportDense(nn::DenseOp op, OnnxGraph &graph) {
  std::string name = op.getName().str();
  std::string y = graph.node("MatMul", {graph[op.getX()], graph[op.getKernel()]}, name);
  if (op.getBias())
    y = graph.node("Add", {y, graph[op.getBias()]}, name);
  graph.bind(op.getResult(), graph.activation(y, op.getActivation(), std::nullopt, name));
  return mlir::success();
}

/// Conv2D ([KH, KW, C, F] kernels) and Conv1D ([K, C, F]).
template <typename ConvOp>
mlir::LogicalResult exportConvolution(ConvOp op, OnnxGraph &graph) {
  std::string name = op.getName().str();
  std::vector<int64_t> kernelShape = shapeOf(op.getKernel());
  int rank = int(shapeOf(op.getX()).size());
  size_t spatial = kernelShape.size() - 2;
  std::vector<int64_t> window(kernelShape.begin(), kernelShape.begin() + spatial);
  // [spatial..., C, F] -> [F, C, spatial...]
  std::vector<int64_t> toOIHW = {int64_t(spatial) + 1, int64_t(spatial)};
  for (size_t axis = 0; axis < spatial; ++axis)
    toOIHW.push_back(int64_t(axis));
  std::vector<std::string> inputs = {
      graph.transposeToChannelsFirst(graph[op.getX()], rank, name),
      graph.transpose(graph[op.getKernel()], toOIHW, name + "_kernel")};
  if (op.getBias())
    inputs.push_back(graph[op.getBias()]);
  std::vector<int64_t> strides(op.getStrides().begin(), op.getStrides().end());
  std::vector<int64_t> dilations(op.getDilation().begin(), op.getDilation().end());
  std::string y = graph.node(
      "Conv", inputs, name,
      {{"kernel_shape", window},
       {"strides", strides},
       {"dilations", dilations},
       {"pads", onnxPads(op.getX(), op.getResult(), window, strides, dilations,
                           op.getPadding())}});
  y = graph.transposeToChannelsLast(y, rank, name);
  graph.bind(op.getResult(), graph.activation(y, op.getActivation(), std::nullopt, name));
  return mlir::success();
}

/// Conv2DTranspose: ConvTranspose's full output ((H - 1) * stride + KH),
/// cropped as Keras crops it, or extended by output_padding where Keras's
/// output is longer (a kernel smaller than the stride).
mlir::LogicalResult exportConvTranspose(nn::Conv2DTransposeOp op, OnnxGraph &graph) {
  std::string name = op.getName().str();
  std::vector<int64_t> in = shapeOf(op.getX()), out = shapeOf(op.getResult()),
                       kernel = shapeOf(op.getKernel());
  std::vector<int64_t> strides(op.getStrides().begin(), op.getStrides().end());
  std::vector<int64_t> pads(4), outputPadding(2);
  for (size_t axis = 0; axis < 2; ++axis) {
    int64_t full = (in[axis + 1] - 1) * strides[axis] + kernel[axis];
    int64_t before = nn::getTransposedPaddingBefore(in[axis + 1], kernel[axis],
                                                    strides[axis], op.getPadding());
    int64_t after = full - before - out[axis + 1];
    pads[axis] = before;
    pads[2 + axis] = std::max<int64_t>(after, 0);
    outputPadding[axis] = std::max<int64_t>(-after, 0);
    if (outputPadding[axis] >= strides[axis])
      return op.emitError() << "layer '" << name
                            << "' (Conv2DTranspose): its output is longer than "
                               "ONNX's ConvTranspose can make it";
  }
  std::vector<std::string> inputs = {
      graph.transposeToChannelsFirst(graph[op.getX()], 4, name),
      // [KH, KW, F, C] -> [C, F, KH, KW]: ONNX's (input channels, output
      // channels, ...)
      graph.transpose(graph[op.getKernel()], {3, 2, 0, 1}, name + "_kernel")};
  if (op.getBias())
    inputs.push_back(graph[op.getBias()]);
  std::string y = graph.node("ConvTranspose", inputs, name,
                             {{"kernel_shape", std::vector<int64_t>{kernel[0], kernel[1]}},
                              {"strides", strides},
                              {"pads", pads},
                              {"output_padding", outputPadding}});
  y = graph.transposeToChannelsLast(y, 4, name);
  graph.bind(op.getResult(), graph.activation(y, op.getActivation(), std::nullopt, name));
  return mlir::success();
}

} // namespace

void onnx_export::registerConvExports(mlir::MLIRContext *context) {
  attachExport<nn::DenseOp, exportDense>(context);
  attachExport<nn::Conv2DOp, exportConvolution<nn::Conv2DOp>>(context);
  attachExport<nn::Conv1DOp, exportConvolution<nn::Conv1DOp>>(context);
  attachExport<nn::Conv2DTransposeOp, exportConvTranspose>(context);
}
