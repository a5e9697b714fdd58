//===- SequenceOps.cpp - Shapes of embeddings and LSTMs, and their gradients -===//
//
// An embedding maps [N, ...] token indices to [N, ..., dim]; an LSTM maps a
// sequence [N, T, in] to [N, T, U] (return_sequences) or [N, U], plus its
// final state h and c [N, U]. Errors speak of Keras layers and their shapes.
//
//===----------------------------------------------------------------------===//

#include "TensorChecks.h"

#include "nn/IR/NNOps.h"

#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::inference;

//===----------------------------------------------------------------------===//
// EmbeddingOp, EmbeddingGradOp
//===----------------------------------------------------------------------===//

LogicalResult EmbeddingOp::inferReturnTypes(MLIRContext *context,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto tokens = checkTensor(location, "embedding", adaptor.getTokens(),
                            {"token input", -1, 2, "(batch, time)"});
  auto table = checkTensor(location, "embedding", adaptor.getTable(),
                           {"table", 2, 2, "(input_dim, output_dim)", false});
  if (failed(tokens) || failed(table))
    return failure();
  SmallVector<int64_t> shape(tokens->getShape());
  shape.push_back(table->getDimSize(1));
  inferredReturnTypes.push_back(getF32Tensor(context, shape));
  return success();
}

LogicalResult
EmbeddingGradOp::inferReturnTypes(MLIRContext *context, std::optional<Location> location,
                                  Adaptor adaptor,
                                  SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto tokens = checkTensor(location, "embedding_grad", adaptor.getTokens(),
                            {"token input", -1, 2, "(batch, time)"});
  auto dy = checkTensor(location, "embedding_grad", adaptor.getDy(),
                        {"gradient dy", -1, 3, "(batch, time, output_dim)"});
  if (failed(tokens) || failed(dy))
    return failure();
  ArrayRef<int64_t> dyShape = dy->getShape();
  if (failed(matchShapes(location, "embedding_grad", "token input", *tokens,
                         "gradient dy without its last axis",
                         getF32Tensor(context, dyShape.drop_back()))))
    return failure();
  int64_t vocab = adaptor.getVocab();
  if (vocab <= 0)
    return emitOptionalError(location, "embedding_grad vocab must be positive, got ",
                             vocab);
  inferredReturnTypes.push_back(getF32Tensor(context, {vocab, dyShape.back()}));
  return success();
}

//===----------------------------------------------------------------------===//
// LSTMOp, LSTMGradOp
//===----------------------------------------------------------------------===//

namespace {

/// The sizes of one LSTM layer, from its operands.
struct LSTMShape {
  int64_t batch, time, features, units;
};

} // namespace

/// Checks x [N, T, in], kernel [in, 4U], recurrent_kernel [U, 4U] and bias
/// [4U] against each other and returns the layer's sizes.
static FailureOr<LSTMShape> checkLSTMOperands(std::optional<Location> location,
                                              StringRef op, Value x, Value kernel,
                                              Value recurrentKernel, Value bias) {
  auto xType = llvm::dyn_cast<RankedTensorType>(x.getType());
  if (xType && xType.getRank() != 3)
    return emitOptionalError(location, "LSTM expects a sequence [batch, time, features], got ",
                             formatShape(xType.getShape()));
  auto input = checkTensor(location, op, x, {"input", 3, 3, "(batch, time, features)"});
  auto kernelType = checkTensor(location, op, kernel,
                                {"kernel", 2, 2, "(features, 4 * units)", false});
  auto recurrentType = checkTensor(location, op, recurrentKernel,
                                   {"recurrent_kernel", 2, 2, "(units, 4 * units)", false});
  if (failed(input) || failed(kernelType) || failed(recurrentType))
    return failure();

  LSTMShape shape{input->getDimSize(0), input->getDimSize(1), input->getDimSize(2), 0};
  ArrayRef<int64_t> k = kernelType->getShape(), rk = recurrentType->getShape();
  if (k[1] % 4 != 0)
    return emitOptionalError(location, op, " kernel ", formatShape(k),
                             " must hold 4 gates (input, forget, cell, output): ", k[1],
                             " columns is not a multiple of 4");
  shape.units = k[1] / 4;
  if (k[0] != shape.features)
    return emitOptionalError(location, op, " kernel ", formatShape(k), " expects ", k[0],
                             " input features but the input ",
                             formatShape(input->getShape()), " has ", shape.features);
  if (rk[0] != shape.units || rk[1] != 4 * shape.units)
    return emitOptionalError(location, op, " recurrent_kernel ", formatShape(rk),
                             " does not match ", shape.units, " units: expected (",
                             shape.units, ", ", 4 * shape.units, ")");
  if (failed(checkBias(location, op, bias, 4 * shape.units, "gate units (4 * units)")))
    return failure();
  return shape;
}

/// initial_state: none, or h and c, each [N, U].
static LogicalResult checkInitialState(std::optional<Location> location, StringRef op,
                                       ValueRange state, const LSTMShape &shape) {
  if (state.empty())
    return success();
  if (state.size() != 2)
    return emitOptionalError(location, op,
                             " initial_state must be two tensors [h, c], got ",
                             state.size());
  static constexpr StringRef roles[] = {"initial state h", "initial state c"};
  for (auto [value, role] : llvm::zip_equal(state, roles)) {
    auto type = checkTensor(location, op, value, {role, 2, 2, "(batch, units)"});
    if (failed(type))
      return failure();
    if (failed(matchShapes(location, op, role, *type, "(batch, units)",
                           getF32Tensor(type->getContext(), {shape.batch, shape.units}))))
      return failure();
  }
  return success();
}

/// The type of `output`: [N, T, U] with return_sequences, else [N, U].
static RankedTensorType getLSTMOutputType(MLIRContext *context, const LSTMShape &shape,
                                          bool returnSequences) {
  if (returnSequences)
    return getF32Tensor(context, {shape.batch, shape.time, shape.units});
  return getF32Tensor(context, {shape.batch, shape.units});
}

LogicalResult LSTMOp::inferReturnTypes(MLIRContext *context,
                                       std::optional<Location> location, Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  FailureOr<LSTMShape> shape =
      checkLSTMOperands(location, "lstm", adaptor.getX(), adaptor.getKernel(),
                        adaptor.getRecurrentKernel(), adaptor.getBias());
  if (failed(shape) ||
      failed(checkInitialState(location, "lstm", adaptor.getInitialState(), *shape)))
    return failure();
  RankedTensorType state = getF32Tensor(context, {shape->batch, shape->units});
  inferredReturnTypes.push_back(
      getLSTMOutputType(context, *shape, adaptor.getReturnSequences()));
  inferredReturnTypes.append({state, state});
  return success();
}

/// Inference already checked the state's shapes; the verifier states the
/// rule on its own so that it holds however the op was built.
LogicalResult LSTMOp::verify() {
  size_t count = getInitialState().size();
  if (count != 0 && count != 2)
    return emitOpError("initial_state must be none or two tensors [h, c], got ") << count;
  // Compatible, not equal: a static batch may meet a dynamic one.
  for (Value state : getInitialState())
    if (failed(verifyCompatibleShape(state.getType(), getFinalH().getType())))
      return emitOpError("initial_state ")
             << state.getType() << " must have the final state's type "
             << getFinalH().getType();
  return success();
}

LogicalResult LSTMGradOp::inferReturnTypes(MLIRContext *context,
                                           std::optional<Location> location,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  FailureOr<LSTMShape> shape =
      checkLSTMOperands(location, "lstm_grad", adaptor.getX(), adaptor.getKernel(),
                        adaptor.getRecurrentKernel(), adaptor.getBias());
  if (failed(shape) ||
      failed(checkInitialState(location, "lstm_grad", adaptor.getInitialState(), *shape)))
    return failure();
  RankedTensorType output =
      getLSTMOutputType(context, *shape, adaptor.getReturnSequences());
  auto forward = checkTensor(location, "lstm_grad", adaptor.getForwardOutput(),
                             {"forward output"});
  auto doutput = checkTensor(location, "lstm_grad", adaptor.getDoutput(),
                             {"gradient doutput"});
  if (failed(forward) || failed(doutput) ||
      failed(matchShapes(location, "lstm_grad", "forward output", *forward,
                         "the LSTM's output", output)) ||
      failed(matchShapes(location, "lstm_grad", "gradient doutput", *doutput,
                         "the LSTM's output", output)))
    return failure();
  RankedTensorType state = getF32Tensor(context, {shape->batch, shape->units});
  inferredReturnTypes.append({adaptor.getX().getType(), adaptor.getKernel().getType(),
                              adaptor.getRecurrentKernel().getType(),
                              adaptor.getBias().getType(), state, state});
  return success();
}

LogicalResult LSTMGradOp::verify() {
  size_t count = getInitialState().size();
  if (count != 0 && count != 2)
    return emitOpError("initial_state must be none or two tensors [h, c], got ") << count;
  return success();
}
