//===- SequencePacking.cpp - Time steps only for the sequences running ---===//

#include "Codegen/SequencePacking.h"

#include "nn/IR/NNOps.h"

using namespace nnc;

/// Ops that compute each time step from the same step alone, or (the
/// recurrent layers, checked apart) from earlier steps only.
static bool actsPerStep(mlir::Operation *op) {
  return llvm::isa<nn::EmbeddingOp, nn::EmbeddingGradOp, nn::DenseOp, nn::DenseGradInputOp,
                   nn::DenseGradKernelOp, nn::BiasGradOp, nn::ActivationOp, nn::ActivationGradOp,
                   nn::DropoutOp, nn::SparseCategoricalCrossentropyOp,
                   nn::SparseCategoricalCrossentropyGradOp>(op);
}

/// For a recurrent op (forward or gradient): whether it runs over the labels'
/// `steps` and returns its whole sequence, its final state unread (then a
/// step reads only earlier ones). Nothing for other ops.
static std::optional<bool> recurrenceFits(mlir::Operation *op, int64_t steps) {
  bool sequences = false;
  mlir::Value x;
  if (auto lstm = llvm::dyn_cast<nn::LSTMOp>(op))
    sequences = lstm.getReturnSequences(), x = lstm.getX();
  else if (auto gru = llvm::dyn_cast<nn::GRUOp>(op))
    sequences = gru.getReturnSequences(), x = gru.getX();
  else if (auto rnn = llvm::dyn_cast<nn::SimpleRNNOp>(op))
    sequences = rnn.getReturnSequences(), x = rnn.getX();
  else if (auto lstm = llvm::dyn_cast<nn::LSTMGradOp>(op))
    sequences = lstm.getReturnSequences(), x = lstm.getX();
  else if (auto gru = llvm::dyn_cast<nn::GRUGradOp>(op))
    sequences = gru.getReturnSequences(), x = gru.getX();
  else if (auto rnn = llvm::dyn_cast<nn::SimpleRNNGradOp>(op))
    sequences = rnn.getReturnSequences(), x = rnn.getX();
  else
    return std::nullopt;
  auto shape = llvm::cast<mlir::ShapedType>(x.getType()).getShape();
  bool finalStateRead = llvm::isa<nn::LSTMOp, nn::GRUOp, nn::SimpleRNNOp>(op) &&
                        llvm::any_of(op->getResults().drop_front(),
                                     [](mlir::Value state) { return !state.use_empty(); });
  return sequences && shape.size() == 3 && shape[1] == steps && !finalStateRead;
}

std::optional<SequencePacking> nnc::findSequencePacking(mlir::func::FuncOp function) {
  std::optional<SequencePacking> packing;
  function.walk([&](nn::SparseCategoricalCrossentropyOp loss) {
    if (loss.getIgnoreIndex())
      packing = SequencePacking{loss.getLabels(), static_cast<int64_t>(*loss.getIgnoreIndex())};
  });
  if (!packing)
    return std::nullopt;
  auto labels = llvm::cast<mlir::ShapedType>(packing->labels.getType());
  if (labels.getRank() != 2 || labels.isDynamicDim(1) ||
      !llvm::isa<mlir::BlockArgument>(packing->labels))
    return std::nullopt;
  const int64_t steps = labels.getDimSize(1);

  bool recurrent = false;
  for (mlir::Operation &op : function.getBody().front().without_terminator()) {
    if (std::optional<bool> fits = recurrenceFits(&op, steps)) {
      if (!*fits)
        return std::nullopt;
      recurrent = true;
    } else if (!actsPerStep(&op)) {
      return std::nullopt;
    }
  }
  // The loss and gradients only: an output read outside (for accuracy)
  // would see the skipped positions.
  for (unsigned index = 0; index < function.getNumResults(); ++index)
    if (auto name = function.getResultAttrOfType<mlir::StringAttr>(index, "nn.output");
        name && name.getValue() != "loss")
      return std::nullopt;
  return recurrent ? packing : std::nullopt;
}
