//===- LayerLowering.cpp - One nn op (plus parameters) per layer call -----===//
//
// Parameter shapes follow Keras: dense kernel (in, units), conv2d kernel
// (kh, kw, in, filters), conv1d kernel (k, in, filters), conv2d_transpose
// kernel (kh, kw, filters, in), bias (units or filters), embedding table
// (vocab, dim), LSTM kernel (in, 4 units), GRU kernel (in, 3 units), GRU bias
// (2, 3 units).
// Everything else about shapes is the ops' business.
//
//===----------------------------------------------------------------------===//

#include "MLIRGen/LayerLowering.h"

#include "Frontend/Layers.h"
#include "Frontend/Sema.h"
#include "nn/IR/NNOps.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringMap.h"
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
  /// A 1-D window's length, stride or dilation: a one-element array.
  void addSingle(StringRef attrName, StringRef param) {
    attrs.push_back(
        builder.getNamedAttr(attrName, builder.getDenseI64ArrayAttr({getIntArg(call, param)})));
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

/// What tells Keras's recurrent layers apart when their weights are made.
struct RecurrentWeights {
  StringRef kerasClass; ///< "LSTM", in errors
  int64_t gates;        ///< the kernels hold gates * units columns
  /// Rows of the bias [rows, gates * units]; 0 for a 1-D bias.
  int64_t biasRows;
  StringRef biasInitializer;
};

/// A recurrent layer: Keras's kernel [in, G*U] (glorot), recurrent_kernel
/// [U, G*U] (orthogonal) and bias. The value is the op's `output`; its final
/// state serves generation.
Value lowerRecurrent(LayerContext &context, const ast::Call &call, CallLowering &lowering,
                     const RecurrentWeights &weights, StringRef opName) {
  Value x = lowering.operands.front();
  if (shapeOf(x).size() != 3) {
    emitError(call.calleeLoc)
        << "'" << call.callee << "' (Keras " << weights.kerasClass
        << ") needs a sequence input of shape [time, "
           "features] besides the batch, such as an embedding gives, got "
        << formatSampleShape(x);
    return nullptr;
  }
  int64_t in = shapeOf(x).back(), units = getIntArg(call, "units");
  std::optional<int64_t> gates = llvm::checkedMul<int64_t>(weights.gates, units);
  if (!gates) {
    emitError(call.calleeLoc) << call.layerName << " has " << units << " units: the "
                              << weights.gates
                              << " * units columns of its kernel "
                                 "overflow a 64-bit size";
    return nullptr;
  }
  // Stop at a kernel too large: the other two share its columns and would
  // say so again.
  Value kernel = context.createParameter(call, "kernel", {in, *gates}, "glorot_uniform");
  if (!kernel)
    return nullptr;
  lowering.operands.push_back(kernel);
  lowering.operands.push_back(context.createParameter(
      call, "recurrent_kernel", {units, *gates}, "orthogonal"));
  SmallVector<int64_t> biasShape = {*gates};
  if (weights.biasRows)
    biasShape.insert(biasShape.begin(), weights.biasRows);
  lowering.operands.push_back(
      context.createParameter(call, "bias", biasShape, weights.biasInitializer));
  lowering.addAttr("return_sequences",
                   context.getBuilder().getBoolAttr(getBoolArg(call, "return_sequences")));
  return lowering.create(opName);
}

/// lstm(units): gates i, f, g, o; bias [4U] (unit_forget_bias).
Value lowerLSTM(LayerContext &context, const ast::Call &call, CallLowering &lowering) {
  return lowerRecurrent(context, call, lowering, {"LSTM", 4, 0, "unit_forget_bias"},
                        "nn.lstm");
}

/// gru(units): gates z, r, h; reset_after=true's bias [2, 3U] (zeros), the
/// input bias and the recurrent bias.
Value lowerGRU(LayerContext &context, const ast::Call &call, CallLowering &lowering) {
  return lowerRecurrent(context, call, lowering, {"GRU", 3, 2, "zeros"}, "nn.gru");
}

/// simple_rnn(units): one tanh layer; bias [U] (zeros).
Value lowerSimpleRNN(LayerContext &context, const ast::Call &call, CallLowering &lowering) {
  return lowerRecurrent(context, call, lowering, {"SimpleRNN", 1, 0, "zeros"},
                        "nn.simple_rnn");
}

/// bidirectional(layer): `layer` (a recurrent layer call) forward, and again
/// with weights of its own on the time-reversed sequence, merged per step;
/// every op it makes carries nn.wrapper so `summary` shows one layer.
Value lowerBidirectional(LayerContext &context, const ast::Call &call,
                         CallLowering &lowering) {
  const ast::Call &layer = *call.inputs.front()->getCall();
  OpBuilder &builder = context.getBuilder();
  Block *block = builder.getInsertionBlock();
  Operation *before = block->empty() ? nullptr : &block->back();

  // The wrapped call under Keras's names for the two copies: its op and
  // parameters are "<wrapper>.forward_<layer>" and "<wrapper>.backward_<layer>".
  auto direction = [&](StringRef prefix, Value input) -> Value {
    ast::Call directed{layer.callee, layer.calleeLoc, {}, layer.args, layer.spec,
                       call.layerName + "." + prefix.str() + "_" + layer.layerName};
    return lowerLayerCall(context, directed, {input});
  };
  auto reverseTime = [&](Value value, StringRef role) -> Value {
    return context.createOp(
        call.calleeLoc, "nn.reverse", {value},
        {builder.getNamedAttr("name", builder.getStringAttr(call.layerName + "." + role)),
         builder.getNamedAttr("axis", builder.getI64IntegerAttr(1))});
  };
  Value x = lowering.operands.front();
  Value forward = direction("forward", x);
  if (!forward)
    return nullptr;
  Value reversed = reverseTime(x, "reversed_input");
  Value backward = reversed ? direction("backward", reversed) : nullptr;
  // Keras's go_backwards gives the steps last to first: put them back in order.
  if (backward && getBoolArg(layer, "return_sequences"))
    backward = reverseTime(backward, "backward_in_order");
  if (!backward)
    return nullptr;

  lowering.operands.assign({forward, backward});
  StringRef mode = getChoiceArg(call, "merge_mode");
  Value merged;
  if (mode == "concat") {
    lowering.addAttr("axis", builder.getI64IntegerAttr(-1));
    merged = lowering.create("nn.concat");
  } else {
    nn::Merge kind = llvm::StringSwitch<nn::Merge>(mode)
                         .Case("sum", nn::Merge::add)
                         .Case("mul", nn::Merge::multiply)
                         .Default(nn::Merge::average);
    lowering.addAttr("kind", nn::MergeAttr::get(builder.getContext(), kind));
    merged = lowering.create("nn.merge");
  }
  if (!merged)
    return nullptr;
  auto wrapper = builder.getDictionaryAttr(
      {builder.getNamedAttr("layer", builder.getStringAttr(call.layerName)),
       builder.getNamedAttr("keras_class", builder.getStringAttr("Bidirectional"))});
  for (Operation &op : llvm::make_range(
           before ? std::next(before->getIterator()) : block->begin(), block->end()))
    op.setAttr(nn::NNDialect::kWrapperAttrName, wrapper);
  return merged;
}

int64_t inputChannels(CallLowering &lowering) {
  return shapeOf(lowering.operands.front()).back();
}

Value lowerDense(LayerContext &, const ast::Call &call, CallLowering &lowering) {
  int64_t units = getIntArg(call, "units");
  lowering.addKernelAndBias({inputChannels(lowering), units}, units);
  lowering.addActivation();
  return lowering.create("nn.dense");
}

/// Keras's kernels: conv2d (kh, kw, in, filters), conv2d_transpose (kh, kw,
/// filters, in).
Value lowerConv2D(LayerContext &, const ast::Call &call, CallLowering &lowering) {
  int64_t filters = getIntArg(call, "filters");
  std::array<int64_t, 2> kernel = getPairArg(call, "kernel");
  bool transposed = call.spec->name == "conv2d_transpose";
  int64_t in = inputChannels(lowering);
  if (transposed)
    lowering.addKernelAndBias({kernel[0], kernel[1], filters, in}, filters);
  else
    lowering.addKernelAndBias({kernel[0], kernel[1], in, filters}, filters);
  lowering.addPair("strides", "strides");
  lowering.addPadding();
  if (!transposed)
    lowering.addPair("dilation", "dilation");
  lowering.addActivation();
  return lowering.create(transposed ? "nn.conv2d_transpose" : "nn.conv2d");
}

/// conv1d(filters, kernel): Keras's kernel [kernel, in, filters].
Value lowerConv1D(LayerContext &, const ast::Call &call, CallLowering &lowering) {
  int64_t filters = getIntArg(call, "filters");
  lowering.addKernelAndBias({getIntArg(call, "kernel"), inputChannels(lowering), filters},
                            filters);
  lowering.addSingle("strides", "strides");
  lowering.addPadding();
  lowering.addSingle("dilation", "dilation");
  lowering.addActivation();
  return lowering.create("nn.conv1d");
}

Value lowerPool1D(LayerContext &, const ast::Call &call, CallLowering &lowering) {
  lowering.addSingle("pool", "pool");
  lowering.addSingle("strides", "strides");
  lowering.addPadding();
  return lowering.create(call.spec->name == "maxpool1d" ? "nn.max_pool1d" : "nn.avg_pool1d");
}

Value lowerPool2D(LayerContext &, const ast::Call &call, CallLowering &lowering) {
  lowering.addPair("pool", "pool");
  lowering.addPair("strides", "strides");
  lowering.addPadding();
  return lowering.create(llvm::StringSwitch<StringRef>(call.spec->name)
                             .Case("maxpool2d", "nn.max_pool2d")
                             .Case("minpool2d", "nn.min_pool2d")
                             .Default("nn.avg_pool2d"));
}

Value lowerUpsample2D(LayerContext &, const ast::Call &call, CallLowering &lowering) {
  lowering.addPair("size", "size");
  bool bedOfNails = getChoiceArg(call, "mode") == "bed_of_nails";
  return lowering.create(bedOfNails ? "nn.bed_of_nails_upsample2d" : "nn.upsample2d");
}

Value lowerReshape(LayerContext &, const ast::Call &, CallLowering &lowering) {
  lowering.addShape();
  return lowering.create("nn.reshape");
}

/// squeeze, concat, softmax: their axis is their only attribute.
Value lowerAxisLayer(LayerContext &, const ast::Call &call, CallLowering &lowering) {
  lowering.addAxis();
  return lowering.create("nn." + call.spec->name.str());
}

Value lowerMargins(LayerContext &context, const ast::Call &call, CallLowering &lowering) {
  bool padding = call.spec->name == "zero_padding2d";
  std::array<int64_t, 4> margins = getMarginsArg(call, padding ? "padding" : "cropping");
  lowering.addAttr("margins", context.getBuilder().getDenseI64ArrayAttr(margins));
  return lowering.create("nn." + call.spec->name.str());
}

/// global_avgpool1d ... global_maxpool2d: `Kind` over `Dimensions` axes.
template <nn::GlobalPool Kind, int64_t Dimensions>
Value lowerGlobalPool(LayerContext &context, const ast::Call &, CallLowering &lowering) {
  lowering.addAttr("kind", nn::GlobalPoolAttr::get(context.getBuilder().getContext(), Kind));
  lowering.addAttr("dimensions", context.getBuilder().getI64IntegerAttr(Dimensions));
  return lowering.create("nn.global_pool");
}

Value lowerMerge(LayerContext &context, const ast::Call &call, CallLowering &lowering) {
  nn::Merge kind = *nn::symbolizeMerge(call.spec->name);
  lowering.addAttr("kind", nn::MergeAttr::get(context.getBuilder().getContext(), kind));
  return lowering.create("nn.merge");
}

/// The checks and weights batchnorm and layernorm share: the last axis only
/// (Keras's default), a positive epsilon, gamma (ones, with scale) and beta
/// (zeros, with center), trainable. Returns false after reporting an error.
bool addNormalizationArguments(LayerContext &context, const ast::Call &call,
                               CallLowering &lowering, Value &gamma, Value &beta) {
  Value x = lowering.operands.front();
  int64_t rank = static_cast<int64_t>(shapeOf(x).size());
  int64_t axis = getIntArg(call, "axis");
  if (axis != -1 && axis != rank - 1) {
    emitError(getArg(call, "axis").loc)
        << call.spec->name << " normalizes the last axis (the channels, Keras's default "
        << "axis=-1) only; got axis=" << axis << " for an input of rank " << rank
        << " with the batch";
    return false;
  }
  double epsilon = getNumberArg(call, "epsilon");
  if (!(static_cast<float>(epsilon) > 0.0f)) {
    emitError(getArg(call, "epsilon").loc) << "argument 'epsilon' of '" << call.spec->name
                                           << "' must be a positive number, got "
                                           << formatLiteral(getArg(call, "epsilon"));
    return false;
  }
  lowering.addAttr("epsilon",
                   context.getBuilder().getF32FloatAttr(static_cast<float>(epsilon)));
  int64_t channels = shapeOf(x).back();
  if (getBoolArg(call, "scale"))
    gamma = context.createParameter(call, "gamma", {channels}, "ones");
  if (getBoolArg(call, "center"))
    beta = context.createParameter(call, "beta", {channels}, "zeros");
  return true;
}

/// layernorm(): Keras's gamma and beta; the op has no other state.
Value lowerLayerNorm(LayerContext &context, const ast::Call &call, CallLowering &lowering) {
  Value gamma, beta;
  if (!addNormalizationArguments(context, call, lowering, gamma, beta))
    return nullptr;
  for (Value affine : {gamma, beta})
    if (affine)
      lowering.operands.push_back(affine);
  lowering.addAttr("operandSegmentSizes", context.getBuilder().getDenseI32ArrayAttr(
                                              {1, gamma ? 1 : 0, beta ? 1 : 0}));
  return lowering.create("nn.layer_norm");
}

/// batchnorm(): gamma and beta trainable, moving_mean (zeros) and
/// moving_variance (ones) not, in Keras's order.
Value lowerBatchNorm(LayerContext &context, const ast::Call &call, CallLowering &lowering) {
  OpBuilder &builder = context.getBuilder();
  Value gamma, beta;
  if (!addNormalizationArguments(context, call, lowering, gamma, beta))
    return nullptr;
  int64_t channels = shapeOf(lowering.operands.front()).back();
  bool scale = getBoolArg(call, "scale"), center = getBoolArg(call, "center");
  lowering.operands.push_back(context.createParameter(call, "moving_mean", {channels}, "zeros",
                                                      /*trainable=*/false));
  lowering.operands.push_back(context.createParameter(call, "moving_variance", {channels},
                                                      "ones", /*trainable=*/false));
  for (Value affine : {gamma, beta})
    if (affine)
      lowering.operands.push_back(affine);
  lowering.addAttr("momentum", builder.getF32FloatAttr(
                                   static_cast<float>(getNumberArg(call, "momentum"))));
  lowering.addAttr("operandSegmentSizes",
                   builder.getDenseI32ArrayAttr({1, 1, 1, scale ? 1 : 0, center ? 1 : 0}));
  return lowering.create("nn.batch_norm");
}

/// dropout(rate), spatial_dropout1d/2d(rate): the mask is shared along the
/// spatial axes of the spatial forms, as Keras's noise_shape (N, 1, C) and
/// (N, 1, 1, C). The op starts in inference mode; nn-autodiff sets training.
Value lowerDropout(LayerContext &context, const ast::Call &call, CallLowering &lowering) {
  OpBuilder &builder = context.getBuilder();
  lowering.addAttr("rate", builder.getF32FloatAttr(
                               static_cast<float>(getNumberArg(call, "rate"))));
  SmallVector<int64_t> shared;
  if (call.spec->name == "spatial_dropout1d")
    shared = {1};
  else if (call.spec->name == "spatial_dropout2d")
    shared = {1, 2};
  size_t rank = shapeOf(lowering.operands.front()).size();
  size_t expected = shared.size() + 2;
  if (!shared.empty() && rank != expected) {
    emitError(call.calleeLoc) << "'" << call.spec->name << "' needs an input of shape "
                              << (shared.size() == 1 ? "[steps, features]"
                                                     : "[height, width, channels]")
                              << " besides the batch, got "
                              << formatSampleShape(lowering.operands.front());
    return nullptr;
  }
  lowering.addAttr("shared_axes", builder.getDenseI64ArrayAttr(shared));
  return lowering.create("nn.dropout");
}

Value lowerFlatten(LayerContext &, const ast::Call &, CallLowering &lowering) {
  return lowering.create("nn.flatten");
}

/// linear() is the identity: no op, the value flows through.
Value lowerLinear(LayerContext &, const ast::Call &, CallLowering &lowering) {
  return lowering.operands.front();
}

/// An elementwise activation layer: the layer's name is the activation's
/// (the language's activation layers come from the dialect's enum).
Value lowerActivation(LayerContext &context, const ast::Call &call, CallLowering &lowering) {
  StringRef activation = call.spec->name;
  if (activation == "gelu" && getBoolArg(call, "approximate"))
    activation = "gelu_tanh";
  lowering.addActivation(activation);
  // An activation's one numeric parameter (leaky_relu's negative_slope,
  // elu's alpha) is the op's alpha.
  for (const ParamSpec &param : call.spec->params)
    if (param.kind == ParamKind::Number || param.kind == ParamKind::NonNegativeNumber)
      lowering.addAttr("alpha", context.getBuilder().getF32FloatAttr(
                                    static_cast<float>(getNumberArg(call, param.name))));
  return lowering.create("nn.activation");
}

using LayerLoweringFn = Value (*)(LayerContext &, const ast::Call &, CallLowering &);

/// The lowering of each layer of the language's table (Frontend/Layers.cpp)
/// that is not an activation.
const llvm::StringMap<LayerLoweringFn> &layerLowerings() {
  static const llvm::StringMap<LayerLoweringFn> table = {
      {"dense", lowerDense},
      {"conv2d", lowerConv2D},
      {"conv2d_transpose", lowerConv2D},
      {"conv1d", lowerConv1D},
      {"maxpool1d", lowerPool1D},
      {"avgpool1d", lowerPool1D},
      {"maxpool2d", lowerPool2D},
      {"minpool2d", lowerPool2D},
      {"avgpool2d", lowerPool2D},
      {"zero_padding2d", lowerMargins},
      {"cropping2d", lowerMargins},
      {"global_avgpool1d", lowerGlobalPool<nn::GlobalPool::average, 1>},
      {"global_maxpool1d", lowerGlobalPool<nn::GlobalPool::max, 1>},
      {"global_avgpool2d", lowerGlobalPool<nn::GlobalPool::average, 2>},
      {"global_maxpool2d", lowerGlobalPool<nn::GlobalPool::max, 2>},
      {"upsample2d", lowerUpsample2D},
      {"max_unpool2d", lowerMaxUnpool},
      {"embedding", lowerEmbedding},
      {"lstm", lowerLSTM},
      {"gru", lowerGRU},
      {"simple_rnn", lowerSimpleRNN},
      {"bidirectional", lowerBidirectional},
      {"flatten", lowerFlatten},
      {"reshape", lowerReshape},
      {"squeeze", lowerAxisLayer},
      {"concat", lowerAxisLayer},
      {"softmax", lowerAxisLayer},
      {"add", lowerMerge},
      {"subtract", lowerMerge},
      {"multiply", lowerMerge},
      {"average", lowerMerge},
      {"maximum", lowerMerge},
      {"minimum", lowerMerge},
      {"linear", lowerLinear},
      {"batchnorm", lowerBatchNorm},
      {"layernorm", lowerLayerNorm},
      {"dropout", lowerDropout},
      {"spatial_dropout1d", lowerDropout},
      {"spatial_dropout2d", lowerDropout},
  };
  return table;
}

} // namespace

Value nnc::lowerLayerCall(LayerContext &context, const ast::Call &call,
                          ArrayRef<Value> inputs) {
  CallLowering lowering(context, call);
  lowering.operands.assign(inputs.begin(), inputs.end());
  auto entry = layerLowerings().find(call.spec->name);
  LayerLoweringFn lower = entry == layerLowerings().end() ? lowerActivation : entry->second;
  return lower(context, call, lowering);
}
