//===- RecurrentExport.cpp - Embedding and recurrent layers as ONNX -------===//
//
// Embedding is a Gather of the table's rows (token indices arrive as
// floats). LSTM, GRU and SimpleRNN are ONNX's LSTM, GRU and RNN, whose
// weights are per gate, transposed, and in another gate order:
//
//   Keras LSTM kernel [in, 4U], gates i, f, c, o  ->  W [1, 4U, in], i, o, f, c
//   Keras GRU kernel [in, 3U], gates z, r, h      ->  W [1, 3U, in], z, r, h
//   biases: ONNX's B is [1, 2 * gates * U], the input then the recurrent bias
//
// Keras's GRU (reset_after=true) applies the reset gate after the recurrent
// product: ONNX's linear_before_reset = 1. The sequences are time-major in
// ONNX (layout 0; ONNX Runtime does not run layout 1), so the input and the
// output sequence are transposed.
//
//===----------------------------------------------------------------------===//

#include "Export/OnnxExportInterface.h"

using namespace nnc;
using namespace nnc::onnx_export;

namespace {

mlir::LogicalResult exportEmbedding(nn::EmbeddingOp op, OnnxGraph &graph) {
  std::string name = op.getName().str();
  std::string indices =
      graph.node("Cast", {graph[op.getTokens()]}, name, {{"to", int64_t(7) /* INT64 */}});
  graph.bind(op.getResult(), graph.node("Gather", {graph[op.getTable()], indices}, name,
                                        {{"axis", int64_t(0)}}));
  return mlir::success();
}

/// A Keras weight [rows, gates * U] as ONNX's [1, gates * U, rows], its gates
/// in `order` (Keras gate indices).
std::string gateWeights(OnnxGraph &graph, const std::string &weight, int64_t units,
                        llvm::ArrayRef<int64_t> order, const std::string &hint) {
  std::string reordered = weight;
  if (!llvm::equal(order, llvm::seq<int64_t>(0, int64_t(order.size())))) {
    std::vector<std::string> gates = graph.nodeWithOutputs(
        "Split", {weight, graph.int64s(std::vector<int64_t>(order.size(), units), hint + "_split")},
        hint, int(order.size()), {{"axis", int64_t(-1)}});
    std::vector<std::string> inOrder;
    for (int64_t gate : order)
      inOrder.push_back(gates[size_t(gate)]);
    reordered = graph.node("Concat", inOrder, hint, {{"axis", int64_t(-1)}});
  }
  std::string transposed = graph.transpose(reordered, {1, 0}, hint);
  return graph.node("Unsqueeze", {transposed, graph.int64s({0}, hint + "_axes")}, hint);
}

/// A bias [gates * U] as ONNX's B [1, 2 * gates * U]: the input bias, gates
/// in `order`, then a zero recurrent bias.
std::string gateBias(OnnxGraph &graph, const std::string &bias, int64_t units,
                     llvm::ArrayRef<int64_t> order, const std::string &hint) {
  std::string reordered = bias;
  if (!llvm::equal(order, llvm::seq<int64_t>(0, int64_t(order.size())))) {
    std::vector<std::string> gates = graph.nodeWithOutputs(
        "Split", {bias, graph.int64s(std::vector<int64_t>(order.size(), units), hint + "_split")},
        hint, int(order.size()), {{"axis", int64_t(0)}});
    std::vector<std::string> inOrder;
    for (int64_t gate : order)
      inOrder.push_back(gates[size_t(gate)]);
    reordered = graph.node("Concat", inOrder, hint, {{"axis", int64_t(0)}});
  }
  std::string zeros =
      graph.floats(std::vector<float>(order.size() * size_t(units), 0.0f), hint + "_zeros");
  std::string both = graph.node("Concat", {reordered, zeros}, hint, {{"axis", int64_t(0)}});
  return graph.node("Unsqueeze", {both, graph.int64s({0}, hint + "_axes")}, hint);
}

/// The common part of the three: runs ONNX's `opType` on the op's input
/// (time-major) with `weights` (W, R, B) and binds the output sequence (or
/// last step) and the final states.
template <typename RecurrentOp>
mlir::LogicalResult runRecurrent(RecurrentOp op, OnnxGraph &graph, llvm::StringRef opType,
                                 std::vector<std::string> weights,
                                 std::vector<OnnxAttribute> attributes,
                                 llvm::ArrayRef<mlir::Value> finalStates) {
  std::string name = op.getName().str();
  int64_t units = shapeOf(op.getRecurrentKernel())[0];
  std::vector<std::string> inputs = {graph.transpose(graph[op.getX()], {1, 0, 2}, name)};
  inputs.insert(inputs.end(), weights.begin(), weights.end());
  inputs.push_back(""); // sequence_lens: every sequence is whole
  for (mlir::Value state : op.getInitialState()) // [N, U] -> [1, N, U]
    inputs.push_back(
        graph.node("Unsqueeze", {graph[state], graph.int64s({0}, name + "_axes")}, name));
  attributes.push_back({"hidden_size", units});
  int outputs = 1 + int(finalStates.size());
  std::vector<std::string> results =
      graph.nodeWithOutputs(opType, inputs, name, outputs, std::move(attributes));
  auto squeeze = [&](const std::string &value, int64_t axis) {
    return graph.node("Squeeze", {value, graph.int64s({axis}, name + "_axes")}, name);
  };
  // Y [T, 1, N, U] -> [N, T, U]; Y_h [1, N, U] -> [N, U].
  std::string lastH = squeeze(results[1], 0);
  graph.bind(op.getOutput(), op.getReturnSequences()
                                 ? graph.transpose(squeeze(results[0], 1), {1, 0, 2}, name)
                                 : lastH);
  graph.bind(finalStates[0], lastH);
  for (size_t i = 1; i < finalStates.size(); ++i)
    graph.bind(finalStates[i], squeeze(results[1 + i], 0));
  return mlir::success();
}

mlir::LogicalResult exportLSTM(nn::LSTMOp op, OnnxGraph &graph) {
  std::string name = op.getName().str();
  int64_t units = shapeOf(op.getRecurrentKernel())[0];
  const int64_t ioFc[] = {0, 3, 1, 2}; // Keras i, f, c, o -> ONNX i, o, f, c
  return runRecurrent(op, graph, "LSTM",
                      {gateWeights(graph, graph[op.getKernel()], units, ioFc, name + "_W"),
                       gateWeights(graph, graph[op.getRecurrentKernel()], units, ioFc,
                                   name + "_R"),
                       gateBias(graph, graph[op.getBias()], units, ioFc, name + "_B")},
                      {}, {op.getFinalH(), op.getFinalC()});
}

mlir::LogicalResult exportGRU(nn::GRUOp op, OnnxGraph &graph) {
  std::string name = op.getName().str();
  int64_t units = shapeOf(op.getRecurrentKernel())[0];
  const int64_t zrh[] = {0, 1, 2};
  // Keras's bias [2, 3U] is already the input bias then the recurrent one.
  std::string bias = graph.node(
      "Reshape", {graph[op.getBias()], graph.int64s({1, 6 * units}, name + "_B_shape")}, name);
  return runRecurrent(op, graph, "GRU",
                      {gateWeights(graph, graph[op.getKernel()], units, zrh, name + "_W"),
                       gateWeights(graph, graph[op.getRecurrentKernel()], units, zrh,
                                   name + "_R"),
                       bias},
                      {{"linear_before_reset", int64_t(1)}}, {op.getFinalH()});
}

mlir::LogicalResult exportSimpleRNN(nn::SimpleRNNOp op, OnnxGraph &graph) {
  std::string name = op.getName().str();
  int64_t units = shapeOf(op.getRecurrentKernel())[0];
  const int64_t one[] = {0};
  return runRecurrent(op, graph, "RNN",
                      {gateWeights(graph, graph[op.getKernel()], units, one, name + "_W"),
                       gateWeights(graph, graph[op.getRecurrentKernel()], units, one,
                                   name + "_R"),
                       gateBias(graph, graph[op.getBias()], units, one, name + "_B")},
                      {}, {op.getFinalH()}); // ONNX's default activation is tanh
}

} // namespace

void onnx_export::registerRecurrentExports(mlir::MLIRContext *context) {
  attachExport<nn::EmbeddingOp, exportEmbedding>(context);
  attachExport<nn::LSTMOp, exportLSTM>(context);
  attachExport<nn::GRUOp, exportGRU>(context);
  attachExport<nn::SimpleRNNOp, exportSimpleRNN>(context);
}
