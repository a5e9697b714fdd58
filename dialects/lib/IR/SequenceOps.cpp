//===- SequenceOps.cpp - Shapes of embeddings and recurrent layers --------===//
//
// An embedding maps [N, ...] token indices to [N, ..., dim]; a recurrent
// layer (LSTM, GRU, SimpleRNN) maps a sequence [N, T, in] to [N, T, U]
// (return_sequences) or [N, U], plus its final state (LSTM: h and c; GRU,
// SimpleRNN: h) [N, U]. The three differ in their gates (the kernels'
// columns), the bias and the state, as RecurrentLayout says; the rules are
// shared. Errors speak of Keras layers and their shapes.
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

/// Each step of the result is the row of that step's token.
SpatialFootprint EmbeddingOp::getSpatialFootprint() { return SpatialFootprint::pointwise(); }

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
// The recurrent layers: LSTMOp, GRUOp, SimpleRNNOp and their gradients
//===----------------------------------------------------------------------===//

namespace {

/// What tells Keras's recurrent layers apart in their operands: the gates
/// side by side along the kernels' last axis, the bias's layout and the
/// state tensors.
struct RecurrentLayout {
  StringRef kerasClass;    ///< "LSTM", in errors about the input
  int64_t gates;           ///< columns per unit in the kernels
  StringRef gateNames;     ///< "input, forget, cell, output"
  StringRef kernelColumns; ///< "4 * units"
  ArrayRef<StringLiteral> stateNames;
  /// GRU (reset_after=true): a bias [2, G*U], input and recurrent, instead
  /// of one [G*U].
  bool inputAndRecurrentBias = false;
};

const RecurrentLayout kLSTMLayout{"LSTM", 4, "input, forget, cell, output", "4 * units",
                                  LSTMOp::getStateNames()};
const RecurrentLayout kGRULayout{"GRU", 3, "update, reset, candidate", "3 * units",
                                 GRUOp::getStateNames(), /*inputAndRecurrentBias=*/true};
const RecurrentLayout kSimpleRNNLayout{"SimpleRNN", 1, "", "units",
                                       SimpleRNNOp::getStateNames()};

/// The sizes of one recurrent layer, from its operands.
struct RecurrentShape {
  int64_t batch, time, features, units;
};

} // namespace

/// Checks x [N, T, in], kernel [in, G*U] and recurrent_kernel [U, G*U]
/// against each other and returns the layer's sizes (the bias is the
/// caller's: its layout differs).
static FailureOr<RecurrentShape>
checkRecurrentOperands(std::optional<Location> location, StringRef op,
                       const RecurrentLayout &layout, Value x, Value kernel,
                       Value recurrentKernel) {
  auto xType = llvm::dyn_cast<RankedTensorType>(x.getType());
  if (xType && xType.getRank() != 3)
    return emitOptionalError(location, layout.kerasClass,
                             " expects a sequence [batch, time, features], got ",
                             formatShape(xType.getShape()));
  std::string kernelLayout = ("(features, " + layout.kernelColumns + ")").str();
  std::string recurrentLayout = ("(units, " + layout.kernelColumns + ")").str();
  auto input = checkTensor(location, op, x, {"input", 3, 3, "(batch, time, features)"});
  auto kernelType = checkTensor(location, op, kernel, {"kernel", 2, 2, kernelLayout, false});
  auto recurrentType = checkTensor(location, op, recurrentKernel,
                                   {"recurrent_kernel", 2, 2, recurrentLayout, false});
  if (failed(input) || failed(kernelType) || failed(recurrentType))
    return failure();

  RecurrentShape shape{input->getDimSize(0), input->getDimSize(1), input->getDimSize(2), 0};
  ArrayRef<int64_t> k = kernelType->getShape(), rk = recurrentType->getShape();
  if (k[1] % layout.gates != 0)
    return emitOptionalError(location, op, " kernel ", formatShape(k), " must hold ",
                             layout.gates, " gates (", layout.gateNames, "): ", k[1],
                             " columns is not a multiple of ", layout.gates);
  shape.units = k[1] / layout.gates;
  if (k[0] != shape.features)
    return emitOptionalError(location, op, " kernel ", formatShape(k), " expects ", k[0],
                             " input features but the input ",
                             formatShape(input->getShape()), " has ", shape.features);
  if (rk[0] != shape.units || rk[1] != layout.gates * shape.units)
    return emitOptionalError(location, op, " recurrent_kernel ", formatShape(rk),
                             " does not match ", shape.units, " units: expected (",
                             shape.units, ", ", layout.gates * shape.units, ")");
  return shape;
}

/// A GRU's bias with reset_after=true: [2, 3U], the input bias and the
/// recurrent bias (the recurrent one is added before the reset gate scales it).
static LogicalResult checkGRUBias(std::optional<Location> location, StringRef op, Value bias,
                                  const RecurrentShape &shape) {
  auto type = checkTensor(location, op, bias, {"bias", 2, 2, "(2, 3 * units)", false});
  if (failed(type))
    return failure();
  ArrayRef<int64_t> b = type->getShape();
  if (b[0] != 2 || b[1] != 3 * shape.units)
    return emitOptionalError(location, op, " bias ", formatShape(b), " does not match ",
                             shape.units, " units: expected (2, ", 3 * shape.units,
                             "), an input and a recurrent bias (reset_after=true)");
  return success();
}

static LogicalResult checkRecurrentBias(std::optional<Location> location, StringRef op,
                                        const RecurrentLayout &layout, Value bias,
                                        const RecurrentShape &shape) {
  if (layout.inputAndRecurrentBias)
    return checkGRUBias(location, op, bias, shape);
  std::string sizeName = layout.gates == 1
                             ? std::string("units")
                             : ("gate units (" + layout.kernelColumns + ")").str();
  return checkBias(location, op, bias, layout.gates * shape.units, sizeName);
}

/// "two tensors [h, c]", "one tensor [h]".
static std::string describeStateCount(ArrayRef<StringLiteral> names) {
  std::string text = names.size() == 1 ? "one tensor [" : "two tensors [";
  for (auto [index, name] : llvm::enumerate(names))
    text += (index ? ", " : "") + name.str();
  return text + "]";
}

/// initial_state: none, or one [N, U] tensor per state name.
static LogicalResult checkInitialState(std::optional<Location> location, StringRef op,
                                       const RecurrentLayout &layout, ValueRange state,
                                       const RecurrentShape &shape) {
  if (state.empty())
    return success();
  if (state.size() != layout.stateNames.size())
    return emitOptionalError(location, op, " initial_state must be ",
                             describeStateCount(layout.stateNames), ", got ",
                             state.size());
  for (auto [value, name] : llvm::zip_equal(state, layout.stateNames)) {
    std::string role = ("initial state " + name).str();
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
static RankedTensorType getRecurrentOutputType(MLIRContext *context,
                                               const RecurrentShape &shape,
                                               bool returnSequences) {
  if (returnSequences)
    return getF32Tensor(context, {shape.batch, shape.time, shape.units});
  return getF32Tensor(context, {shape.batch, shape.units});
}

/// The operands a forward op and its gradient op share (x, the kernels, the
/// bias, the initial state), checked; the layer's sizes.
template <typename Adaptor>
static FailureOr<RecurrentShape> checkRecurrentLayer(std::optional<Location> location,
                                                     StringRef op,
                                                     const RecurrentLayout &layout,
                                                     Adaptor adaptor) {
  FailureOr<RecurrentShape> shape =
      checkRecurrentOperands(location, op, layout, adaptor.getX(), adaptor.getKernel(),
                             adaptor.getRecurrentKernel());
  if (failed(shape) || failed(checkRecurrentBias(location, op, layout, adaptor.getBias(),
                                                 *shape)) ||
      failed(checkInitialState(location, op, layout, adaptor.getInitialState(), *shape)))
    return failure();
  return shape;
}

/// The forward op's results: output, then one [N, U] per state tensor.
template <typename Adaptor>
static LogicalResult inferRecurrentTypes(MLIRContext *context,
                                         std::optional<Location> location, StringRef op,
                                         const RecurrentLayout &layout, Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferredReturnTypes) {
  FailureOr<RecurrentShape> shape = checkRecurrentLayer(location, op, layout, adaptor);
  if (failed(shape))
    return failure();
  inferredReturnTypes.push_back(
      getRecurrentOutputType(context, *shape, adaptor.getReturnSequences()));
  RankedTensorType state = getF32Tensor(context, {shape->batch, shape->units});
  inferredReturnTypes.append(layout.stateNames.size(), state);
  return success();
}

/// The gradient op's results: the gradients of x, kernel, recurrent_kernel,
/// bias, then of each initial state tensor.
template <typename Adaptor>
static LogicalResult inferRecurrentGradTypes(MLIRContext *context,
                                             std::optional<Location> location, StringRef op,
                                             const RecurrentLayout &layout, Adaptor adaptor,
                                             SmallVectorImpl<Type> &inferredReturnTypes) {
  FailureOr<RecurrentShape> shape = checkRecurrentLayer(location, op, layout, adaptor);
  if (failed(shape))
    return failure();
  RankedTensorType output =
      getRecurrentOutputType(context, *shape, adaptor.getReturnSequences());
  std::string theOutput = ("the " + layout.kerasClass + "'s output").str();
  auto forward = checkTensor(location, op, adaptor.getForwardOutput(), {"forward output"});
  auto doutput = checkTensor(location, op, adaptor.getDoutput(), {"gradient doutput"});
  if (failed(forward) || failed(doutput) ||
      failed(matchShapes(location, op, "forward output", *forward, theOutput, output)) ||
      failed(matchShapes(location, op, "gradient doutput", *doutput, theOutput, output)))
    return failure();
  inferredReturnTypes.append({adaptor.getX().getType(), adaptor.getKernel().getType(),
                              adaptor.getRecurrentKernel().getType(),
                              adaptor.getBias().getType()});
  RankedTensorType state = getF32Tensor(context, {shape->batch, shape->units});
  inferredReturnTypes.append(layout.stateNames.size(), state);
  return success();
}

/// Inference already checked the state's shapes; the verifier states the
/// rule on its own so that it holds however the op was built.
static LogicalResult verifyInitialState(Operation *op, const RecurrentLayout &layout,
                                        ValueRange state, Type stateType) {
  size_t count = state.size();
  if (count != 0 && count != layout.stateNames.size())
    return op->emitOpError("initial_state must be none or ")
           << describeStateCount(layout.stateNames) << ", got " << count;
  // Compatible, not equal: a static batch may meet a dynamic one.
  if (stateType)
    for (Value value : state)
      if (failed(verifyCompatibleShape(value.getType(), stateType)))
        return op->emitOpError("initial_state ")
               << value.getType() << " must have the final state's type " << stateType;
  return success();
}

LogicalResult LSTMOp::inferReturnTypes(MLIRContext *context,
                                       std::optional<Location> location, Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  return inferRecurrentTypes(context, location, "lstm", kLSTMLayout, adaptor,
                             inferredReturnTypes);
}

LogicalResult LSTMOp::verify() {
  return verifyInitialState(*this, kLSTMLayout, getInitialState(), getFinalH().getType());
}

LogicalResult LSTMGradOp::inferReturnTypes(MLIRContext *context,
                                           std::optional<Location> location,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  return inferRecurrentGradTypes(context, location, "lstm_grad", kLSTMLayout, adaptor,
                                 inferredReturnTypes);
}

LogicalResult LSTMGradOp::verify() {
  return verifyInitialState(*this, kLSTMLayout, getInitialState(), Type());
}

LogicalResult GRUOp::inferReturnTypes(MLIRContext *context, std::optional<Location> location,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  return inferRecurrentTypes(context, location, "gru", kGRULayout, adaptor,
                             inferredReturnTypes);
}

LogicalResult GRUOp::verify() {
  return verifyInitialState(*this, kGRULayout, getInitialState(), getFinalH().getType());
}

LogicalResult GRUGradOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location> location, Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  return inferRecurrentGradTypes(context, location, "gru_grad", kGRULayout, adaptor,
                                 inferredReturnTypes);
}

LogicalResult GRUGradOp::verify() {
  return verifyInitialState(*this, kGRULayout, getInitialState(), Type());
}

LogicalResult SimpleRNNOp::inferReturnTypes(MLIRContext *context,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  return inferRecurrentTypes(context, location, "simple_rnn", kSimpleRNNLayout, adaptor,
                             inferredReturnTypes);
}

LogicalResult SimpleRNNOp::verify() {
  return verifyInitialState(*this, kSimpleRNNLayout, getInitialState(),
                            getFinalH().getType());
}

LogicalResult
SimpleRNNGradOp::inferReturnTypes(MLIRContext *context, std::optional<Location> location,
                                  Adaptor adaptor,
                                  SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  return inferRecurrentGradTypes(context, location, "simple_rnn_grad", kSimpleRNNLayout,
                                 adaptor, inferredReturnTypes);
}

LogicalResult SimpleRNNGradOp::verify() {
  return verifyInitialState(*this, kSimpleRNNLayout, getInitialState(), Type());
}
