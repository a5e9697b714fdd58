//===- OnnxGraph.h - An ONNX graph built from nn ops ------------*- C++ -*-===//
//
// What an op's export needs to add ONNX nodes: the ONNX names of its
// operands, nodes with fresh output names, constants, and the layout and
// activation helpers every family shares. Tensors keep nnc's (and Keras's)
// layout, batch first and channels last; ops that ONNX defines on NCHW
// (Conv, pooling, ConvTranspose) are wrapped in transposes at their edges
// (transposeToChannelsFirst / transposeToChannelsLast), which ONNX Runtime's
// optimizer cancels between consecutive such ops.
//
// Parameters keep Keras's layout too: a layer that ONNX wants in another
// (Conv's OIHW kernel, LSTM's gate order) rearranges it with nodes on the
// parameter, which are constants once the weights are initializers, so
// ONNX Runtime folds them when it loads the model.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_EXPORT_ONNXGRAPH_H
#define NNC_EXPORT_ONNXGRAPH_H

#include "nn/IR/NNOps.h"

#include "mlir/IR/Value.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace onnx {
class GraphProto;
class NodeProto;
} // namespace onnx

namespace nnc::onnx_export {

/// An attribute of an ONNX node.
struct OnnxAttribute {
  std::string name;
  std::variant<int64_t, float, std::string, std::vector<int64_t>, std::vector<float>>
      value;
};

class OnnxGraph {
public:
  explicit OnnxGraph(onnx::GraphProto &graph) : graph(graph) {}

  /// The ONNX name of a value already in the graph (an input, a parameter,
  /// or a result of an op exported before).
  std::string operator[](mlir::Value value) const;
  /// Binds an op's result to the ONNX value that holds it.
  void bind(mlir::Value value, std::string name);
  /// Renames the ONNX value of `value` to `preferred` (or preferred_1, ...),
  /// a layer's name, where it is a node's output that nothing reads yet.
  void preferName(mlir::Value value, llvm::StringRef preferred);

  /// A node of `opType` with one output named after `hint` and the op
  /// ("conv2d_1/Conv", then "conv2d_1/Conv_1", ...); returns its name.
  std::string node(llvm::StringRef opType, llvm::ArrayRef<std::string> inputs,
                   llvm::StringRef hint, std::vector<OnnxAttribute> attributes = {});
  /// A node with `outputs` outputs; an empty input name is an omitted
  /// optional input.
  std::vector<std::string> nodeWithOutputs(llvm::StringRef opType,
                                           llvm::ArrayRef<std::string> inputs,
                                           llvm::StringRef hint, int outputs,
                                           std::vector<OnnxAttribute> attributes = {});

  /// An Identity node from `value` to the output `name` (reserved with
  /// freshName).
  void rename(const std::string &value, const std::string &name);

  /// An int64 constant of shape [values.size()] (shapes, axes, pads).
  std::string int64s(llvm::ArrayRef<int64_t> values, llvm::StringRef hint);
  /// A float32 constant of shape [values.size()].
  std::string floats(llvm::ArrayRef<float> values, llvm::StringRef hint);
  /// A float32 scalar constant.
  std::string scalar(float value, llvm::StringRef hint);

  /// [N, spatial..., C] to [N, C, spatial...], and back.
  std::string transposeToChannelsFirst(const std::string &input, int rank,
                                       llvm::StringRef hint);
  std::string transposeToChannelsLast(const std::string &input, int rank,
                                      llvm::StringRef hint);
  std::string transpose(const std::string &input, llvm::ArrayRef<int64_t> perm,
                        llvm::StringRef hint);

  /// `activation` (with its `alpha`, where it has one) applied to `input`;
  /// `input` itself for linear. Activations without an ONNX op of opset 17
  /// (gelu, silu) are composed of the ops of their formula.
  std::string activation(const std::string &input, nn::Activation activation,
                         std::optional<float> alpha, llvm::StringRef hint);

  /// A name not used yet, from `hint` (itself, or with a suffix "_1", ...).
  std::string freshName(llvm::StringRef hint);

private:
  onnx::NodeProto &addNode(llvm::StringRef opType, llvm::ArrayRef<std::string> inputs,
                           llvm::StringRef hint, std::vector<OnnxAttribute> attributes);

  onnx::GraphProto &graph;
  llvm::DenseMap<mlir::Value, std::string> names;
  llvm::StringSet<> used;
  llvm::StringSet<> layerNames; ///< given by preferName
  llvm::StringMap<int> nextSuffix;
};

} // namespace nnc::onnx_export

#endif // NNC_EXPORT_ONNXGRAPH_H
