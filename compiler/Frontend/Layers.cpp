//===- Layers.cpp - The layer table ---------------------------------------===//

#include "Frontend/Layers.h"

#include "nn/IR/NNDialect.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/ErrorHandling.h"

using namespace nnc;

/// The dialect's activations, by their names there, then the aliases.
static const std::vector<llvm::StringRef> &activationNames() {
  static const std::vector<llvm::StringRef> names = [] {
    std::vector<llvm::StringRef> list;
    for (uint32_t value = 0; value <= nn::getMaxEnumValForActivation(); ++value)
      if (std::optional<nn::Activation> activation = nn::symbolizeActivation(value))
        list.push_back(nn::stringifyActivation(*activation));
    list.push_back("swish");
    return list;
  }();
  return names;
}
static const std::vector<llvm::StringRef> kPaddings = {"valid", "same"};
static const std::vector<llvm::StringRef> kConv1DPaddings = {"valid", "same", "causal"};
/// nearest: every pixel repeated over its block (Keras); bed_of_nails: the
/// pixel at the block's top-left, zeros elsewhere.
/// Keras's Bidirectional merge modes but None (a layer gives one value).
static const std::vector<llvm::StringRef> kBidirectionalMergeModes = {"concat", "sum", "mul",
                                                                      "ave"};
static const std::vector<llvm::StringRef> kUpsampleModes = {"nearest", "bed_of_nails"};

static ParamSpec activationParam() {
  return {"activation", ParamKind::Choice, "linear", activationNames()};
}
static ParamSpec useBiasParam() { return {"use_bias", ParamKind::Bool, "true"}; }
static ParamSpec paddingParam() {
  return {"padding", ParamKind::Choice, "valid", kPaddings};
}

static LayerSpec poolLayer(llvm::StringRef name) {
  return {name,
          1,
          false,
          {{"pool", ParamKind::IntPair, "2", {}, {"pool_size"}},
           {"strides", ParamKind::IntPair, "=pool"},
           paddingParam()}};
}

/// Keras's MaxPooling1D and AveragePooling1D: windows along the steps.
static LayerSpec pool1DLayer(llvm::StringRef name) {
  return {name,
          1,
          false,
          {{"pool", ParamKind::PositiveInt, "2", {}, {"pool_size"}},
           {"strides", ParamKind::PositiveInt, "=pool"},
           paddingParam()}};
}

static LayerSpec activationLayer(llvm::StringRef name) {
  return {name, 1, false, {}};
}

static std::vector<LayerSpec> makeLayerTable() {
  std::vector<LayerSpec> table = {
      {"dense",
       1,
       false,
       {{"units", ParamKind::PositiveInt, ""}, activationParam(), useBiasParam()}},
      {"conv2d",
       1,
       false,
       {{"filters", ParamKind::PositiveInt, ""},
        {"kernel", ParamKind::IntPair, "", {}, {"kernel_size"}},
        {"strides", ParamKind::IntPair, "1"},
        paddingParam(),
        {"dilation", ParamKind::IntPair, "1", {}, {"dilation_rate"}},
        activationParam(),
        useBiasParam()}},
      // Keras's Conv1D, along the steps of a (batch, steps, channels) value.
      {"conv1d",
       1,
       false,
       {{"filters", ParamKind::PositiveInt, ""},
        {"kernel", ParamKind::PositiveInt, "", {}, {"kernel_size"}},
        {"strides", ParamKind::PositiveInt, "1"},
        {"padding", ParamKind::Choice, "valid", kConv1DPaddings},
        {"dilation", ParamKind::PositiveInt, "1", {}, {"dilation_rate"}},
        activationParam(),
        useBiasParam()}},
      {"conv2d_transpose",
       1,
       false,
       {{"filters", ParamKind::PositiveInt, ""},
        {"kernel", ParamKind::IntPair, "", {}, {"kernel_size"}},
        {"strides", ParamKind::IntPair, "1"},
        paddingParam(),
        activationParam(),
        useBiasParam()}},
      poolLayer("maxpool2d"),
      poolLayer("minpool2d"),
      poolLayer("avgpool2d"),
      pool1DLayer("maxpool1d"),
      pool1DLayer("avgpool1d"),
      // Keras's ZeroPadding2D and Cropping2D.
      {"zero_padding2d", 1, false, {{"padding", ParamKind::Margins, "1"}}},
      {"cropping2d", 1, false, {{"cropping", ParamKind::Margins, "0"}}},
      // Keras's GlobalAveragePooling1D/2D and GlobalMaxPooling1D/2D.
      {"global_avgpool1d", 1, false, {}},
      {"global_maxpool1d", 1, false, {}},
      {"global_avgpool2d", 1, false, {}},
      {"global_maxpool2d", 1, false, {}},
      {"upsample2d", 1, false,
       {{"size", ParamKind::IntPair, "2"},
        {"mode", ParamKind::Choice, "nearest", kUpsampleModes, {"interpolation"}}}},
      // Puts values back where the named maxpool2d found its maxima.
      {"max_unpool2d", 1, false,
       {{"pool", ParamKind::ValueName, "", {"maxpool2d"}}}},
      // Token indices (a model input of f32 indices) to rows of a table.
      {"embedding", 1, false,
       {{"vocab", ParamKind::PositiveInt, "", {}, {"input_dim"}},
        {"dim", ParamKind::PositiveInt, "", {}, {"output_dim"}}}},
      // return_state is accepted (as in Keras) only to explain that it is
      // not needed: a value has one result, and `generate` keeps the state.
      {"lstm", 1, false,
       {{"units", ParamKind::PositiveInt, ""},
        {"return_sequences", ParamKind::Bool, "false"},
        {"return_state", ParamKind::Bool, "false"}}},
      // Keras's GRU as Keras 3 and TF 2 default it: reset_after=true (the
      // reset gate scales the recurrent product); Sema refuses false.
      {"gru", 1, false,
       {{"units", ParamKind::PositiveInt, ""},
        {"return_sequences", ParamKind::Bool, "false"},
        {"return_state", ParamKind::Bool, "false"},
        {"reset_after", ParamKind::Bool, "true"}}},
      {"simple_rnn", 1, false,
       {{"units", ParamKind::PositiveInt, ""},
        {"return_sequences", ParamKind::Bool, "false"},
        {"return_state", ParamKind::Bool, "false"}}},
      // Keras's Bidirectional: the wrapped recurrent layer on the sequence
      // and, with weights of its own, on the sequence reversed; the two
      // merged at each step (the backward sequence reversed back first).
      {"bidirectional",
       1,
       false,
       {{"merge_mode", ParamKind::Choice, "concat", kBidirectionalMergeModes}},
       /*wrapsCall=*/true},
      {"flatten", 1, false, {}},
      {"reshape", 1, false,
       {{"shape", ParamKind::Shape, "", {}, {"target_shape"}}}},
      {"squeeze", 1, false, {{"axis", ParamKind::Axis, "-1"}}},
      {"concat", 2, true, {{"axis", ParamKind::Axis, "-1"}}},
      // Keras's merge layers: inputs of one shape, combined elementwise.
      {"add", 2, true, {}},
      {"subtract", 2, false, {}},
      {"multiply", 2, true, {}},
      {"average", 2, true, {}},
      {"maximum", 2, true, {}},
      {"minimum", 2, true, {}},
      {"softmax", 1, false, {{"axis", ParamKind::Axis, "-1"}}},
      // Keras's BatchNormalization: gamma and beta trainable (scale,
      // center), the moving mean and variance updated while training.
      {"batchnorm", 1, false,
       {{"axis", ParamKind::Axis, "-1"},
        {"momentum", ParamKind::Fraction, "0.99"},
        {"epsilon", ParamKind::NonNegativeNumber, "0.001"},
        {"center", ParamKind::Bool, "true"},
        {"scale", ParamKind::Bool, "true"}}},
      // Keras's LayerNormalization: per sample, over the last axis.
      {"layernorm", 1, false,
       {{"axis", ParamKind::Axis, "-1"},
        {"epsilon", ParamKind::NonNegativeNumber, "0.001"},
        {"center", ParamKind::Bool, "true"},
        {"scale", ParamKind::Bool, "true"}}},
      // Keras's Dropout, SpatialDropout1D and SpatialDropout2D: active only
      // while training.
      {"dropout", 1, false, {{"rate", ParamKind::Fraction, ""}}},
      {"spatial_dropout1d", 1, false, {{"rate", ParamKind::Fraction, ""}}},
      {"spatial_dropout2d", 1, false, {{"rate", ParamKind::Fraction, ""}}},
      // Activations with parameters, with the defaults of Keras's layer
      // classes LeakyReLU and ELU, and of keras.activations.gelu.
      {"leaky_relu", 1, false,
       {{"negative_slope", ParamKind::NonNegativeNumber, "0.3", {}, {"alpha"}}}},
      {"elu", 1, false, {{"alpha", ParamKind::Number, "1.0"}}},
      {"gelu", 1, false, {{"approximate", ParamKind::Bool, "false"}}},
  };
  // Every other activation is a layer without parameters (Keras's
  // Activation("name")).
  for (llvm::StringRef name : activationNames())
    if (llvm::none_of(table, [&](const LayerSpec &spec) { return spec.name == name; }))
      table.push_back(activationLayer(name));
  return table;
}

static const std::vector<LayerSpec> &layerTable() {
  static const std::vector<LayerSpec> table = makeLayerTable();
  return table;
}

llvm::ArrayRef<LayerSpec> nnc::getLayerSpecs() { return layerTable(); }

const LayerSpec *nnc::findLayerSpec(llvm::StringRef name) {
  for (const LayerSpec &spec : layerTable())
    if (spec.name == name)
      return &spec;
  return nullptr;
}

llvm::ArrayRef<llvm::StringRef> nnc::getActivationNames() { return activationNames(); }

const ParamSpec *LayerSpec::findParam(llvm::StringRef nameOrAlias) const {
  for (const ParamSpec &param : params) {
    if (param.name == nameOrAlias)
      return &param;
    for (llvm::StringRef alias : param.aliases)
      if (alias == nameOrAlias)
        return &param;
  }
  return nullptr;
}

const ast::Literal &nnc::getArg(const ast::Call &call, llvm::StringRef param) {
  for (const ast::Argument &arg : call.args)
    if (arg.name == param)
      return arg.value;
  llvm::report_fatal_error("layer argument '" + param +
                           "' was not resolved by Sema");
}

int64_t nnc::getIntArg(const ast::Call &call, llvm::StringRef param) {
  return getArg(call, param).intValue;
}

bool nnc::getBoolArg(const ast::Call &call, llvm::StringRef param) {
  return getArg(call, param).boolValue;
}

llvm::StringRef nnc::getChoiceArg(const ast::Call &call, llvm::StringRef param) {
  return getArg(call, param).text;
}

std::array<int64_t, 2> nnc::getPairArg(const ast::Call &call,
                                       llvm::StringRef param) {
  const ast::Literal &value = getArg(call, param);
  if (value.kind == ast::Literal::Kind::List)
    return {value.elements[0].intValue, value.elements[1].intValue};
  return {value.intValue, value.intValue};
}

std::vector<int64_t> nnc::getShapeArg(const ast::Call &call,
                                      llvm::StringRef param) {
  std::vector<int64_t> shape;
  for (const ast::Literal &element : getArg(call, param).elements)
    shape.push_back(element.intValue);
  return shape;
}

double nnc::getNumberArg(const ast::Call &call, llvm::StringRef param) {
  const ast::Literal &value = getArg(call, param);
  return value.kind == ast::Literal::Kind::Int ? static_cast<double>(value.intValue)
                                               : value.floatValue;
}

std::array<int64_t, 4> nnc::getMarginsArg(const ast::Call &call, llvm::StringRef param) {
  const ast::Literal &value = getArg(call, param);
  if (value.kind == ast::Literal::Kind::Int)
    return {value.intValue, value.intValue, value.intValue, value.intValue};
  auto side = [](const ast::Literal &axis) -> std::array<int64_t, 2> {
    if (axis.kind == ast::Literal::Kind::Int)
      return {axis.intValue, axis.intValue};
    return {axis.elements[0].intValue, axis.elements[1].intValue};
  };
  std::array<int64_t, 2> height = side(value.elements[0]), width = side(value.elements[1]);
  return {height[0], height[1], width[0], width[1]};
}
