//===- TorchModule.cpp - A torch.nn.Module built from nn ops --------------===//

#include "Export/TorchModule.h"

#include "nn/IR/ActivationTraits.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

#include <cctype>

using namespace nnc;
using namespace nnc::torch_export;
using nn::Activation;

std::string TorchModule::operator[](mlir::Value value) const {
  auto it = variables.find(value);
  if (it == variables.end())
    llvm::report_fatal_error("PyTorch export: a value used before the op that makes it");
  return it->second;
}

void TorchModule::bind(mlir::Value value, std::string variable) {
  variables[value] = std::move(variable);
}

void TorchModule::addInput(mlir::Value argument, llvm::StringRef name) {
  std::string variable = freshName(name);
  inputs.push_back(variable);
  inputNames.push_back(name.str());
  bind(argument, variable);
}

std::string TorchModule::assign(llvm::StringRef hint, const std::string &expression) {
  std::string variable = freshName(hint);
  forwardLines.push_back(variable + " = " + expression);
  return variable;
}

void TorchModule::line(const std::string &code) { forwardLines.push_back(code); }

std::string TorchModule::attributeName(llvm::StringRef layer) {
  // Layer names are identifiers of the language, unique in the model, so a
  // layer's submodule is `self.<layer>` and its state_dict keys are
  // "<layer>.<tensor>" as in nnc's weights; but where that would hide one of
  // nn.Module's own attributes, it takes a trailing "_".
  static const llvm::StringSet<> moduleAttributes = {
      "add_module", "apply", "bfloat16", "buffers", "call_super_init", "children", "cpu",
      "cuda", "double", "dump_patches", "eval", "extra_repr", "float", "forward",
      "get_buffer", "get_parameter", "get_submodule", "half", "input_names", "ipu",
      "load_state_dict", "modules", "named_buffers", "named_children", "named_modules",
      "named_parameters", "output_names", "parameters", "register_buffer",
      "register_module", "register_parameter", "requires_grad_", "share_memory",
      "state_dict", "to", "to_empty", "train", "training", "type", "xpu", "zero_grad"};
  return moduleAttributes.contains(layer) ? layer.str() + "_" : layer.str();
}

std::string TorchModule::attributePath(llvm::StringRef layer) {
  llvm::SmallVector<llvm::StringRef> parts;
  layer.split(parts, '.');
  std::vector<std::string> attributes;
  for (llvm::StringRef part : parts)
    attributes.push_back(attributeName(part));
  return llvm::join(attributes, ".");
}

std::string TorchModule::stateKey(llvm::StringRef key) {
  auto [layer, tensor] = key.rsplit('.');
  return attributePath(layer) + "." + tensor.str();
}

std::string TorchModule::submodule(llvm::StringRef name, const std::string &constructor) {
  // A layer inside another ("c.forward_lstm_1", a bidirectional's) is a
  // submodule of a plain nn.Module named after the outer one, so that its
  // state_dict keys keep nnc's names.
  std::string path = attributePath(name);
  for (size_t dot = path.find('.'); dot != std::string::npos; dot = path.find('.', dot + 1))
    if (containers.insert(path.substr(0, dot)).second)
      initLines.push_back("self." + path.substr(0, dot) + " = nn.Module()");
  initLines.push_back("self." + path + " = " + constructor);
  return "self." + path;
}

mlir::LogicalResult TorchModule::copy(mlir::Operation *op, llvm::StringRef name,
                                      mlir::Value source, llvm::ArrayRef<int64_t> perm,
                                      int64_t row, int64_t gateAxis,
                                      llvm::ArrayRef<int64_t> gateOrder, TorchParamRole role) {
  auto argument = llvm::dyn_cast<mlir::BlockArgument>(source);
  auto paramName =
      argument && argument.getOwner()->getParentOp() == model.getOperation()
          ? model.getArgAttrOfType<mlir::StringAttr>(argument.getArgNumber(), "nn.param")
          : mlir::StringAttr();
  if (!paramName)
    return op->emitError() << "PyTorch export: '" << name
                           << "' is not made from one of the model's parameters";
  TorchParam param;
  param.name = stateKey(name);
  param.source = paramName.getValue().str();
  param.role = role;
  param.row = row;
  std::vector<int64_t> shape = shapeOf(source);
  if (row >= 0)
    shape.erase(shape.begin());
  if (perm.empty())
    for (int64_t axis = 0; axis < int64_t(shape.size()); ++axis)
      param.perm.push_back(axis);
  else
    param.perm.assign(perm.begin(), perm.end());
  for (int64_t axis : param.perm)
    param.shape.push_back(shape[size_t(axis)]);
  param.gateAxis = gateAxis;
  param.gateOrder.assign(gateOrder.begin(), gateOrder.end());
  stateDict.push_back(std::move(param));
  return mlir::success();
}

void TorchModule::constant(llvm::StringRef name, llvm::ArrayRef<int64_t> shape, float value,
                           TorchParamRole role) {
  TorchParam param;
  param.name = stateKey(name);
  param.shape.assign(shape.begin(), shape.end());
  param.role = role;
  param.fill = value;
  stateDict.push_back(std::move(param));
}

std::string TorchModule::activation(const std::string &x, Activation activation,
                                    std::optional<float> alpha) {
  std::string a = python::number(nn::getActivationAlpha(activation, alpha));
  switch (activation) {
  case Activation::linear:
    return x;
  case Activation::relu:
    return "torch.relu(" + x + ")";
  case Activation::sigmoid:
    return "torch.sigmoid(" + x + ")";
  case Activation::tanh:
    return "torch.tanh(" + x + ")";
  case Activation::softmax:
    return "torch.softmax(" + x + ", dim=-1)";
  case Activation::leaky_relu:
    return "F.leaky_relu(" + x + ", " + a + ")";
  case Activation::elu:
    return "F.elu(" + x + ", " + a + ")";
  case Activation::selu: // Keras's constants are PyTorch's
    return "F.selu(" + x + ")";
  case Activation::gelu:
    return "F.gelu(" + x + ")";
  case Activation::gelu_tanh:
    return "F.gelu(" + x + ", approximate=\"tanh\")";
  case Activation::silu:
    return "F.silu(" + x + ")";
  case Activation::softplus:
    return "F.softplus(" + x + ")";
  case Activation::hard_sigmoid: // relu6(x + 3) / 6, Keras 3's
    return "F.hardsigmoid(" + x + ")";
  }
  llvm_unreachable("an activation without a PyTorch form");
}

namespace {

/// "autoencoder_transpose" -> "AutoencoderTranspose".
std::string className(llvm::StringRef model) {
  std::string name;
  bool upper = true;
  for (char c : model) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      upper = true;
      continue;
    }
    name += upper ? char(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])))
    name = "Model" + name;
  return name;
}

} // namespace

std::string TorchModule::source(llvm::StringRef sourceFile) const {
  std::string name = className(model.getName());
  std::string text = llvm::formatv(
      R"(# Generated by nnc {0} from {1}: the model '{2}' as a torch.nn.Module.
#
# Inputs and outputs are batch first and channels last (NHWC), as nnc and
# Keras lay them out; layers that PyTorch defines on channels-first tensors
# permute around their call. model.safetensors, written next to this file by
# `export --torch`, is the module's state_dict:
#
#   model = {3}()
#   model.load_state_dict(safetensors.torch.load_file("model.safetensors"))
#   model.eval()

import os

import torch
import torch.nn.functional as F
from torch import nn


class {3}(nn.Module):
    # The names of forward's inputs and results in nnc (predict's NAME=FILE).
    input_names = {4}
    output_names = {5}

    def __init__(self):
        super().__init__()
)",
      NNC_VERSION, llvm::sys::path::filename(sourceFile), model.getName(), name,
      python::strings(inputNames), python::strings(outputNames));
  for (const std::string &line : initLines)
    text += "        " + line + "\n";
  text += "\n    def forward(self";
  for (const std::string &input : inputs)
    text += ", " + input;
  text += "):\n";
  for (const std::string &line : forwardLines)
    text += "        " + line + "\n";
  text += "        return " + llvm::join(outputs, ", ") + "\n";
  text += llvm::formatv(R"(

def load(path=os.path.join(os.path.dirname(os.path.abspath(__file__)), "model.safetensors")):
    """The module with the exported weights, in eval mode."""
    from safetensors.torch import load_file

    model = {0}()
    model.load_state_dict(load_file(path))
    return model.eval()
)",
                        name)
              .str();
  return text;
}
