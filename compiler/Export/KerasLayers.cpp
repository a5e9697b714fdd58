//===- KerasLayers.cpp - Each layer op as Keras 3 -------------------------===//
//
// The language's layers are Keras's, so most ops are one Keras layer with
// the op's attributes as its arguments and nnc's weights, already in
// Keras's layouts, as its weights. The rest are keras.ops calls in the
// functional graph: a minimum pooling is -max(-x), bed-of-nails upsampling
// a reshape, pad and reshape. MaxUnpooling2D has no form: Keras has no op
// that gives the positions of a pooling's maxima.
//
//===----------------------------------------------------------------------===//

#include "Export/KerasExport.h"

#include "Export/KerasExportInterface.h"

#include "nn/IR/ShapeArithmetic.h"

#include "mlir/IR/BuiltinTypes.h"

using namespace nnc;
using namespace nnc::keras_export;

namespace {

using export_support::shapeOf;

std::string boolean(bool value) { return value ? "True" : "False"; }

std::string padding(nn::Padding padding) {
  return python::string(nn::stringifyPadding(padding));
}

std::string name(llvm::StringRef layer) { return "name=" + python::string(layer); }

/// `layer(arguments, name=...)(x)` bound to the op's result.
mlir::LogicalResult call(mlir::Operation *op, KerasModel &model, llvm::StringRef layerName,
                         const std::string &layer, const std::string &arguments,
                         const std::string &input) {
  std::string separator = arguments.empty() ? "" : ", ";
  model.bind(op->getResult(0),
             model.assign(layerName, "layers." + layer + "(" + arguments + separator +
                                         name(layerName) + ")(" + input + ")"));
  return mlir::success();
}

std::string listOf(KerasModel &model, mlir::ValueRange values) {
  std::vector<std::string> names;
  for (mlir::Value value : values)
    names.push_back(model[value]);
  return "[" + llvm::join(names, ", ") + "]";
}

int64_t axisOf(mlir::Value value, int64_t axis) {
  return *nn::normalizeAxis(axis, int64_t(shapeOf(value).size()));
}

//===- Dense and convolutions ---------------------------------------------===//

mlir::LogicalResult exportDense(nn::DenseOp op, KerasModel &model) {
  std::string units = std::to_string(shapeOf(op.getKernel()).back());
  if (mlir::failed(model.weights(op, op.getName(), {op.getKernel(), op.getBias()})))
    return mlir::failure();
  return call(op, model, op.getName(), "Dense",
              units + ", activation=" + KerasModel::activation(op.getActivation(), std::nullopt) +
                  ", use_bias=" + boolean(bool(op.getBias())),
              model[op.getX()]);
}

template <typename ConvOp>
mlir::LogicalResult exportConvolution(ConvOp op, KerasModel &model, const char *layer) {
  std::vector<int64_t> kernel = shapeOf(op.getKernel());
  size_t spatial = kernel.size() - 2;
  std::vector<int64_t> window(kernel.begin(), kernel.begin() + spatial);
  if (mlir::failed(model.weights(op, op.getName(), {op.getKernel(), op.getBias()})))
    return mlir::failure();
  return call(op, model, op.getName(), layer,
              llvm::formatv("{0}, {1}, strides={2}, padding={3}, dilation_rate={4}, "
                            "activation={5}, use_bias={6}",
                            kernel.back(), python::tuple(window),
                            python::tuple(op.getStrides()), padding(op.getPadding()),
                            python::tuple(op.getDilation()),
                            KerasModel::activation(op.getActivation(), std::nullopt),
                            boolean(bool(op.getBias())))
                  .str(),
              model[op.getX()]);
}

mlir::LogicalResult exportConv2D(nn::Conv2DOp op, KerasModel &model) {
  return exportConvolution(op, model, "Conv2D");
}

mlir::LogicalResult exportConv1D(nn::Conv1DOp op, KerasModel &model) {
  return exportConvolution(op, model, "Conv1D");
}

mlir::LogicalResult exportConvTranspose(nn::Conv2DTransposeOp op, KerasModel &model) {
  std::vector<int64_t> kernel = shapeOf(op.getKernel()); // [KH, KW, F, C]
  if (mlir::failed(model.weights(op, op.getName(), {op.getKernel(), op.getBias()})))
    return mlir::failure();
  return call(op, model, op.getName(), "Conv2DTranspose",
              llvm::formatv("{0}, {1}, strides={2}, padding={3}, activation={4}, use_bias={5}",
                            kernel[2], python::tuple({kernel[0], kernel[1]}),
                            python::tuple(op.getStrides()), padding(op.getPadding()),
                            KerasModel::activation(op.getActivation(), std::nullopt),
                            boolean(bool(op.getBias())))
                  .str(),
              model[op.getX()]);
}

//===- Pooling, resampling and margins ------------------------------------===//

template <typename PoolOp>
std::string poolArguments(PoolOp op) {
  return llvm::formatv("pool_size={0}, strides={1}, padding={2}",
                       python::tuple(op.getPool()), python::tuple(op.getStrides()),
                       padding(op.getPadding()));
}

template <typename PoolOp, const char *layer>
mlir::LogicalResult exportPool(PoolOp op, KerasModel &model) {
  return call(op, model, op.getName(), layer, poolArguments(op), model[op.getX()]);
}

mlir::LogicalResult exportMinPool(nn::MinPool2DOp op, KerasModel &model) {
  model.bind(op.getResult(),
             model.assign(op.getName(), "-layers.MaxPooling2D(" + poolArguments(op) + ", " +
                                            name(op.getName()) + ")(-" + model[op.getX()] +
                                            ")"));
  return mlir::success();
}

constexpr char kMaxPooling2D[] = "MaxPooling2D", kAveragePooling2D[] = "AveragePooling2D",
               kMaxPooling1D[] = "MaxPooling1D", kAveragePooling1D[] = "AveragePooling1D";

mlir::LogicalResult exportGlobalPool(nn::GlobalPoolOp op, KerasModel &model) {
  bool average = op.getKind() == nn::GlobalPool::average;
  std::string layer = llvm::formatv("Global{0}Pooling{1}D", average ? "Average" : "Max",
                                    op.getDimensions());
  return call(op, model, op.getName(), layer, "", model[op.getX()]);
}

mlir::LogicalResult exportUpsample(nn::Upsample2DOp op, KerasModel &model) {
  return call(op, model, op.getName(), "UpSampling2D",
              "size=" + python::tuple(op.getSize()), model[op.getX()]);
}

/// [N, H, W, C] seen as [N, H, 1, W, 1, C], padded with zeros to
/// [N, H, sh, W, sw, C], seen as [N, H sh, W sw, C].
mlir::LogicalResult exportBedOfNails(nn::BedOfNailsUpsample2DOp op, KerasModel &model) {
  std::vector<int64_t> in = shapeOf(op.getX()), out = shapeOf(op.getResult());
  llvm::ArrayRef<int64_t> size = op.getSize();
  model.bind(op.getResult(),
             model.assign(op.getName(),
                          llvm::formatv("ops.reshape(ops.pad(ops.reshape({0}, (-1, {1}, 1, {2}, "
                                        "1, {3})), ((0, 0), (0, 0), (0, {4}), (0, 0), (0, {5}), "
                                        "(0, 0))), (-1, {6}, {7}, {3}))",
                                        model[op.getX()], in[1], in[2], in[3], size[0] - 1,
                                        size[1] - 1, out[1], out[2])));
  return mlir::success();
}

mlir::LogicalResult exportMaxUnpool(nn::MaxUnpool2DOp op, KerasModel &) {
  return op.emitError() << "layer '" << op.getName()
                        << "' (MaxUnpooling2D) has no Keras form: Keras has no op that "
                           "gives the positions of a pooling's maxima";
}

mlir::LogicalResult exportZeroPadding(nn::ZeroPadding2DOp op, KerasModel &model) {
  llvm::ArrayRef<int64_t> m = op.getMargins(); // top, bottom, left, right
  return call(op, model, op.getName(), "ZeroPadding2D",
              llvm::formatv("padding=(({0}, {1}), ({2}, {3}))", m[0], m[1], m[2], m[3]),
              model[op.getX()]);
}

mlir::LogicalResult exportCropping(nn::Cropping2DOp op, KerasModel &model) {
  llvm::ArrayRef<int64_t> m = op.getMargins();
  return call(op, model, op.getName(), "Cropping2D",
              llvm::formatv("cropping=(({0}, {1}), ({2}, {3}))", m[0], m[1], m[2], m[3]),
              model[op.getX()]);
}

//===- Reshapes, merges and dropout ---------------------------------------===//

mlir::LogicalResult exportFlatten(nn::FlattenOp op, KerasModel &model) {
  return call(op, model, op.getName(), "Flatten", "", model[op.getX()]);
}

mlir::LogicalResult exportReshape(nn::ReshapeOp op, KerasModel &model) {
  return call(op, model, op.getName(), "Reshape",
              "target_shape=" +
                  python::tuple(llvm::ArrayRef(shapeOf(op.getResult())).drop_front()),
              model[op.getX()]);
}

mlir::LogicalResult exportSqueeze(nn::SqueezeOp op, KerasModel &model) {
  model.bind(op.getResult(),
             model.assign(op.getName(), "ops.squeeze(" + model[op.getX()] + ", axis=" +
                                            std::to_string(axisOf(op.getX(), op.getAxis())) +
                                            ")"));
  return mlir::success();
}

mlir::LogicalResult exportReverse(nn::ReverseOp op, KerasModel &model) {
  model.bind(op.getResult(),
             model.assign(op.getName(), "ops.flip(" + model[op.getX()] + ", axis=" +
                                            std::to_string(axisOf(op.getX(), op.getAxis())) +
                                            ")"));
  return mlir::success();
}

mlir::LogicalResult exportConcat(nn::ConcatOp op, KerasModel &model) {
  return call(op, model, op.getName(), "Concatenate",
              "axis=" + std::to_string(axisOf(op.getResult(), op.getAxis())),
              listOf(model, op.getInputs()));
}

mlir::LogicalResult exportMerge(nn::MergeOp op, KerasModel &model) {
  const char *layer = "Add";
  switch (op.getKind()) {
  case nn::Merge::add:
    layer = "Add";
    break;
  case nn::Merge::subtract:
    layer = "Subtract";
    break;
  case nn::Merge::multiply:
    layer = "Multiply";
    break;
  case nn::Merge::average:
    layer = "Average";
    break;
  case nn::Merge::maximum:
    layer = "Maximum";
    break;
  case nn::Merge::minimum:
    layer = "Minimum";
    break;
  }
  return call(op, model, op.getName(), layer, "", listOf(model, op.getInputs()));
}

mlir::LogicalResult exportAdd(nn::AddOp op, KerasModel &model) {
  return call(op, model, op.getName(), "Add", "",
              "[" + model[op.getA()] + ", " + model[op.getB()] + "]");
}

mlir::LogicalResult exportDropout(nn::DropoutOp op, KerasModel &model) {
  std::string arguments = python::number(op.getRate().convertToFloat());
  if (llvm::ArrayRef<int64_t> shared = op.getSharedAxes(); !shared.empty()) {
    // One draw along the shared axes: Keras's noise_shape, None where it
    // follows the input.
    std::vector<std::string> noise = {"None"};
    for (int64_t axis = 1; axis < int64_t(shapeOf(op.getX()).size()); ++axis)
      noise.push_back(llvm::is_contained(shared, axis) ? "1" : "None");
    arguments += ", noise_shape=(" + llvm::join(noise, ", ") + ")";
  }
  return call(op, model, op.getName(), "Dropout", arguments, model[op.getX()]);
}

//===- Activations and normalizations -------------------------------------===//

mlir::LogicalResult exportActivation(nn::ActivationOp op, KerasModel &model) {
  return call(op, model, op.getName(), "Activation",
              KerasModel::activation(op.getActivation(), op.getAlphaOrDefault()),
              model[op.getX()]);
}

mlir::LogicalResult exportSoftmax(nn::SoftmaxOp op, KerasModel &model) {
  return call(op, model, op.getName(), "Softmax",
              "axis=" + std::to_string(axisOf(op.getX(), op.getAxis())), model[op.getX()]);
}

mlir::LogicalResult exportBatchNorm(nn::BatchNormOp op, KerasModel &model) {
  if (mlir::failed(model.weights(op, op.getName(),
                                 {op.getGamma(), op.getBeta(), op.getMean(), op.getVariance()})))
    return mlir::failure();
  return call(op, model, op.getName(), "BatchNormalization",
              llvm::formatv("axis=-1, momentum={0}, epsilon={1}, center={2}, scale={3}",
                            python::number(op.getMomentum().convertToFloat()),
                            python::number(op.getEpsilon().convertToFloat()),
                            boolean(bool(op.getBeta())), boolean(bool(op.getGamma()))),
              model[op.getX()]);
}

mlir::LogicalResult exportLayerNorm(nn::LayerNormOp op, KerasModel &model) {
  if (mlir::failed(model.weights(op, op.getName(), {op.getGamma(), op.getBeta()})))
    return mlir::failure();
  return call(op, model, op.getName(), "LayerNormalization",
              llvm::formatv("axis=-1, epsilon={0}, center={1}, scale={2}",
                            python::number(op.getEpsilon().convertToFloat()),
                            boolean(bool(op.getBeta())), boolean(bool(op.getGamma()))),
              model[op.getX()]);
}

//===- Embedding and recurrent layers -------------------------------------===//

mlir::LogicalResult exportEmbedding(nn::EmbeddingOp op, KerasModel &model) {
  std::vector<int64_t> table = shapeOf(op.getTable());
  if (mlir::failed(model.weights(op, op.getName(), {op.getTable()})))
    return mlir::failure();
  return call(op, model, op.getName(), "Embedding",
              std::to_string(table[0]) + ", " + std::to_string(table[1]),
              model[op.getTokens()]);
}

/// LSTM, GRU and SimpleRNN with return_state: the output (sequence or last
/// step) and the final states.
template <typename RecurrentOp>
mlir::LogicalResult exportRecurrent(RecurrentOp op, KerasModel &model, const char *layer,
                                    const char *extra,
                                    llvm::ArrayRef<mlir::Value> finalStates) {
  std::string name = op.getName().str();
  if (mlir::failed(model.weights(op, name, {op.getKernel(), op.getRecurrentKernel(),
                                            op.getBias()})))
    return mlir::failure();
  std::vector<std::string> results = {model.freshName(name)};
  for (size_t i = 0; i < finalStates.size(); ++i)
    results.push_back(model.freshName(name + (i == 0 ? "_h" : "_c")));
  std::string call = llvm::formatv(
      "layers.{0}({1}, return_sequences={2}, return_state=True{3}, {4})({5}", layer,
      shapeOf(op.getRecurrentKernel())[0], boolean(op.getReturnSequences()), extra,
      ::name(name), model[op.getX()]);
  if (!op.getInitialState().empty())
    call += ", initial_state=" + listOf(model, op.getInitialState());
  model.line(llvm::join(results, ", ") + " = " + call + ")");
  model.bind(op.getOutput(), results[0]);
  for (size_t i = 0; i < finalStates.size(); ++i)
    model.bind(finalStates[i], results[i + 1]);
  return mlir::success();
}

mlir::LogicalResult exportLSTM(nn::LSTMOp op, KerasModel &model) {
  return exportRecurrent(op, model, "LSTM", "", {op.getFinalH(), op.getFinalC()});
}

mlir::LogicalResult exportGRU(nn::GRUOp op, KerasModel &model) {
  return exportRecurrent(op, model, "GRU", ", reset_after=True", {op.getFinalH()});
}

mlir::LogicalResult exportSimpleRNN(nn::SimpleRNNOp op, KerasModel &model) {
  return exportRecurrent(op, model, "SimpleRNN", "", {op.getFinalH()});
}

/// The external model that exports `Op` with the function `Export`.
template <typename Op, auto Export>
struct ExportWith : KerasExport::ExternalModel<ExportWith<Op, Export>, Op> {
  mlir::LogicalResult exportToKeras(mlir::Operation *op, KerasModel &model) const {
    return Export(llvm::cast<Op>(op), model);
  }
};

template <typename Op, auto Export>
void attach(mlir::MLIRContext *context) {
  Op::template attachInterface<ExportWith<Op, Export>>(*context);
}

} // namespace

void nnc::registerKerasExports(mlir::DialectRegistry &registry) {
  registry.addExtension(+[](mlir::MLIRContext *context, nn::NNDialect *) {
    attach<nn::DenseOp, exportDense>(context);
    attach<nn::Conv2DOp, exportConv2D>(context);
    attach<nn::Conv1DOp, exportConv1D>(context);
    attach<nn::Conv2DTransposeOp, exportConvTranspose>(context);
    attach<nn::MaxPool2DOp, exportPool<nn::MaxPool2DOp, kMaxPooling2D>>(context);
    attach<nn::AvgPool2DOp, exportPool<nn::AvgPool2DOp, kAveragePooling2D>>(context);
    attach<nn::MaxPool1DOp, exportPool<nn::MaxPool1DOp, kMaxPooling1D>>(context);
    attach<nn::AvgPool1DOp, exportPool<nn::AvgPool1DOp, kAveragePooling1D>>(context);
    attach<nn::MinPool2DOp, exportMinPool>(context);
    attach<nn::GlobalPoolOp, exportGlobalPool>(context);
    attach<nn::Upsample2DOp, exportUpsample>(context);
    attach<nn::BedOfNailsUpsample2DOp, exportBedOfNails>(context);
    attach<nn::MaxUnpool2DOp, exportMaxUnpool>(context);
    attach<nn::ZeroPadding2DOp, exportZeroPadding>(context);
    attach<nn::Cropping2DOp, exportCropping>(context);
    attach<nn::FlattenOp, exportFlatten>(context);
    attach<nn::ReshapeOp, exportReshape>(context);
    attach<nn::SqueezeOp, exportSqueeze>(context);
    attach<nn::ReverseOp, exportReverse>(context);
    attach<nn::ConcatOp, exportConcat>(context);
    attach<nn::MergeOp, exportMerge>(context);
    attach<nn::AddOp, exportAdd>(context);
    attach<nn::DropoutOp, exportDropout>(context);
    attach<nn::ActivationOp, exportActivation>(context);
    attach<nn::SoftmaxOp, exportSoftmax>(context);
    attach<nn::BatchNormOp, exportBatchNorm>(context);
    attach<nn::LayerNormOp, exportLayerNorm>(context);
    attach<nn::EmbeddingOp, exportEmbedding>(context);
    attach<nn::LSTMOp, exportLSTM>(context);
    attach<nn::GRUOp, exportGRU>(context);
    attach<nn::SimpleRNNOp, exportSimpleRNN>(context);
  });
}
