//===- TorchRecurrentExport.cpp - Embedding and recurrent layers as PyTorch ===//
//
// Embedding is nn.Embedding (token indices arrive as floats). LSTM, GRU and
// SimpleRNN are nn.LSTM, nn.GRU and nn.RNN with batch_first=True, whose
// weights are transposed and per gate in PyTorch's order:
//
//   Keras LSTM kernel [in, 4U], gates i, f, c, o  ->  weight_ih_l0 [4U, in], i, f, g, o
//   Keras GRU kernel [in, 3U], gates z, r, h      ->  weight_ih_l0 [3U, in], r, z, n
//
// Keras's LSTM and SimpleRNN have one bias, PyTorch two that add up: the
// bias is bias_ih_l0 and bias_hh_l0 is zeros (`init --from` adds them).
// Keras's GRU (reset_after=true) has both already, rows 0 and 1 of its
// [2, 3U] bias, and applies the reset gate after the recurrent product, as
// PyTorch's GRU does.
//
//===----------------------------------------------------------------------===//

#include "Export/TorchExportInterface.h"

using namespace nnc;
using namespace nnc::torch_export;

namespace {

mlir::LogicalResult exportEmbedding(nn::EmbeddingOp op, TorchModule &module) {
  std::string name = op.getName().str();
  std::vector<int64_t> table = shapeOf(op.getTable());
  std::string layer =
      module.submodule(name, llvm::formatv("nn.Embedding({0}, {1})", table[0], table[1]));
  if (mlir::failed(module.copy(op, name + ".weight", op.getTable())))
    return mlir::failure();
  module.bind(op.getResult(),
              module.assign(name, layer + "(" + module[op.getTokens()] + ".long())"));
  return mlir::success();
}

/// The parameters of one recurrent layer: `gateOrder[g]` is the Keras gate
/// of PyTorch's gate g; `splitBias`: Keras's bias holds both of PyTorch's
/// (GRU's [2, gates * U]).
template <typename RecurrentOp>
mlir::LogicalResult recurrentParams(RecurrentOp op, TorchModule &module,
                                    llvm::ArrayRef<int64_t> gateOrder, bool splitBias) {
  std::string name = op.getName().str();
  bool reorder = !llvm::equal(gateOrder, llvm::seq<int64_t>(0, int64_t(gateOrder.size())));
  int64_t gateAxis = reorder ? 0 : -1;
  llvm::ArrayRef<int64_t> order = reorder ? gateOrder : llvm::ArrayRef<int64_t>();
  if (mlir::failed(module.copy(op, name + ".weight_ih_l0", op.getKernel(), {1, 0}, -1,
                               gateAxis, order)) ||
      mlir::failed(module.copy(op, name + ".weight_hh_l0", op.getRecurrentKernel(), {1, 0},
                               -1, gateAxis, order)))
    return mlir::failure();
  if (splitBias)
    return mlir::success(
        mlir::succeeded(module.copy(op, name + ".bias_ih_l0", op.getBias(), {0}, 0, gateAxis,
                                    order)) &&
        mlir::succeeded(module.copy(op, name + ".bias_hh_l0", op.getBias(), {0}, 1, gateAxis,
                                    order)));
  return mlir::success(
      mlir::succeeded(module.copy(op, name + ".bias_ih_l0", op.getBias(), {}, -1, gateAxis,
                                  order)) &&
      mlir::succeeded(module.copy(op, name + ".bias_hh_l0", op.getBias(), {}, -1, gateAxis,
                                  order, TorchParamRole::Addend)));
}

/// Runs the layer's module on its input (and initial state) and binds the
/// output sequence (or last step) and the final states.
template <typename RecurrentOp>
mlir::LogicalResult runRecurrent(RecurrentOp op, TorchModule &module,
                                 const std::string &constructor,
                                 llvm::ArrayRef<mlir::Value> finalStates) {
  std::string name = op.getName().str();
  std::string layer = module.submodule(name, constructor);
  std::vector<std::string> initial;
  for (mlir::Value state : op.getInitialState()) // [N, U] -> [1, N, U]
    initial.push_back(module[state] + ".unsqueeze(0)");
  std::string call = layer + "(" + module[op.getX()];
  if (initial.size() == 1)
    call += ", " + initial[0];
  else if (!initial.empty())
    call += ", (" + llvm::join(initial, ", ") + ")";
  call += ")";
  std::string sequence = module.freshName(name + "_sequence");
  // PyTorch's h_n (and c_n), [1, N, U].
  std::vector<std::string> states;
  for (size_t i = 0; i < finalStates.size(); ++i)
    states.push_back(module.freshName(name + (i == 0 ? "_h_n" : "_c_n")));
  std::string unpacked = states.size() == 1 ? states[0] : "(" + llvm::join(states, ", ") + ")";
  module.line(sequence + ", " + unpacked + " = " + call);
  // Final states [1, N, U] -> [N, U]; the last step is the final h.
  for (size_t i = 0; i < states.size(); ++i)
    module.bind(finalStates[i],
                module.assign(name + (i == 0 ? "_h" : "_c"), states[i] + "[0]"));
  module.bind(op.getOutput(),
              op.getReturnSequences() ? module.assign(name, sequence)
                                      : module[finalStates[0]]);
  return mlir::success();
}

std::string constructor(const char *module, int64_t inputs, int64_t units,
                        const char *extra = "") {
  return llvm::formatv("nn.{0}({1}, {2}{3}, batch_first=True)", module, inputs, units, extra);
}

mlir::LogicalResult exportLSTM(nn::LSTMOp op, TorchModule &module) {
  std::vector<int64_t> kernel = shapeOf(op.getKernel());
  const int64_t ifco[] = {0, 1, 2, 3}; // Keras's order is PyTorch's
  if (mlir::failed(recurrentParams(op, module, ifco, false)))
    return mlir::failure();
  return runRecurrent(op, module, constructor("LSTM", kernel[0], kernel[1] / 4),
                      {op.getFinalH(), op.getFinalC()});
}

mlir::LogicalResult exportGRU(nn::GRUOp op, TorchModule &module) {
  std::vector<int64_t> kernel = shapeOf(op.getKernel());
  const int64_t rzn[] = {1, 0, 2}; // PyTorch r, z, n from Keras z, r, h
  if (mlir::failed(recurrentParams(op, module, rzn, true)))
    return mlir::failure();
  return runRecurrent(op, module, constructor("GRU", kernel[0], kernel[1] / 3),
                      {op.getFinalH()});
}

mlir::LogicalResult exportSimpleRNN(nn::SimpleRNNOp op, TorchModule &module) {
  std::vector<int64_t> kernel = shapeOf(op.getKernel());
  const int64_t one[] = {0};
  if (mlir::failed(recurrentParams(op, module, one, false)))
    return mlir::failure();
  return runRecurrent(op, module,
                      constructor("RNN", kernel[0], kernel[1], ", nonlinearity=\"tanh\""),
                      {op.getFinalH()});
}

} // namespace

void torch_export::registerRecurrentExports(mlir::MLIRContext *context) {
  attachExport<nn::EmbeddingOp, exportEmbedding>(context);
  attachExport<nn::LSTMOp, exportLSTM>(context);
  attachExport<nn::GRUOp, exportGRU>(context);
  attachExport<nn::SimpleRNNOp, exportSimpleRNN>(context);
}
