//===- OnnxGraph.cpp - An ONNX graph built from nn ops --------------------===//

#include "Export/OnnxGraph.h"

#include "nn/IR/ActivationTraits.h"

#include "llvm/Support/ErrorHandling.h"

#include <onnx/onnx_pb.h>

#include <cmath>

using namespace nnc;
using namespace nnc::onnx_export;
using nn::Activation;

std::string OnnxGraph::operator[](mlir::Value value) const {
  auto it = names.find(value);
  if (it == names.end())
    llvm::report_fatal_error("ONNX export: a value used before the op that makes it");
  return it->second;
}

void OnnxGraph::bind(mlir::Value value, std::string name) {
  names[value] = std::move(name);
}

void OnnxGraph::preferName(mlir::Value value, llvm::StringRef preferred) {
  std::string current = (*this)[value];
  if (layerNames.count(current))
    return; // another result of the layer, the same value
  onnx::NodeProto *producer = nullptr;
  for (onnx::NodeProto &node : *graph.mutable_node()) {
    for (const std::string &input : node.input())
      if (input == current)
        return; // read already (by the layer's own nodes)
    for (const std::string &output : node.output())
      if (output == current)
        producer = &node;
  }
  if (!producer)
    return; // a graph input, or a layer that added no node (dropout)
  std::string name = freshName(preferred);
  layerNames.insert(name);
  for (std::string &output : *producer->mutable_output())
    if (output == current)
      output = name;
  for (auto &binding : names)
    if (binding.second == current)
      binding.second = name;
}

std::string OnnxGraph::freshName(llvm::StringRef hint) {
  std::string name = hint.str();
  int &suffix = nextSuffix[hint];
  while (!used.insert(name).second)
    name = hint.str() + "_" + std::to_string(++suffix);
  return name;
}

onnx::NodeProto &OnnxGraph::addNode(llvm::StringRef opType,
                                    llvm::ArrayRef<std::string> inputs,
                                    llvm::StringRef hint,
                                    std::vector<OnnxAttribute> attributes) {
  onnx::NodeProto &node = *graph.add_node();
  node.set_op_type(opType.str());
  for (const std::string &input : inputs)
    node.add_input(input);
  for (OnnxAttribute &attribute : attributes) {
    onnx::AttributeProto &proto = *node.add_attribute();
    proto.set_name(attribute.name);
    std::visit(
        [&](auto &value) {
          using T = std::decay_t<decltype(value)>;
          if constexpr (std::is_same_v<T, int64_t>) {
            proto.set_type(onnx::AttributeProto::INT);
            proto.set_i(value);
          } else if constexpr (std::is_same_v<T, float>) {
            proto.set_type(onnx::AttributeProto::FLOAT);
            proto.set_f(value);
          } else if constexpr (std::is_same_v<T, std::string>) {
            proto.set_type(onnx::AttributeProto::STRING);
            proto.set_s(value);
          } else if constexpr (std::is_same_v<T, std::vector<int64_t>>) {
            proto.set_type(onnx::AttributeProto::INTS);
            for (int64_t element : value)
              proto.add_ints(element);
          } else {
            proto.set_type(onnx::AttributeProto::FLOATS);
            for (float element : value)
              proto.add_floats(element);
          }
        },
        attribute.value);
  }
  return node;
}

std::string OnnxGraph::node(llvm::StringRef opType, llvm::ArrayRef<std::string> inputs,
                            llvm::StringRef hint, std::vector<OnnxAttribute> attributes) {
  return nodeWithOutputs(opType, inputs, hint, 1, std::move(attributes))[0];
}

std::vector<std::string>
OnnxGraph::nodeWithOutputs(llvm::StringRef opType, llvm::ArrayRef<std::string> inputs,
                           llvm::StringRef hint, int outputs,
                           std::vector<OnnxAttribute> attributes) {
  onnx::NodeProto &node = addNode(opType, inputs, hint, std::move(attributes));
  std::vector<std::string> names;
  for (int i = 0; i < outputs; ++i) {
    names.push_back(freshName((hint + "/" + opType).str()));
    node.add_output(names.back());
  }
  node.set_name(names[0]); // unique, as its output's
  return names;
}

void OnnxGraph::rename(const std::string &value, const std::string &name) {
  onnx::NodeProto &node = addNode("Identity", {value}, name, {});
  node.add_output(name);
  node.set_name(name);
}

std::string OnnxGraph::int64s(llvm::ArrayRef<int64_t> values, llvm::StringRef hint) {
  onnx::TensorProto &tensor = *graph.add_initializer();
  tensor.set_name(freshName(hint));
  tensor.set_data_type(onnx::TensorProto::INT64);
  tensor.add_dims(int64_t(values.size()));
  for (int64_t value : values)
    tensor.add_int64_data(value);
  return tensor.name();
}

std::string OnnxGraph::floats(llvm::ArrayRef<float> values, llvm::StringRef hint) {
  onnx::TensorProto &tensor = *graph.add_initializer();
  tensor.set_name(freshName(hint));
  tensor.set_data_type(onnx::TensorProto::FLOAT);
  tensor.add_dims(int64_t(values.size()));
  for (float value : values)
    tensor.add_float_data(value);
  return tensor.name();
}

std::string OnnxGraph::scalar(float value, llvm::StringRef hint) {
  onnx::TensorProto &tensor = *graph.add_initializer();
  tensor.set_name(freshName(hint));
  tensor.set_data_type(onnx::TensorProto::FLOAT);
  tensor.add_float_data(value);
  return tensor.name();
}

std::string OnnxGraph::transpose(const std::string &input, llvm::ArrayRef<int64_t> perm,
                                 llvm::StringRef hint) {
  return node("Transpose", {input}, hint,
              {{"perm", std::vector<int64_t>(perm.begin(), perm.end())}});
}

std::string OnnxGraph::transposeToChannelsFirst(const std::string &input, int rank,
                                                llvm::StringRef hint) {
  std::vector<int64_t> perm = {0, rank - 1};
  for (int axis = 1; axis + 1 < rank; ++axis)
    perm.push_back(axis);
  return transpose(input, perm, (hint + "_channels_first").str());
}

std::string OnnxGraph::transposeToChannelsLast(const std::string &input, int rank,
                                               llvm::StringRef hint) {
  std::vector<int64_t> perm = {0};
  for (int axis = 2; axis < rank; ++axis)
    perm.push_back(axis);
  perm.push_back(1);
  return transpose(input, perm, (hint + "_channels_last").str());
}

std::string OnnxGraph::activation(const std::string &input, Activation activation,
                                  std::optional<float> alpha, llvm::StringRef hint) {
  float alphaOrDefault = nn::getActivationAlpha(activation, alpha);
  // Keras's SELU constants (and PyTorch's), not ONNX's defaults, which differ
  // in the last bits.
  constexpr float kSeluAlpha = 1.67326324235437728481f;
  constexpr float kSeluScale = 1.05070098735548049342f;
  switch (activation) {
  case Activation::linear:
    return input;
  case Activation::relu:
    return node("Relu", {input}, hint);
  case Activation::sigmoid:
    return node("Sigmoid", {input}, hint);
  case Activation::tanh:
    return node("Tanh", {input}, hint);
  case Activation::softmax:
    return node("Softmax", {input}, hint, {{"axis", int64_t(-1)}});
  case Activation::leaky_relu:
    return node("LeakyRelu", {input}, hint, {{"alpha", alphaOrDefault}});
  case Activation::elu:
    return node("Elu", {input}, hint, {{"alpha", alphaOrDefault}});
  case Activation::selu:
    return node("Selu", {input}, hint, {{"alpha", kSeluAlpha}, {"gamma", kSeluScale}});
  case Activation::softplus:
    return node("Softplus", {input}, hint);
  case Activation::hard_sigmoid: // Keras 3: clip(x / 6 + 1/2, 0, 1)
    return node("HardSigmoid", {input}, hint,
                {{"alpha", float(1.0 / 6.0)}, {"beta", 0.5f}});
  case Activation::silu: // x sigmoid(x)
    return node("Mul", {input, node("Sigmoid", {input}, hint)}, hint);
  case Activation::gelu: { // 0.5 x (1 + erf(x / sqrt(2)))
    std::string erf =
        node("Erf", {node("Mul", {input, scalar(float(1.0 / std::sqrt(2.0)), "inv_sqrt2")}, hint)},
             hint);
    std::string half = node("Mul", {input, scalar(0.5f, "half")}, hint);
    return node("Mul", {half, node("Add", {erf, scalar(1.0f, "one")}, hint)}, hint);
  }
  case Activation::gelu_tanh: { // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
    std::string cube = node("Mul", {input, node("Mul", {input, input}, hint)}, hint);
    std::string inner =
        node("Add", {input, node("Mul", {cube, scalar(0.044715f, "gelu_c")}, hint)}, hint);
    std::string tanh = node(
        "Tanh", {node("Mul", {inner, scalar(float(std::sqrt(2.0 / M_PI)), "sqrt_2_pi")}, hint)},
        hint);
    std::string half = node("Mul", {input, scalar(0.5f, "half")}, hint);
    return node("Mul", {half, node("Add", {tanh, scalar(1.0f, "one")}, hint)}, hint);
  }
  }
  llvm_unreachable("an activation without an ONNX form");
}
