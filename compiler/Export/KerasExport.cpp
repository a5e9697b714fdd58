//===- KerasExport.cpp - A model's forward graph as Keras 3 ---------------===//

#include "Export/KerasExport.h"

#include "Export/KerasExportInterface.h"

#include "nn/IR/ActivationTraits.h"
#include "nn/IR/LayerOpInterface.h"
#include "nn/IR/NNDialect.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/Path.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>

using namespace nnc;
using namespace nnc::keras_export;
using nn::Activation;

#include "Export/KerasExportInterface.cpp.inc"

std::string KerasModel::operator[](mlir::Value value) const {
  auto it = variables.find(value);
  if (it == variables.end())
    llvm::report_fatal_error("Keras export: a value used before the op that makes it");
  return it->second;
}

void KerasModel::bind(mlir::Value value, std::string variable) {
  variables[value] = std::move(variable);
}

std::string KerasModel::freshName(llvm::StringRef hint) {
  // Python's keywords and the names the generated file itself uses.
  static const char *const reserved[] = {
      "False",  "None",     "True",   "and",    "as",     "assert", "async",  "await",
      "break",  "class",    "continue", "def",  "del",    "elif",   "else",   "except",
      "finally", "for",     "from",   "global", "if",     "import", "in",     "is",
      "lambda", "nonlocal", "not",    "or",     "pass",   "raise",  "return", "try",
      "while",  "with",     "yield",  "keras",  "layers", "ops",    "os",     "build",
      "load",   "WEIGHTS"};
  if (used.empty())
    for (const char *name : reserved)
      used.insert(name);
  std::string base;
  for (char c : hint)
    base += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (base.empty() || std::isdigit(static_cast<unsigned char>(base[0])))
    base = "v_" + base;
  std::string name = base;
  int &suffix = nextSuffix[base];
  while (!used.insert(name).second)
    name = base + "_" + std::to_string(++suffix);
  return name;
}

std::string KerasModel::assign(llvm::StringRef hint, const std::string &expression) {
  std::string variable = freshName(hint);
  lines.push_back(variable + " = " + expression);
  return variable;
}

mlir::LogicalResult KerasModel::weights(mlir::Operation *op, llvm::StringRef name,
                                        llvm::ArrayRef<mlir::Value> params) {
  std::vector<std::string> names;
  for (mlir::Value param : params) {
    if (!param)
      continue;
    auto argument = llvm::dyn_cast<mlir::BlockArgument>(param);
    auto paramName =
        argument && argument.getOwner()->getParentOp() == model.getOperation()
            ? model.getArgAttrOfType<mlir::StringAttr>(argument.getArgNumber(), "nn.param")
            : mlir::StringAttr();
    if (!paramName)
      return op->emitError() << "Keras export: a weight of layer '" << name
                             << "' is not one of the model's parameters";
    names.push_back(paramName.getValue().str());
  }
  layerWeights.push_back({name.str(), std::move(names)});
  return mlir::success();
}

void KerasModel::addInput(mlir::Value argument, llvm::StringRef name) {
  auto shape = llvm::cast<mlir::RankedTensorType>(argument.getType()).getShape();
  std::string variable = freshName(name);
  lines.push_back(variable + " = keras.Input(shape=" + tuple(shape.drop_front()) +
                  ", name=" + string(name) + ")");
  inputs.push_back(variable);
  inputNames.push_back(name.str());
  bind(argument, variable);
}

std::string KerasModel::tuple(llvm::ArrayRef<int64_t> values) {
  std::string text = "(";
  for (size_t i = 0; i < values.size(); ++i)
    text += (i ? ", " : "") + std::to_string(values[i]);
  return text + (values.size() == 1 ? ",)" : ")");
}

std::string KerasModel::number(double value) {
  // The float32 value nnc computes with, in as few digits as name it.
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.9g", double(float(value)));
  std::string text = buffer;
  for (int digits = 1; digits < 9; ++digits) {
    std::snprintf(buffer, sizeof buffer, "%.*g", digits, double(float(value)));
    if (float(std::strtod(buffer, nullptr)) == float(value)) {
      text = buffer;
      break;
    }
  }
  if (text.find_first_of(".en") == std::string::npos)
    text += ".0";
  return text;
}

std::string KerasModel::string(llvm::StringRef value) {
  // Names of the language are identifiers: nothing to escape but quotes.
  std::string text = "\"";
  for (char c : value)
    text += c == '"' || c == '\\' ? std::string("\\") + c : std::string(1, c);
  return text + "\"";
}

std::string KerasModel::activation(Activation activation, std::optional<float> alpha) {
  std::string a = number(nn::getActivationAlpha(activation, alpha));
  switch (activation) {
  case Activation::leaky_relu:
    return "lambda t: keras.activations.leaky_relu(t, negative_slope=" + a + ")";
  case Activation::elu:
    return "lambda t: keras.activations.elu(t, alpha=" + a + ")";
  case Activation::gelu:
    return "lambda t: keras.activations.gelu(t, approximate=False)";
  case Activation::gelu_tanh:
    return "lambda t: keras.activations.gelu(t, approximate=True)";
  default:
    return string(nn::stringifyActivation(activation));
  }
}

namespace {

/// ("a", "b") as Python writes a tuple of strings.
std::string pythonStrings(llvm::ArrayRef<std::string> values) {
  std::vector<std::string> quoted;
  for (const std::string &value : values)
    quoted.push_back(KerasModel::string(value));
  return "(" + llvm::join(quoted, ", ") + (values.size() == 1 ? ",)" : ")");
}

} // namespace

std::string KerasModel::source(llvm::StringRef sourceFile) const {
  std::string text = llvm::formatv(
      R"(# Generated by nnc {0} from {1}: the model '{2}' in Keras 3.
#
# build() makes the model with Keras's functional API, each layer under its
# name in nnc; load() also sets the weights `export --keras` wrote next to
# this file (model.safetensors: nnc's weights, already in Keras's layouts).
#
#   model = load()
#   model.predict(x)

import os

import keras
from keras import layers, ops

# The names of the model's inputs and outputs in nnc (predict's NAME=FILE).
INPUT_NAMES = {3}
OUTPUT_NAMES = {4}


def build():
)",
      NNC_VERSION, llvm::sys::path::filename(sourceFile), model.getName(),
      pythonStrings(inputNames), pythonStrings(outputNames));
  for (const std::string &line : lines)
    text += "    " + line + "\n";
  auto list = [](const std::vector<std::string> &values) {
    return values.size() == 1 ? values[0] : "[" + llvm::join(values, ", ") + "]";
  };
  text += "    return keras.Model(inputs=" + list(inputs) + ", outputs=" + list(outputs) +
          ", name=" + string(model.getName()) + ")\n";
  text += R"(

# Each layer's weights in the order of its get_weights(), by their names in
# model.safetensors.
WEIGHTS = {
)";
  for (const auto &[layer, names] : layerWeights) {
    std::vector<std::string> quoted;
    for (const std::string &name : names)
      quoted.push_back(string(name));
    text += "    " + string(layer) + ": [" + llvm::join(quoted, ", ") + "],\n";
  }
  text += R"(}


def load(path=os.path.join(os.path.dirname(os.path.abspath(__file__)), "model.safetensors")):
    """The model with the exported weights."""
    from safetensors.numpy import load_file

    model = build()
    tensors = load_file(path)
    for layer, names in WEIGHTS.items():
        model.get_layer(layer).set_weights([tensors[name] for name in names])
    return model
)";
  return text;
}

namespace {

mlir::LogicalResult exportOp(mlir::Operation &op, KerasModel &model) {
  if (auto exporter = llvm::dyn_cast<KerasExport>(&op))
    return exporter.exportToKeras(model);
  auto layer = llvm::dyn_cast<nn::LayerOpInterface>(&op);
  auto name = op.getAttrOfType<mlir::StringAttr>("name");
  mlir::InFlightDiagnostic error = op.emitError();
  if (layer && name)
    error << "layer '" << name.getValue() << "' (" << layer.getKerasClass()
          << ") has no Keras form";
  else
    error << "'" << op.getName() << "' has no Keras form";
  return error;
}

} // namespace

mlir::FailureOr<std::string> nnc::exportModelToKeras(mlir::func::FuncOp function,
                                                     llvm::StringRef sourceFile) {
  KerasModel model(function);
  for (mlir::BlockArgument argument : function.getArguments()) {
    unsigned index = argument.getArgNumber();
    if (auto input = function.getArgAttrOfType<mlir::StringAttr>(index, "nn.input"))
      model.addInput(argument, input.getValue());
    else if (!function.getArgAttrOfType<mlir::StringAttr>(index, "nn.param"))
      return function.emitError() << "argument " << index
                                  << " is neither an input nor a parameter";
  }
  mlir::Block &body = function.getBody().front();
  for (mlir::Operation &op : body.without_terminator())
    if (mlir::failed(exportOp(op, model)))
      return mlir::failure();
  for (auto [index, output] : llvm::enumerate(body.getTerminator()->getOperands())) {
    auto name = function.getResultAttrOfType<mlir::StringAttr>(unsigned(index), "nn.output");
    model.addOutput(output, name ? name.getValue() : "output");
  }
  return model.source(sourceFile);
}
