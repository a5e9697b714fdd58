//===- TorchConvExport.cpp - Dense and convolutions as PyTorch ------------===//
//
// Dense is nn.Linear (weight (out, in), the Keras kernel transposed), which
// like Keras acts on the last axis. Convolutions are nn.Conv2d, nn.Conv1d
// and nn.ConvTranspose2d on the image permuted to channels first, their
// kernels OIHW ([KH, KW, C, F] -> [F, C, KH, KW]; ConvTranspose2d's is
// [C, F, KH, KW]). Keras's padding is the module's own where it is the same
// on both sides, else an explicit F.pad, as TensorFlow places it.
//
//===----------------------------------------------------------------------===//

#include "Export/TorchExportInterface.h"

#include "nn/IR/ShapeArithmetic.h"

using namespace nnc;
using namespace nnc::torch_export;

namespace {

std::string boolean(bool value) { return value ? "True" : "False"; }

mlir::LogicalResult exportDense(nn::DenseOp op, TorchModule &module) {
  std::string name = op.getName().str();
  std::vector<int64_t> kernel = shapeOf(op.getKernel());
  std::string layer = module.submodule(
      name, llvm::formatv("nn.Linear({0}, {1}, bias={2})", kernel[0], kernel[1],
                          boolean(bool(op.getBias()))));
  if (mlir::failed(module.copy(op, name + ".weight", op.getKernel(), {1, 0})) ||
      (op.getBias() && mlir::failed(module.copy(op, name + ".bias", op.getBias()))))
    return mlir::failure();
  module.bind(op.getResult(),
              module.assign(name, TorchModule::activation(layer + "(" + module[op.getX()] + ")",
                                                          op.getActivation(), std::nullopt)));
  return mlir::success();
}

/// F.pad's padding of the channels-first image for `pads` (one pair per
/// spatial axis, outermost first): the last axis first.
std::string padArgument(llvm::ArrayRef<std::pair<int64_t, int64_t>> pads) {
  std::vector<int64_t> flat;
  for (auto it = pads.rbegin(); it != pads.rend(); ++it) {
    flat.push_back(it->first);
    flat.push_back(it->second);
  }
  return python::tuple(flat);
}

bool symmetric(llvm::ArrayRef<std::pair<int64_t, int64_t>> pads) {
  return llvm::all_of(pads, [](auto pad) { return pad.first == pad.second; });
}

/// Conv2D ([KH, KW, C, F] kernels) and Conv1D ([K, C, F]).
template <typename ConvOp>
mlir::LogicalResult exportConvolution(ConvOp op, TorchModule &module) {
  std::string name = op.getName().str();
  std::vector<int64_t> kernel = shapeOf(op.getKernel());
  int rank = int(shapeOf(op.getX()).size());
  size_t spatial = kernel.size() - 2;
  std::vector<int64_t> window(kernel.begin(), kernel.begin() + spatial);
  std::vector<int64_t> strides(op.getStrides().begin(), op.getStrides().end());
  std::vector<int64_t> dilations(op.getDilation().begin(), op.getDilation().end());
  auto pads = windowPadding(op.getX(), op.getResult(), window, strides, dilations,
                            op.getPadding());
  std::vector<int64_t> modulePadding(spatial, 0);
  if (symmetric(pads))
    for (size_t axis = 0; axis < spatial; ++axis)
      modulePadding[axis] = pads[axis].first;
  std::string layer = module.submodule(
      name, llvm::formatv("nn.Conv{0}d({1}, {2}, {3}, stride={4}, padding={5}, "
                          "dilation={6}, bias={7})",
                          spatial, kernel[spatial], kernel[spatial + 1],
                          python::tuple(window), python::tuple(strides),
                          python::tuple(modulePadding), python::tuple(dilations),
                          boolean(bool(op.getBias()))));
  // [spatial..., C, F] -> [F, C, spatial...]
  std::vector<int64_t> toOIHW = {int64_t(spatial) + 1, int64_t(spatial)};
  for (size_t axis = 0; axis < spatial; ++axis)
    toOIHW.push_back(int64_t(axis));
  if (mlir::failed(module.copy(op, name + ".weight", op.getKernel(), toOIHW)) ||
      (op.getBias() && mlir::failed(module.copy(op, name + ".bias", op.getBias()))))
    return mlir::failure();
  std::string x = channelsFirst(module[op.getX()], rank);
  if (!symmetric(pads))
    x = "F.pad(" + x + ", " + padArgument(pads) + ")";
  std::string y = channelsLast(layer + "(" + x + ")", rank);
  module.bind(op.getResult(),
              module.assign(name, TorchModule::activation(y, op.getActivation(), std::nullopt)));
  return mlir::success();
}

/// Conv2DTranspose: ConvTranspose2d's full output ((H - 1) * stride + KH),
/// cropped as Keras crops it, or extended by output_padding where Keras's
/// output is longer (a kernel smaller than the stride).
mlir::LogicalResult exportConvTranspose(nn::Conv2DTransposeOp op, TorchModule &module) {
  std::string name = op.getName().str();
  std::vector<int64_t> in = shapeOf(op.getX()), out = shapeOf(op.getResult()),
                       kernel = shapeOf(op.getKernel());
  std::vector<int64_t> strides(op.getStrides().begin(), op.getStrides().end());
  std::vector<int64_t> before(2), outputPadding(2);
  for (size_t axis = 0; axis < 2; ++axis) {
    int64_t full = (in[axis + 1] - 1) * strides[axis] + kernel[axis];
    before[axis] = nn::getTransposedPaddingBefore(in[axis + 1], kernel[axis], strides[axis],
                                                  op.getPadding());
    outputPadding[axis] = std::max<int64_t>(before[axis] + out[axis + 1] - full, 0);
    if (outputPadding[axis] >= strides[axis])
      return op.emitError() << "layer '" << name
                            << "' (Conv2DTranspose): its output is longer than "
                               "PyTorch's ConvTranspose2d can make it";
  }
  std::string layer = module.submodule(
      name, llvm::formatv("nn.ConvTranspose2d({0}, {1}, {2}, stride={3}, "
                          "output_padding={4}, bias={5})",
                          kernel[3], kernel[2], python::tuple({kernel[0], kernel[1]}),
                          python::tuple(strides), python::tuple(outputPadding),
                          boolean(bool(op.getBias()))));
  // [KH, KW, F, C] -> [C, F, KH, KW]
  if (mlir::failed(module.copy(op, name + ".weight", op.getKernel(), {3, 2, 0, 1})) ||
      (op.getBias() && mlir::failed(module.copy(op, name + ".bias", op.getBias()))))
    return mlir::failure();
  std::string y = llvm::formatv("{0}({1})[:, :, {2}:{3}, {4}:{5}]", layer,
                                channelsFirst(module[op.getX()], 4), before[0],
                                before[0] + out[1], before[1], before[1] + out[2]);
  module.bind(op.getResult(),
              module.assign(name, TorchModule::activation(channelsLast(y, 4),
                                                          op.getActivation(), std::nullopt)));
  return mlir::success();
}

} // namespace

void torch_export::registerConvExports(mlir::MLIRContext *context) {
  attachExport<nn::DenseOp, exportDense>(context);
  attachExport<nn::Conv2DOp, exportConvolution<nn::Conv2DOp>>(context);
  attachExport<nn::Conv1DOp, exportConvolution<nn::Conv1DOp>>(context);
  attachExport<nn::Conv2DTransposeOp, exportConvTranspose>(context);
}
