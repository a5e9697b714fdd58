//===- PoolExport.cpp - Pooling, resampling and margins as ONNX -----------===//
//
// Sliding poolings are ONNX's MaxPool and AveragePool on NCHW images, with
// Keras's padding made explicit; AveragePool leaves padded cells out of the
// mean (count_include_pad = 0), as Keras does; a minimum is -max(-x). Global
// pooling, upsampling and margins act on the NHWC tensor directly.
//
//===----------------------------------------------------------------------===//

#include "Export/OnnxExportInterface.h"

using namespace nnc;
using namespace nnc::onnx_export;

namespace {

enum class Reduction { Max, Min, Average };

/// MaxPooling2D, AveragePooling2D, MinPooling2D and their 1-D forms.
template <typename PoolOp, Reduction reduction>
mlir::LogicalResult exportPool(PoolOp op, OnnxGraph &graph) {
  std::string name = op.getName().str();
  int rank = int(shapeOf(op.getX()).size());
  std::vector<int64_t> window(op.getPool().begin(), op.getPool().end());
  std::vector<int64_t> strides(op.getStrides().begin(), op.getStrides().end());
  std::string x = graph.transposeToChannelsFirst(graph[op.getX()], rank, name);
  if (reduction == Reduction::Min)
    x = graph.node("Neg", {x}, name);
  std::vector<OnnxAttribute> attributes = {
      {"kernel_shape", window},
      {"strides", strides},
      {"pads", onnxPads(op.getX(), op.getResult(), window, strides, {}, op.getPadding())}};
  if (reduction == Reduction::Average)
    attributes.push_back({"count_include_pad", int64_t(0)});
  std::string y = graph.node(reduction == Reduction::Average ? "AveragePool" : "MaxPool",
                             {x}, name, attributes);
  if (reduction == Reduction::Min)
    y = graph.node("Neg", {y}, name);
  graph.bind(op.getResult(), graph.transposeToChannelsLast(y, rank, name));
  return mlir::success();
}

mlir::LogicalResult exportGlobalPool(nn::GlobalPoolOp op, OnnxGraph &graph) {
  std::vector<int64_t> axes;
  for (int64_t axis = 1; axis <= int64_t(op.getDimensions()); ++axis)
    axes.push_back(axis);
  bool average = op.getKind() == nn::GlobalPool::average;
  graph.bind(op.getResult(),
             graph.node(average ? "ReduceMean" : "ReduceMax", {graph[op.getX()]},
                        op.getName(), {{"axes", axes}, {"keepdims", int64_t(0)}}));
  return mlir::success();
}

/// UpSampling2D: each pixel repeated over its block (nearest neighbour with
/// integer scales, source pixel floor(out / scale)).
mlir::LogicalResult exportUpsample(nn::Upsample2DOp op, OnnxGraph &graph) {
  std::string name = op.getName().str();
  llvm::ArrayRef<int64_t> size = op.getSize();
  std::string scales =
      graph.floats({1.0f, float(size[0]), float(size[1]), 1.0f}, name + "_scales");
  graph.bind(op.getResult(),
             graph.node("Resize", {graph[op.getX()], "", scales}, name,
                        {{"mode", std::string("nearest")},
                         {"coordinate_transformation_mode", std::string("asymmetric")},
                         {"nearest_mode", std::string("floor")}}));
  return mlir::success();
}

/// Bed of nails: [N, H, W, C] seen as [N, H, 1, W, 1, C], padded with zeros
/// to [N, H, sh, W, sw, C], seen as [N, H sh, W sw, C].
mlir::LogicalResult exportBedOfNails(nn::BedOfNailsUpsample2DOp op, OnnxGraph &graph) {
  std::string name = op.getName().str();
  std::vector<int64_t> in = shapeOf(op.getX()), out = shapeOf(op.getResult());
  llvm::ArrayRef<int64_t> size = op.getSize();
  std::string blocks =
      graph.node("Reshape",
                 {graph[op.getX()], graph.int64s({0, in[1], 1, in[2], 1, in[3]}, name + "_blocks")},
                 name);
  std::string padded = graph.node(
      "Pad",
      {blocks, graph.int64s({0, 0, 0, 0, 0, 0, 0, 0, size[0] - 1, 0, size[1] - 1, 0}, name + "_pads")},
      name);
  graph.bind(op.getResult(),
             graph.node("Reshape",
                        {padded, graph.int64s({0, out[1], out[2], out[3]}, name + "_shape")},
                        name));
  return mlir::success();
}

/// MaxUnpooling2D: the max pooling of `pool_input` again, for the positions
/// of its maxima (ONNX's MaxPool returns a window's first maximum, as nnc
/// takes it, as flat indices into the NCHW input), then each value added at
/// its position in zeros of the input's shape: ScatterElements with
/// reduction add, so that overlapping windows that share a maximum add up
/// as in nnc (ONNX's MaxUnpool would keep one of them).
mlir::LogicalResult exportMaxUnpool(nn::MaxUnpool2DOp op, OnnxGraph &graph) {
  std::string name = op.getName().str();
  std::vector<int64_t> window(op.getPool().begin(), op.getPool().end());
  std::vector<int64_t> strides(op.getStrides().begin(), op.getStrides().end());
  std::string poolInput = graph.transposeToChannelsFirst(graph[op.getPoolInput()], 4, name);
  std::vector<int64_t> pads =
      onnxPads(op.getPoolInput(), op.getValue(), window, strides, {}, op.getPadding());
  std::string indices = graph.nodeWithOutputs(
      "MaxPool", {poolInput}, name, 2,
      {{"kernel_shape", window}, {"strides", strides}, {"pads", pads}})[1];
  std::string flat = graph.int64s({-1}, name + "_flat");
  std::string shape = graph.node("Shape", {poolInput}, name);
  // ConstantOfShape's value is a float 0 by default.
  std::string zeros =
      graph.node("Reshape", {graph.node("ConstantOfShape", {shape}, name), flat}, name);
  std::string values = graph.node(
      "Reshape", {graph.transposeToChannelsFirst(graph[op.getValue()], 4, name), flat}, name);
  std::string scattered =
      graph.node("ScatterElements",
                 {zeros, graph.node("Reshape", {indices, flat}, name), values}, name,
                 {{"axis", int64_t(0)}, {"reduction", std::string("add")}});
  std::string image = graph.node("Reshape", {scattered, shape}, name);
  graph.bind(op.getResult(), graph.transposeToChannelsLast(image, 4, name));
  return mlir::success();
}

/// ZeroPadding2D; margins are [top, bottom, left, right].
mlir::LogicalResult exportZeroPadding(nn::ZeroPadding2DOp op, OnnxGraph &graph) {
  std::string name = op.getName().str();
  llvm::ArrayRef<int64_t> m = op.getMargins();
  graph.bind(op.getResult(),
             graph.node("Pad",
                        {graph[op.getX()],
                         graph.int64s({0, m[0], m[2], 0, 0, m[1], m[3], 0}, name + "_pads")},
                        name));
  return mlir::success();
}

mlir::LogicalResult exportCropping(nn::Cropping2DOp op, OnnxGraph &graph) {
  std::string name = op.getName().str();
  llvm::ArrayRef<int64_t> m = op.getMargins();
  std::vector<int64_t> in = shapeOf(op.getX());
  graph.bind(op.getResult(),
             graph.node("Slice",
                        {graph[op.getX()], graph.int64s({m[0], m[2]}, name + "_starts"),
                         graph.int64s({in[1] - m[1], in[2] - m[3]}, name + "_ends"),
                         graph.int64s({1, 2}, name + "_axes")},
                        name));
  return mlir::success();
}

} // namespace

void onnx_export::registerPoolExports(mlir::MLIRContext *context) {
  attachExport<nn::MaxPool2DOp, exportPool<nn::MaxPool2DOp, Reduction::Max>>(context);
  attachExport<nn::MinPool2DOp, exportPool<nn::MinPool2DOp, Reduction::Min>>(context);
  attachExport<nn::AvgPool2DOp, exportPool<nn::AvgPool2DOp, Reduction::Average>>(context);
  attachExport<nn::MaxPool1DOp, exportPool<nn::MaxPool1DOp, Reduction::Max>>(context);
  attachExport<nn::AvgPool1DOp, exportPool<nn::AvgPool1DOp, Reduction::Average>>(context);
  attachExport<nn::GlobalPoolOp, exportGlobalPool>(context);
  attachExport<nn::Upsample2DOp, exportUpsample>(context);
  attachExport<nn::BedOfNailsUpsample2DOp, exportBedOfNails>(context);
  attachExport<nn::MaxUnpool2DOp, exportMaxUnpool>(context);
  attachExport<nn::ZeroPadding2DOp, exportZeroPadding>(context);
  attachExport<nn::Cropping2DOp, exportCropping>(context);
}
