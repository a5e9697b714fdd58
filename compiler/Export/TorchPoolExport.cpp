//===- TorchPoolExport.cpp - Pooling, resampling and margins as PyTorch ---===//
//
// Sliding poolings are F.max_pool2d and F.avg_pool2d (and their 1-D forms)
// on the image permuted to channels first, Keras's padding made explicit:
// -inf around a maximum, and for an average the sum over the window's
// cells that lie in the image divided by their count, as Keras averages; a
// minimum is -max(-x). Global pooling, upsampling and margins act on the
// NHWC tensor directly. None of them has weights, so they are functions in
// `forward`, not submodules.
//
//===----------------------------------------------------------------------===//

#include "Export/TorchExportInterface.h"

using namespace nnc;
using namespace nnc::torch_export;

namespace {

enum class Reduction { Max, Min, Average };

/// F.pad's padding of the channels-first image (the last axis first); empty
/// when nothing is padded.
std::string padArgument(llvm::ArrayRef<std::pair<int64_t, int64_t>> pads) {
  std::vector<int64_t> flat;
  bool any = false;
  for (auto it = pads.rbegin(); it != pads.rend(); ++it) {
    flat.push_back(it->first);
    flat.push_back(it->second);
    any |= it->first || it->second;
  }
  return any ? python::tuple(flat) : "";
}

/// MaxPooling2D, AveragePooling2D, MinPooling2D and their 1-D forms.
template <typename PoolOp, Reduction reduction>
mlir::LogicalResult exportPool(PoolOp op, TorchModule &module) {
  std::string name = op.getName().str();
  int rank = int(shapeOf(op.getX()).size());
  std::vector<int64_t> window(op.getPool().begin(), op.getPool().end());
  std::vector<int64_t> strides(op.getStrides().begin(), op.getStrides().end());
  std::string pads = padArgument(
      windowPadding(op.getX(), op.getResult(), window, strides, {}, op.getPadding()));
  std::string pool = llvm::formatv("F.{0}_pool{1}d",
                                   reduction == Reduction::Average ? "avg" : "max", rank - 2);
  auto pooled = [&](std::string x, const char *padValue) {
    if (!pads.empty())
      x = "F.pad(" + x + ", " + pads + padValue + ")";
    return pool + "(" + x + ", " + python::tuple(window) + ", " +
           python::tuple(strides) + ")";
  };
  std::string x = channelsFirst(module[op.getX()], rank);
  std::string y;
  switch (reduction) {
  case Reduction::Max:
    y = pooled(x, ", value=float(\"-inf\")");
    break;
  case Reduction::Min:
    y = "-" + pooled("-" + x, ", value=float(\"-inf\")");
    break;
  case Reduction::Average:
    y = pooled(x, "");
    if (!pads.empty()) // the mean of the cells inside the image
      y += " / " + pooled("torch.ones_like(" + x + "[:, :1])", "");
    break;
  }
  module.bind(op.getResult(), module.assign(name, channelsLast("(" + y + ")", rank)));
  return mlir::success();
}

mlir::LogicalResult exportGlobalPool(nn::GlobalPoolOp op, TorchModule &module) {
  std::vector<int64_t> axes;
  for (int64_t axis = 1; axis <= int64_t(op.getDimensions()); ++axis)
    axes.push_back(axis);
  bool average = op.getKind() == nn::GlobalPool::average;
  module.bind(op.getResult(),
              module.assign(op.getName(), module[op.getX()] + (average ? ".mean" : ".amax") +
                                              "(dim=" + python::tuple(axes) + ")"));
  return mlir::success();
}

/// UpSampling2D: each pixel repeated over its block.
mlir::LogicalResult exportUpsample(nn::Upsample2DOp op, TorchModule &module) {
  llvm::ArrayRef<int64_t> size = op.getSize();
  module.bind(op.getResult(),
              module.assign(op.getName(),
                            llvm::formatv("{0}.repeat_interleave({1}, dim=1)"
                                          ".repeat_interleave({2}, dim=2)",
                                          module[op.getX()], size[0], size[1])));
  return mlir::success();
}

/// Bed of nails: each pixel at the top left of its block, zeros elsewhere.
mlir::LogicalResult exportBedOfNails(nn::BedOfNailsUpsample2DOp op, TorchModule &module) {
  std::vector<int64_t> out = shapeOf(op.getResult());
  llvm::ArrayRef<int64_t> size = op.getSize();
  std::string x = module[op.getX()];
  std::string y = module.assign(
      op.getName(), llvm::formatv("{0}.new_zeros({0}.shape[0], {1}, {2}, {3})", x, out[1],
                                  out[2], out[3]));
  module.line(llvm::formatv("{0}[:, ::{1}, ::{2}] = {3}", y, size[0], size[1], x));
  module.bind(op.getResult(), y);
  return mlir::success();
}

/// MaxUnpooling2D: the positions of the maxima of `pool_input`'s windows
/// (F.max_pool2d's indices into the padded image, a window's first maximum
/// as nnc takes it), each value added at its position in zeros of the
/// input's shape, so that overlapping windows that share a maximum add up
/// as in nnc.
mlir::LogicalResult exportMaxUnpool(nn::MaxUnpool2DOp op, TorchModule &module) {
  std::string name = op.getName().str();
  std::vector<int64_t> window(op.getPool().begin(), op.getPool().end());
  std::vector<int64_t> strides(op.getStrides().begin(), op.getStrides().end());
  std::vector<int64_t> in = shapeOf(op.getPoolInput());
  auto pads =
      windowPadding(op.getPoolInput(), op.getValue(), window, strides, {}, op.getPadding());
  std::string input = module.assign(name + "_input", channelsFirst(module[op.getPoolInput()], 4));
  std::string padded = input;
  if (std::string padding = padArgument(pads); !padding.empty())
    padded = "F.pad(" + input + ", " + padding + ", value=float(\"-inf\"))";
  std::string indices = module.assign(
      name + "_indices",
      llvm::formatv("F.max_pool2d({0}, {1}, {2}, return_indices=True)[1]", padded,
                    python::tuple(window), python::tuple(strides)));
  int64_t paddedWidth = in[2] + pads[1].first + pads[1].second;
  module.line(llvm::formatv("{0} = ({0} // {1} - {2}) * {3} + {0} % {1} - {4}", indices,
                            paddedWidth, pads[0].first, in[2], pads[1].first));
  std::string y = module.assign(
      name,
      llvm::formatv("torch.zeros_like({0}).flatten(2).scatter_add(2, {1}.flatten(2), "
                    "{2}.flatten(2)).reshape({0}.shape)",
                    input, indices, channelsFirst(module[op.getValue()], 4)));
  module.line(y + " = " + channelsLast(y, 4));
  module.bind(op.getResult(), y);
  return mlir::success();
}

/// ZeroPadding2D; margins are [top, bottom, left, right].
mlir::LogicalResult exportZeroPadding(nn::ZeroPadding2DOp op, TorchModule &module) {
  llvm::ArrayRef<int64_t> m = op.getMargins();
  module.bind(op.getResult(),
              module.assign(op.getName(), "F.pad(" + module[op.getX()] + ", " +
                                              python::tuple({0, 0, m[2], m[3], m[0], m[1]}) +
                                              ")"));
  return mlir::success();
}

mlir::LogicalResult exportCropping(nn::Cropping2DOp op, TorchModule &module) {
  llvm::ArrayRef<int64_t> m = op.getMargins();
  std::vector<int64_t> in = shapeOf(op.getX());
  module.bind(op.getResult(),
              module.assign(op.getName(),
                            llvm::formatv("{0}[:, {1}:{2}, {3}:{4}]", module[op.getX()], m[0],
                                          in[1] - m[1], m[2], in[2] - m[3])));
  return mlir::success();
}

} // namespace

void torch_export::registerPoolExports(mlir::MLIRContext *context) {
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
