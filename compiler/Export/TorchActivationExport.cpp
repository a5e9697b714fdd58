//===- TorchActivationExport.cpp - Activations and normalizations as PyTorch ===//
//
// Activations are torch functions (TorchModule::activation). Keras's
// BatchNormalization normalizes the last (channel) axis; PyTorch's
// nn.BatchNorm1d/2d the second, so the module runs on the tensor permuted
// to channels first. Its momentum is Keras's complement (PyTorch weighs the
// batch's statistics by `momentum`, Keras the moving ones); while training,
// PyTorch also keeps the unbiased variance where Keras keeps the biased
// one, which the exported inference does not see. LayerNormalization is
// nn.LayerNorm over the last axis. A layer without a scale or an offset
// gets ones or zeros in its place, since PyTorch's have both or neither.
//
//===----------------------------------------------------------------------===//

#include "Export/TorchExportInterface.h"

#include "nn/IR/ShapeArithmetic.h"

#include <cstdlib>

using namespace nnc;
using namespace nnc::torch_export;

namespace {

mlir::LogicalResult exportActivation(nn::ActivationOp op, TorchModule &module) {
  module.bind(op.getResult(),
              module.assign(op.getName(), TorchModule::activation(module[op.getX()],
                                                                  op.getActivation(),
                                                                  op.getAlphaOrDefault())));
  return mlir::success();
}

mlir::LogicalResult exportSoftmax(nn::SoftmaxOp op, TorchModule &module) {
  int64_t rank = int64_t(shapeOf(op.getX()).size());
  module.bind(op.getResult(),
              module.assign(op.getName(),
                            "torch.softmax(" + module[op.getX()] + ", dim=" +
                                std::to_string(*nn::normalizeAxis(op.getAxis(), rank)) + ")"));
  return mlir::success();
}

/// 1 - `value` of the decimal the user wrote (Keras's momentum 0.99 is
/// PyTorch's 0.01, not 1 - 0.99f).
double complement(float value) {
  return 1.0 - std::strtod(python::number(value).c_str(), nullptr);
}

/// The scale and offset of a normalization: both, or neither when the
/// layer has neither.
mlir::LogicalResult affineParams(mlir::Operation *op, TorchModule &module,
                                 const std::string &name, mlir::Value gamma, mlir::Value beta,
                                 int64_t channels) {
  if (!gamma && !beta)
    return mlir::success();
  if (gamma ? mlir::failed(module.copy(op, name + ".weight", gamma))
            : (module.constant(name + ".weight", {channels}, 1.0f), false))
    return mlir::failure();
  if (beta ? mlir::failed(module.copy(op, name + ".bias", beta))
           : (module.constant(name + ".bias", {channels}, 0.0f), false))
    return mlir::failure();
  return mlir::success();
}

mlir::LogicalResult exportBatchNorm(nn::BatchNormOp op, TorchModule &module) {
  std::string name = op.getName().str();
  if (op.getTraining())
    return op.emitError() << "layer '" << name
                          << "' (BatchNormalization) is in training mode; the export "
                             "is of inference";
  std::vector<int64_t> shape = shapeOf(op.getX());
  int rank = int(shape.size());
  if (rank < 2 || rank > 4)
    return op.emitError() << "layer '" << name << "' (BatchNormalization) of a rank-" << rank
                          << " tensor has no PyTorch form";
  int64_t channels = shape.back();
  bool affine = op.getGamma() || op.getBeta();
  std::string layer = module.submodule(
      name, llvm::formatv("nn.BatchNorm{0}d({1}, eps={2}, momentum={3}, affine={4})",
                          rank == 4 ? 2 : 1, channels,
                          python::number(op.getEpsilon().convertToFloat()),
                          python::number(complement(op.getMomentum().convertToFloat())),
                          affine ? "True" : "False"));
  if (mlir::failed(affineParams(op, module, name, op.getGamma(), op.getBeta(), channels)) ||
      mlir::failed(module.copy(op, name + ".running_mean", op.getMean())) ||
      mlir::failed(module.copy(op, name + ".running_var", op.getVariance())))
    return mlir::failure();
  module.constant(name + ".num_batches_tracked", {}, 0.0f, TorchParamRole::Counter);
  std::string x = module[op.getX()];
  std::string y = rank == 2 ? layer + "(" + x + ")"
                            : channelsLast(layer + "(" + channelsFirst(x, rank) + ")", rank);
  module.bind(op.getResult(), module.assign(name, y));
  return mlir::success();
}

mlir::LogicalResult exportLayerNorm(nn::LayerNormOp op, TorchModule &module) {
  std::string name = op.getName().str();
  int64_t channels = shapeOf(op.getX()).back();
  bool affine = op.getGamma() || op.getBeta();
  std::string layer = module.submodule(
      name, llvm::formatv("nn.LayerNorm({0}, eps={1}, elementwise_affine={2})", channels,
                          python::number(op.getEpsilon().convertToFloat()),
                          affine ? "True" : "False"));
  if (mlir::failed(affineParams(op, module, name, op.getGamma(), op.getBeta(), channels)))
    return mlir::failure();
  module.bind(op.getResult(), module.assign(name, layer + "(" + module[op.getX()] + ")"));
  return mlir::success();
}

} // namespace

void torch_export::registerActivationExports(mlir::MLIRContext *context) {
  attachExport<nn::ActivationOp, exportActivation>(context);
  attachExport<nn::SoftmaxOp, exportSoftmax>(context);
  attachExport<nn::BatchNormOp, exportBatchNorm>(context);
  attachExport<nn::LayerNormOp, exportLayerNorm>(context);
}
