//===- Layers.cpp - The layer table ---------------------------------------===//

#include "Frontend/Layers.h"

#include "llvm/Support/ErrorHandling.h"

using namespace nnc;

static const std::vector<llvm::StringRef> kActivations = {
    "linear", "relu", "sigmoid", "tanh", "softmax"};
static const std::vector<llvm::StringRef> kPaddings = {"valid", "same"};
/// nearest: every pixel repeated over its block (Keras); bed_of_nails: the
/// pixel at the block's top-left, zeros elsewhere.
static const std::vector<llvm::StringRef> kUpsampleModes = {"nearest", "bed_of_nails"};

static ParamSpec activationParam() {
  return {"activation", ParamKind::Choice, "linear", kActivations};
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

static LayerSpec activationLayer(llvm::StringRef name) {
  return {name, 1, false, {}};
}

static const std::vector<LayerSpec> &layerTable() {
  static const std::vector<LayerSpec> table = {
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
      {"flatten", 1, false, {}},
      {"reshape", 1, false,
       {{"shape", ParamKind::Shape, "", {}, {"target_shape"}}}},
      {"squeeze", 1, false, {{"axis", ParamKind::Axis, "-1"}}},
      {"concat", 2, true, {{"axis", ParamKind::Axis, "-1"}}},
      activationLayer("relu"),
      activationLayer("sigmoid"),
      activationLayer("tanh"),
      {"softmax", 1, false, {{"axis", ParamKind::Axis, "-1"}}},
      activationLayer("linear"),
  };
  return table;
}

llvm::ArrayRef<LayerSpec> nnc::getLayerSpecs() { return layerTable(); }

const LayerSpec *nnc::findLayerSpec(llvm::StringRef name) {
  for (const LayerSpec &spec : layerTable())
    if (spec.name == name)
      return &spec;
  return nullptr;
}

llvm::ArrayRef<llvm::StringRef> nnc::getActivationNames() { return kActivations; }

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
