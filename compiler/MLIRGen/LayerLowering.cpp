//===- LayerLowering.cpp - One nn op (plus parameters) per layer call -----===//
//
// Parameter shapes follow Keras: dense kernel (in, units), conv2d kernel
// (kh, kw, in, filters), conv2d_transpose kernel (kh, kw, filters, in), bias
// (units or filters), embedding table (vocab, dim), LSTM kernel (in, 4 units).
// Everything else about shapes is the ops' business.
//
//===----------------------------------------------------------------------===//

#include "MLIRGen/LayerLowering.h"

#include "Frontend/Layers.h"
#include "nn/IR/NNOps.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/CheckedArithmetic.h"

using namespace nnc;
using namespace mlir;

namespace {

/// An activation as the language names it (Sema checked the name).
nn::Activation toActivation(StringRef name) {
  if (name == "swish") // Keras's other name of silu
    return nn::Activation::silu;
  return *nn::symbolizeActivation(name);
}

/// Builds the attribute list and operands of one call.
class CallLowering {
public:
  CallLowering(LayerContext &context, const ast::Call &call)
      : context(context), call(call), builder(context.getBuilder()),
        loc(call.calleeLoc) {
    attrs.push_back(builder.getNamedAttr("name", builder.getStringAttr(call.layerName)));
  }

  void addPair(StringRef attrName, StringRef param) {
    std::array<int64_t, 2> pair = getPairArg(call, param);
    attrs.push_back(builder.getNamedAttr(attrName, builder.getDenseI64ArrayAttr(pair)));
  }
  void addAxis() {
    attrs.push_back(
        builder.getNamedAttr("axis", builder.getI64IntegerAttr(getIntArg(call, "axis"))));
  }
  void addPadding() {
    auto padding = nn::symbolizePadding(getChoiceArg(call, "padding"));
    attrs.push_back(builder.getNamedAttr(
        "padding", nn::PaddingAttr::get(builder.getContext(), *padding)));
  }
  void addActivation() { addActivation(getChoiceArg(call, "activation")); }
  void addActivation(StringRef name) {
    attrs.push_back(builder.getNamedAttr(
        "activation", nn::ActivationAttr::get(builder.getContext(), toActivation(name))));
  }
  void addAttr(StringRef attrName, Attribute value) {
    attrs.push_back(builder.getNamedAttr(attrName, value));
  }
  void addShape() {
    attrs.push_back(builder.getNamedAttr(
        "shape", builder.getDenseI64ArrayAttr(getShapeArg(call, "shape"))));
  }

  /// Kernel (and bias when use_bias) as parameters after the data operands.
  void addKernelAndBias(ArrayRef<int64_t> kernelShape, int64_t biasSize) {
    operands.push_back(
        context.createParameter(call, "kernel", kernelShape, "glorot_uniform"));
    // After a kernel too large (reported), a bias too large would repeat it.
    if (operands.back() && getBoolArg(call, "use_bias"))
      operands.push_back(context.createParameter(call, "bias", {biasSize}, "zeros"));
  }

  Value create(StringRef opName) {
    return context.createOp(loc, opName, operands, attrs);
  }

  SmallVector<Value> operands;

private:
  LayerContext &context;
  const ast::Call &call;
  OpBuilder &builder;
  Location loc;
  SmallVector<NamedAttribute> attrs;
};

ArrayRef<int64_t> shapeOf(Value value) {
  return llvm::cast<RankedTensorType>(value.getType()).getShape();
}

/// max_unpool2d(value, pool=p): the windows and the input of the maxpool2d
/// that computed `p` (Sema checked that a maxpool2d did).
Value lowerMaxUnpool(LayerContext &context, const ast::Call &call,
                     CallLowering &lowering) {
  const ast::Literal &poolName = getArg(call, "pool");
  Value pooled = context.lookupValue(poolName.text);
  if (!pooled) // the pool had an error, reported where it happened
    return nullptr;
  auto pool = pooled.getDefiningOp<nn::MaxPool2DOp>();
  if (!pool) {
    emitError(poolName.loc) << "'" << poolName.text << "' is not the result of a maxpool2d";
    return nullptr;
  }
  lowering.operands.push_back(pool.getX());
  lowering.addAttr("pool", pool.getPoolAttr());
  lowering.addAttr("strides", pool.getStridesAttr());
  lowering.addAttr("padding", pool.getPaddingAttr());
  return lowering.create("nn.max_unpool2d");
}

/// "[14, 256]": a value's shape without the batch, as the language writes it.
std::string formatSampleShape(Value value) {
  std::string text = "[";
  for (auto [index, dim] : llvm::enumerate(shapeOf(value).drop_front())) {
    if (index)
      text += ", ";
    text += std::to_string(dim);
  }
  return text + "]";
}

/// embedding(vocab, dim): the table [vocab, dim], Keras's RandomUniform
/// (-0.05, 0.05) initialization.
Value lowerEmbedding(LayerContext &context, const ast::Call &call,
                     CallLowering &lowering) {
  int64_t vocab = getIntArg(call, "vocab"), dim = getIntArg(call, "dim");
  lowering.operands.push_back(
      context.createParameter(call, "embeddings", {vocab, dim}, "random_uniform"));
  return lowering.create("nn.embedding");
}

/// lstm(units): Keras's kernel [in, 4U] (glorot), recurrent_kernel [U, 4U]
/// (orthogonal) and bias [4U] (unit_forget_bias), gates in the order i, f, g,
/// o. The value is the op's `output`; its final state serves generation.
Value lowerLSTM(LayerContext &context, const ast::Call &call, CallLowering &lowering) {
  Value x = lowering.operands.front();
  if (shapeOf(x).size() != 3) {
    emitError(call.calleeLoc)
        << "'lstm' (Keras LSTM) needs a sequence input of shape [time, "
           "features] besides the batch, such as an embedding gives, got "
        << formatSampleShape(x);
    return nullptr;
  }
  int64_t in = shapeOf(x).back(), units = getIntArg(call, "units");
  std::optional<int64_t> gates = llvm::checkedMul<int64_t>(4, units);
  if (!gates) {
    emitError(call.calleeLoc) << call.layerName << " has " << units
                              << " units: the 4 * units columns of its kernel "
                                 "overflow a 64-bit size";
    return nullptr;
  }
  // Stop at a kernel too large: the other two share its 4 * units columns
  // and would say so again.
  Value kernel = context.createParameter(call, "kernel", {in, *gates}, "glorot_uniform");
  if (!kernel)
    return nullptr;
  lowering.operands.push_back(kernel);
  lowering.operands.push_back(context.createParameter(
      call, "recurrent_kernel", {units, *gates}, "orthogonal"));
  lowering.operands.push_back(
      context.createParameter(call, "bias", {*gates}, "unit_forget_bias"));
  lowering.addAttr("return_sequences",
                   context.getBuilder().getBoolAttr(getBoolArg(call, "return_sequences")));
  return lowering.create("nn.lstm");
}

} // namespace

Value nnc::lowerLayerCall(LayerContext &context, const ast::Call &call,
                          ArrayRef<Value> inputs) {
  CallLowering lowering(context, call);
  lowering.operands.assign(inputs.begin(), inputs.end());
  StringRef layer = call.spec->name;
  int64_t inChannels = shapeOf(inputs[0]).back();

  if (layer == "dense") {
    int64_t units = getIntArg(call, "units");
    lowering.addKernelAndBias({inChannels, units}, units);
    lowering.addActivation();
    return lowering.create("nn.dense");
  }
  if (layer == "conv2d" || layer == "conv2d_transpose") {
    int64_t filters = getIntArg(call, "filters");
    std::array<int64_t, 2> kernel = getPairArg(call, "kernel");
    bool transposed = layer == "conv2d_transpose";
    if (transposed)
      lowering.addKernelAndBias({kernel[0], kernel[1], filters, inChannels}, filters);
    else
      lowering.addKernelAndBias({kernel[0], kernel[1], inChannels, filters}, filters);
    lowering.addPair("strides", "strides");
    lowering.addPadding();
    if (!transposed)
      lowering.addPair("dilation", "dilation");
    lowering.addActivation();
    return lowering.create(transposed ? "nn.conv2d_transpose" : "nn.conv2d");
  }
  if (layer == "maxpool2d" || layer == "minpool2d" || layer == "avgpool2d") {
    lowering.addPair("pool", "pool");
    lowering.addPair("strides", "strides");
    lowering.addPadding();
    StringRef opName = llvm::StringSwitch<StringRef>(layer)
                           .Case("maxpool2d", "nn.max_pool2d")
                           .Case("minpool2d", "nn.min_pool2d")
                           .Default("nn.avg_pool2d");
    return lowering.create(opName);
  }
  if (layer == "upsample2d") {
    lowering.addPair("size", "size");
    bool bedOfNails = getChoiceArg(call, "mode") == "bed_of_nails";
    return lowering.create(bedOfNails ? "nn.bed_of_nails_upsample2d" : "nn.upsample2d");
  }
  if (layer == "embedding")
    return lowerEmbedding(context, call, lowering);
  if (layer == "lstm")
    return lowerLSTM(context, call, lowering);
  if (layer == "max_unpool2d")
    return lowerMaxUnpool(context, call, lowering);
  if (layer == "reshape") {
    lowering.addShape();
    return lowering.create("nn.reshape");
  }
  if (layer == "squeeze" || layer == "concat" || layer == "softmax") {
    lowering.addAxis();
    return lowering.create("nn." + layer.str());
  }
  if (layer == "zero_padding2d" || layer == "cropping2d") {
    std::array<int64_t, 4> margins =
        getMarginsArg(call, layer == "zero_padding2d" ? "padding" : "cropping");
    lowering.addAttr("margins", context.getBuilder().getDenseI64ArrayAttr(margins));
    return lowering.create("nn." + layer.str());
  }
  if (layer.starts_with("global_")) { // global_avgpool1d ... global_maxpool2d
    nn::GlobalPool kind =
        layer.contains("avg") ? nn::GlobalPool::average : nn::GlobalPool::max;
    lowering.addAttr("kind", nn::GlobalPoolAttr::get(context.getBuilder().getContext(), kind));
    lowering.addAttr("dimensions",
                     context.getBuilder().getI64IntegerAttr(layer.ends_with("1d") ? 1 : 2));
    return lowering.create("nn.global_pool");
  }
  if (std::optional<nn::Merge> merge = nn::symbolizeMerge(layer)) {
    lowering.addAttr("kind", nn::MergeAttr::get(context.getBuilder().getContext(), *merge));
    return lowering.create("nn.merge");
  }
  if (layer == "linear") // the identity: no op, the value flows through
    return inputs[0];
  if (layer == "flatten")
    return lowering.create("nn.flatten");
  // The elementwise activations: the layer's name is the activation's.
  StringRef activation = layer;
  if (layer == "gelu" && getBoolArg(call, "approximate"))
    activation = "gelu_tanh";
  lowering.addActivation(activation);
  // leaky_relu's negative_slope and elu's alpha are the op's alpha.
  for (const ParamSpec &param : call.spec->params)
    if (param.name == "negative_slope" || param.name == "alpha")
      lowering.addAttr("alpha", context.getBuilder().getF32FloatAttr(
                                    static_cast<float>(getNumberArg(call, param.name))));
  return lowering.create("nn.activation");
}
