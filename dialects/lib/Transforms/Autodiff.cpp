//===- Autodiff.cpp - The nn-autodiff pass --------------------------------===//
//
// Turns a model function with a train block into the functions of a
// training step (see Passes.td): loss, gradient (reverse mode through each
// op's AdjointOpInterface), optimizer update, and the step calling both.
// Everything stays in the nn dialect, so code generation fuses the forward
// and backward graphs like any other ops.
//
//===----------------------------------------------------------------------===//

#include "nn/Transforms/Passes.h"

#include "nn/IR/AdjointOpInterface.h"
#include "nn/IR/DerivedFunctions.h"
#include "nn/IR/NNOps.h"
#include "nn/IR/TrainingModeOpInterface.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/TypeSwitch.h"

namespace nnc::nn {
#define GEN_PASS_DEF_AUTODIFF
#include "nn/Transforms/Passes.h.inc"
} // namespace nnc::nn

using namespace mlir;
using namespace nnc::nn;

namespace {

//===----------------------------------------------------------------------===//
// The train block's optimizer
//===----------------------------------------------------------------------===//

/// Optimizer state per parameter, in the order of the update op's operands
/// (and of the runtime's state tensors).
ArrayRef<StringLiteral> getStateSlots(OptimizerAttrInterface optimizer) {
  static constexpr StringLiteral sgd[] = {"velocity"}, adam[] = {"m", "v"},
                                 adadelta[] = {"accum_grad", "accum_var"},
                                 rmsprop[] = {"ms", "mom"};
  return llvm::TypeSwitch<Attribute, ArrayRef<StringLiteral>>(optimizer)
      .Case([](SgdAttr) { return ArrayRef<StringLiteral>(sgd); })
      .Case([](AdamAttr) { return ArrayRef<StringLiteral>(adam); })
      .Case([](AdadeltaAttr) { return ArrayRef<StringLiteral>(adadelta); })
      .Case([](RmspropAttr) { return ArrayRef<StringLiteral>(rmsprop); })
      .Default([](Attribute) -> ArrayRef<StringLiteral> {
        llvm_unreachable("an optimizer without an update op");
      });
}

/// The update ops take their hyperparameters in single precision.
APFloat toF32(const APFloat &value) {
  return APFloat(static_cast<float>(value.convertToDouble()));
}

//===----------------------------------------------------------------------===//
// The model's signature
//===----------------------------------------------------------------------===//

/// The forward function's arguments by role, and what the target looks like.
struct ModelSignature {
  SmallVector<unsigned> inputs; ///< argument numbers, forward order
  SmallVector<unsigned> params; ///< argument numbers, forward order
  SmallVector<StringAttr> paramNames;
  /// Per param: differentiated and updated by the optimizer, or non-trainable
  /// state that layers update while training (`nn.trainable = false`).
  SmallVector<bool> trainable;
  RankedTensorType outputType; ///< every output's (one target serves them all)
  SmallVector<StringAttr> outputNames;
  RankedTensorType targetType;
  StringAttr targetName; ///< the input's name, or "labels"
};

FailureOr<ModelSignature> readSignature(func::FuncOp model, TrainAttr settings) {
  ModelSignature signature;
  for (unsigned index = 0, e = model.getNumArguments(); index < e; ++index) {
    if (model.getArgAttr(index, NNDialect::kInputAttrName)) {
      signature.inputs.push_back(index);
    } else if (auto name = model.getArgAttrOfType<StringAttr>(index,
                                                              NNDialect::kParamAttrName)) {
      signature.params.push_back(index);
      signature.paramNames.push_back(name);
      auto trainable = model.getArgAttrOfType<BoolAttr>(index, NNDialect::kTrainableAttrName);
      signature.trainable.push_back(!trainable || trainable.getValue());
    } else {
      return model.emitError() << "argument " << index
                               << " is neither an nn.input nor an nn.param: "
                                  "cannot tell what to differentiate";
    }
  }
  if (!llvm::is_contained(signature.trainable, true))
    return model.emitError() << "model '" << model.getSymName()
                             << "' has no parameters to train";
  // Several outputs train as Keras trains them with one loss: the loss of
  // each output against the target, summed. One target serves them all, so
  // they must agree on its shape.
  auto getOutputName = [&](unsigned index) {
    auto name = model.getResultAttrOfType<StringAttr>(index, NNDialect::kOutputAttrName);
    return name ? name.str() : "output " + std::to_string(index);
  };
  if (model.getNumResults() == 0)
    return model.emitError() << "model '" << model.getSymName() << "' has no output to train";
  signature.outputType = llvm::dyn_cast<RankedTensorType>(model.getResultTypes()[0]);
  if (!signature.outputType)
    return model.emitError() << "the model's output must be a ranked tensor";
  for (unsigned index = 1, e = model.getNumResults(); index < e; ++index) {
    if (model.getResultTypes()[index] != signature.outputType)
      return model.emitError()
             << "a train block compares every output with one target, so the outputs of "
                "model '"
             << model.getSymName() << "' must have one type: '" << getOutputName(0)
             << "' is " << signature.outputType << ", '" << getOutputName(index) << "' is "
             << model.getResultTypes()[index];
  }
  for (unsigned index = 0, e = model.getNumResults(); index < e; ++index)
    signature.outputNames.push_back(StringAttr::get(model.getContext(), getOutputName(index)));
  if (model.getNumResults() > 1 && llvm::is_contained(settings.getMetrics(), Metric::accuracy))
    return model.emitError() << "metrics = [accuracy] needs a model with one output; model '"
                             << model.getSymName() << "' has " << model.getNumResults();

  MLIRContext *context = model.getContext();
  if (settings.getTarget() == Target::input) {
    if (signature.inputs.size() != 1)
      return model.emitError() << "target = input needs a model with exactly one input, @"
                               << model.getSymName() << " has " << signature.inputs.size();
    unsigned input = signature.inputs.front();
    if (model.getArgumentTypes()[input] != signature.outputType)
      return model.emitError() << "target = input needs the input's type "
                               << model.getArgumentTypes()[input]
                               << " to equal the output's " << signature.outputType;
    signature.targetType = signature.outputType;
    signature.targetName = model.getArgAttrOfType<StringAttr>(input, NNDialect::kInputAttrName);
    if (!signature.targetName)
      signature.targetName = StringAttr::get(context, "input");
    return signature;
  }

  signature.targetName = StringAttr::get(context, "labels");
  signature.targetType = signature.outputType;
  if (settings.getLoss() == Loss::sparse_categorical_crossentropy) {
    if (signature.outputType.getRank() < 2)
      return model.emitError() << "sparse_categorical_crossentropy needs an output of "
                                  "rank >= 2 (batch, ..., classes), got "
                               << signature.outputType;
    signature.targetType = RankedTensorType::get(
        signature.outputType.getShape().drop_back(), signature.outputType.getElementType());
  }
  return signature;
}

//===----------------------------------------------------------------------===//
// Building the functions
//===----------------------------------------------------------------------===//

/// Builds @M_loss, @M_gradient, @M_update and @M_train_step for one model
/// and names them on it (nn.loss_function = @M_loss, ...).
class TrainingFunctionBuilder {
public:
  TrainingFunctionBuilder(func::FuncOp model, TrainAttr settings,
                          const ModelSignature &signature)
      : model(model), settings(settings), signature(signature),
        builder(model.getContext()), loc(model.getLoc()),
        random(llvm::any_of(model.getBody().getOps<TrainingModeOpInterface>(),
                            [](TrainingModeOpInterface op) { return op.needsRandomness(); })) {}

  LogicalResult build() {
    if (failed(checkAdjoints()) || failed(checkNamesAreFree()))
      return failure();
    builder.setInsertionPointAfter(model);
    func::FuncOp lossFn = buildLossFunction();
    FailureOr<func::FuncOp> gradientFn = buildGradientFunction();
    if (failed(gradientFn))
      return failure();
    func::FuncOp updateFn = buildUpdateFunction();
    func::FuncOp trainStepFn = buildTrainStepFunction(*gradientFn, updateFn);
    // Later stages find them by these references, not by their names.
    setDerivedFunction(model, DerivedFunction::Loss, lossFn);
    setDerivedFunction(model, DerivedFunction::Gradient, *gradientFn);
    setDerivedFunction(model, DerivedFunction::Update, updateFn);
    setDerivedFunction(model, DerivedFunction::TrainStep, trainStepFn);
    return success();
  }

private:
  std::string getFunctionName(StringRef suffix) {
    return (model.getSymName() + "_" + suffix).str();
  }

  LogicalResult checkNamesAreFree() {
    auto module = model->getParentOfType<ModuleOp>();
    for (StringRef suffix : {"loss", "gradient", "update", "train_step"})
      if (module.lookupSymbol(getFunctionName(suffix)))
        return model.emitError() << "cannot add the training functions: @"
                                 << getFunctionName(suffix) << " already exists";
    return success();
  }

  /// Values that depend on a parameter: the gradient flows through them.
  DenseSet<Value> findActiveValues(func::FuncOp function, ArrayRef<Value> params) {
    DenseSet<Value> active(params.begin(), params.end());
    function.walk([&](Operation *op) {
      if (llvm::any_of(op->getOperands(), [&](Value v) { return active.contains(v); }))
        active.insert(op->result_begin(), op->result_end());
    });
    return active;
  }

  /// Values the model's output depends on (the loss's gradient reaches them).
  static DenseSet<Value> findValuesFeedingOutput(func::FuncOp function) {
    Block &block = function.getBody().front();
    DenseSet<Value> feeding(block.getTerminator()->operand_begin(),
                            block.getTerminator()->operand_end());
    for (Operation &op : llvm::reverse(block.without_terminator()))
      if (llvm::any_of(op.getResults(), [&](Value v) { return feeding.contains(v); }))
        feeding.insert(op.operand_begin(), op.operand_end());
    return feeding;
  }

  /// Every op the gradient must pass through states its adjoint; all those
  /// that do not are reported, at their own location. An adjoint takes the
  /// gradient of the first result only (a recurrent layer's output, not its final
  /// state), so a gradient reaching another result is reported too.
  LogicalResult checkAdjoints() {
    SmallVector<Value> params;
    for (auto [index, trainable] : llvm::zip_equal(signature.params, signature.trainable))
      if (trainable)
        params.push_back(model.getArgument(index));
    DenseSet<Value> active = findActiveValues(model, params);
    DenseSet<Value> feedingOutput = findValuesFeedingOutput(model);
    bool ok = true;
    for (Operation &op : model.getBody().front().without_terminator()) {
      bool carriesGradient =
          llvm::any_of(op.getResults(), [&](Value v) { return active.contains(v); });
      if (!carriesGradient)
        continue;
      if (!llvm::isa<AdjointOpInterface>(op)) {
        op.emitError() << "'" << op.getName()
                       << "' has no adjoint: the gradient cannot flow through it to the "
                          "parameters";
        ok = false;
        continue;
      }
      bool gradientPastFirstResult =
          llvm::any_of(op.getResults().drop_front(), [&](Value v) {
            return active.contains(v) && feedingOutput.contains(v);
          });
      if (!gradientPastFirstResult)
        continue;
      if (isRecurrentLayer(&op))
        op.emitError() << "gradients through the final state of a recurrent layer ("
                       << llvm::cast<LayerOpInterface>(op).getKerasClass()
                       << ") are not supported";
      else
        op.emitError() << "'" << op.getName()
                       << "' differentiates through its first result only";
      ok = false;
    }
    return success(ok);
  }

  /// The arguments shared by @M_loss and @M_gradient: inputs, target,
  /// params, with their attributes.
  void getLossArguments(SmallVectorImpl<Type> &types,
                        SmallVectorImpl<DictionaryAttr> &attributes) {
    for (unsigned index : signature.inputs) {
      types.push_back(model.getArgumentTypes()[index]);
      attributes.push_back(getArgAttributes(index));
    }
    types.push_back(signature.targetType);
    attributes.push_back(builder.getDictionaryAttr(
        builder.getNamedAttr(NNDialect::kTargetAttrName, signature.targetName)));
    for (unsigned index : signature.params) {
      types.push_back(model.getArgumentTypes()[index]);
      attributes.push_back(getArgAttributes(index));
    }
  }

  DictionaryAttr getArgAttributes(unsigned index) {
    DictionaryAttr attributes = model.getArgAttrDict(index);
    return attributes ? attributes : builder.getDictionaryAttr({});
  }

  DictionaryAttr getNameAttribute(StringRef key, StringRef name) {
    return builder.getDictionaryAttr(builder.getNamedAttr(key, builder.getStringAttr(name)));
  }

  func::FuncOp createFunction(StringRef suffix, ArrayRef<Type> argTypes,
                              ArrayRef<DictionaryAttr> argAttrs, ArrayRef<Type> resultTypes,
                              ArrayRef<DictionaryAttr> resultAttrs) {
    auto function = builder.create<func::FuncOp>(
        loc, getFunctionName(suffix), builder.getFunctionType(argTypes, resultTypes));
    function.setAllArgAttrs(argAttrs);
    function.setAllResultAttrs(resultAttrs);
    function.addEntryBlock();
    builder.setInsertionPointAfter(function);
    return function;
  }

  /// Clones the forward body into `function` (whose arguments are the loss
  /// arguments) and returns the predictions, one per output. With `exposePreActivations`, a
  /// layer's fused activation whose derivative needs its input (gelu, silu:
  /// ActivationTraits) becomes an nn.activation after the linear layer, so
  /// the gradient can read the pre-activation sum as a value.
  SmallVector<Value> cloneForward(OpBuilder &body, func::FuncOp function,
                                  bool exposePreActivations = false) {
    IRMapping mapping;
    unsigned next = 0;
    for (unsigned index : signature.inputs)
      mapping.map(model.getArgument(index), function.getArgument(next++));
    ++next; // the target
    for (unsigned index : signature.params)
      mapping.map(model.getArgument(index), function.getArgument(next++));
    for (Operation &op : model.getBody().front().without_terminator()) {
      Operation *clone = body.clone(op, mapping);
      if (exposePreActivations)
        splitActivationNeedingInput(body, clone, op, mapping);
    }
    Operation *terminator = model.getBody().front().getTerminator();
    return llvm::map_to_vector(terminator->getOperands(),
                               [&](Value output) { return mapping.lookup(output); });
  }

  /// `clone` (of `original`) with a fused `activation` attribute that
  /// ActivationTraits::gradientNeedsInput: made linear, followed by the
  /// activation as its own op, which then stands for `original`'s result.
  static void splitActivationNeedingInput(OpBuilder &body, Operation *clone,
                                          Operation &original, IRMapping &mapping) {
    auto fused = clone->getAttrOfType<ActivationAttr>("activation");
    if (!fused || llvm::isa<ActivationOp, ActivationGradOp>(clone) ||
        !getActivationTraits(fused.getValue()).gradientNeedsInput)
      return;
    clone->setAttr("activation", ActivationAttr::get(clone->getContext(), Activation::linear));
    auto activation = body.create<ActivationOp>(
        clone->getLoc(), clone->getResult(0), fused.getValue(), /*alpha=*/FloatAttr(),
        clone->getAttrOfType<StringAttr>("name").getValue());
    mapping.map(original.getResult(0), activation.getResult());
  }

  Value getTarget(func::FuncOp function) {
    return function.getArgument(signature.inputs.size());
  }

  bool returnsOutput() const {
    return llvm::is_contained(settings.getMetrics(), Metric::accuracy);
  }

  /// The gradient function's last arguments when a layer draws random
  /// numbers while training: the run's seed and the step, as counters.
  void getRandomArguments(SmallVectorImpl<Type> &types,
                          SmallVectorImpl<DictionaryAttr> &attributes) {
    if (!random)
      return;
    Type counter = RankedTensorType::get({}, builder.getI32Type());
    for (StringRef name : {"seed", "step"}) {
      types.push_back(counter);
      attributes.push_back(getNameAttribute(NNDialect::kHyperAttrName, name));
    }
  }

  /// Puts the gradient function's copies of the layers that train
  /// differently (Dropout) in training mode; the model and @M_loss (the
  /// validation loss, as Keras computes it) stay in inference mode.
  /// Returns the new values of the non-trainable parameters they update.
  DenseMap<Value, Value> enterTrainingMode(Block &block, ArrayRef<BlockArgument> randomArgs) {
    DenseMap<Value, Value> updates;
    OpBuilder builder(block.getParentOp()->getContext());
    for (auto op : llvm::to_vector(block.getOps<TrainingModeOpInterface>()))
      for (StateUpdate update : op.setTrainingMode(
               builder, op.needsRandomness() ? ValueRange(randomArgs) : ValueRange()))
        updates[update.state] = update.updated;
    return updates;
  }

  /// The loss of one output's `pred` against `target`, or (`gradient`) its
  /// gradient. Named "loss" (a model with one output) or "loss.<output>".
  Value buildOutputLoss(OpBuilder &body, Value pred, unsigned output, Value target,
                        bool gradient) {
    std::string lossName = signature.outputNames.size() == 1
                               ? std::string("loss")
                               : "loss." + signature.outputNames[output].str();
    std::string name = gradient ? lossName + ".dpred" : lossName;
    bool logits = settings.getFromLogits();
    switch (settings.getLoss()) {
    case Loss::binary_crossentropy:
      if (gradient)
        return body.create<BinaryCrossentropyGradOp>(loc, pred, target, logits, name);
      return body.create<BinaryCrossentropyOp>(loc, pred, target, logits, name);
    case Loss::mean_squared_error:
      if (gradient)
        return body.create<MeanSquaredErrorGradOp>(loc, pred, target, name);
      return body.create<MeanSquaredErrorOp>(loc, pred, target, name);
    case Loss::categorical_crossentropy:
      if (gradient)
        return body.create<CategoricalCrossentropyGradOp>(loc, pred, target, logits, name);
      return body.create<CategoricalCrossentropyOp>(loc, pred, target, logits, name);
    case Loss::sparse_categorical_crossentropy: {
      // Keras's ignore_class is the loss ops' ignore_index.
      IntegerAttr ignore;
      if (std::optional<int64_t> ignoreClass = settings.getIgnoreClass())
        ignore = body.getI64IntegerAttr(*ignoreClass);
      BoolAttr logitsAttr = body.getBoolAttr(logits);
      StringAttr nameAttr = body.getStringAttr(name);
      if (gradient)
        return body.create<SparseCategoricalCrossentropyGradOp>(loc, pred, target,
                                                                logitsAttr, ignore, nameAttr);
      return body.create<SparseCategoricalCrossentropyOp>(loc, pred, target, logitsAttr,
                                                          ignore, nameAttr);
    }
    }
    llvm_unreachable("unknown loss");
  }

  /// The loss of the model: one output's, or the sum of every output's (as
  /// Keras sums the losses of a model with several outputs).
  Value buildLoss(OpBuilder &body, ArrayRef<Value> preds, Value target) {
    Value total;
    for (auto [output, pred] : llvm::enumerate(preds)) {
      Value loss = buildOutputLoss(body, pred, output, target, /*gradient=*/false);
      bool last = output + 1 == preds.size();
      total = total ? body.create<AddOp>(loc, total, loss, last ? "loss" : "loss.partial")
                          .getResult()
                    : loss;
    }
    return total;
  }

  DictionaryAttr getLossResultAttribute() {
    return getNameAttribute(NNDialect::kOutputAttrName, "loss");
  }

  func::FuncOp buildLossFunction() {
    SmallVector<Type> argTypes;
    SmallVector<DictionaryAttr> argAttrs;
    getLossArguments(argTypes, argAttrs);
    Type lossType = RankedTensorType::get({}, builder.getF32Type());
    func::FuncOp function =
        createFunction("loss", argTypes, argAttrs, {lossType}, {getLossResultAttribute()});
    OpBuilder body = OpBuilder::atBlockBegin(&function.getBody().front());
    SmallVector<Value> preds = cloneForward(body, function);
    Value loss = buildLoss(body, preds, getTarget(function));
    body.create<func::ReturnOp>(loc, loss);
    return function;
  }

  /// A name for the sum of a value's gradients: "<layer>.dsum".
  static std::string getSumName(Value value, func::FuncOp function) {
    StringAttr name;
    if (Operation *op = value.getDefiningOp())
      name = op->getAttrOfType<StringAttr>("name");
    else if (auto arg = llvm::dyn_cast<BlockArgument>(value))
      name = function.getArgAttrOfType<StringAttr>(arg.getArgNumber(),
                                                   NNDialect::kParamAttrName);
    return ((name ? name.getValue() : StringRef("value")) + ".dsum").str();
  }

  FailureOr<func::FuncOp> buildGradientFunction() {
    SmallVector<Type> argTypes;
    SmallVector<DictionaryAttr> argAttrs;
    getLossArguments(argTypes, argAttrs);
    size_t numLossArgs = argTypes.size();
    getRandomArguments(argTypes, argAttrs);
    SmallVector<Type> resultTypes = {RankedTensorType::get({}, builder.getF32Type())};
    SmallVector<DictionaryAttr> resultAttrs = {getLossResultAttribute()};
    for (bool gradient : {true, false})
      for (auto [index, name, trainable] :
           llvm::zip_equal(signature.params, signature.paramNames, signature.trainable)) {
        if (trainable != gradient)
          continue;
        resultTypes.push_back(model.getArgumentTypes()[index]);
        resultAttrs.push_back(getNameAttribute(
            gradient ? NNDialect::kGradAttrName : NNDialect::kParamAttrName, name.getValue()));
      }
    // With `metrics = [accuracy]`, the step's own output (in training mode,
    // as Keras counts training accuracy): no second forward pass for it.
    if (returnsOutput()) {
      resultTypes.push_back(signature.outputType);
      auto name = model.getResultAttrOfType<StringAttr>(0, NNDialect::kOutputAttrName);
      resultAttrs.push_back(
          getNameAttribute(NNDialect::kOutputAttrName, name ? name.getValue() : "output"));
    }
    func::FuncOp function =
        createFunction("gradient", argTypes, argAttrs, resultTypes, resultAttrs);
    Block &block = function.getBody().front();
    OpBuilder body = OpBuilder::atBlockBegin(&block);
    SmallVector<Value> preds = cloneForward(body, function, /*exposePreActivations=*/true);
    DenseMap<Value, Value> stateUpdates =
        enterTrainingMode(block, function.getArguments().drop_front(numLossArgs));
    SmallVector<Operation *> forwardOps =
        llvm::map_to_vector(block.getOperations(), [](Operation &op) { return &op; });
    Value target = getTarget(function);
    Value loss = buildLoss(body, preds, target);

    ArrayRef<BlockArgument> allParams =
        function.getArguments().take_front(numLossArgs).take_back(signature.params.size());
    SmallVector<Value> params, states;
    SmallVector<StringAttr> names;
    for (auto [param, name, trainable] :
         llvm::zip_equal(allParams, signature.paramNames, signature.trainable)) {
      (trainable ? params : states).push_back(param);
      if (trainable)
        names.push_back(name);
    }
    DenseSet<Value> active = findActiveValues(function, params);

    // Reverse mode: ops in reverse order, so every use of a value has added
    // its share to the value's gradient before the value's own op is done.
    DenseMap<Value, Value> gradients;
    for (auto [output, pred] : llvm::enumerate(preds)) {
      Value gradient = buildOutputLoss(body, pred, output, target, /*gradient=*/true);
      Value &sum = gradients[pred]; // one value may be two outputs
      sum = sum ? body.create<AddOp>(loc, sum, gradient, getSumName(pred, function)).getResult()
                : gradient;
    }
    for (Operation *op : llvm::reverse(forwardOps)) {
      // An adjoint differentiates through the first result (checkAdjoints()
      // made sure no gradient reaches the others).
      if (op->getNumResults() == 0 || !active.contains(op->getResult(0)))
        continue;
      Value resultGradient = gradients.lookup(op->getResult(0));
      if (!resultGradient)
        continue;
      // checkAdjoints() made sure every active op has one.
      auto adjoint = llvm::cast<AdjointOpInterface>(op);
      SmallVector<Value> operandGradients = adjoint.buildAdjoint(body, resultGradient);
      assert(operandGradients.size() == op->getNumOperands() &&
             "an adjoint returns one gradient (or null) per operand");
      for (auto [operand, gradient] : llvm::zip_equal(op->getOperands(), operandGradients)) {
        if (!gradient || !active.contains(operand))
          continue;
        Value &sum = gradients[operand];
        sum = sum ? body.create<AddOp>(op->getLoc(), sum, gradient,
                                       getSumName(operand, function))
                        .getResult()
                  : gradient;
      }
    }

    SmallVector<Value> results = {loss};
    bool ok = true;
    for (auto [param, name] : llvm::zip_equal(params, names)) {
      Value gradient = gradients.lookup(param);
      if (!gradient) {
        model.emitError() << "parameter '" << name.getValue()
                          << "' does not affect the loss: it has no gradient";
        ok = false;
      }
      results.push_back(gradient);
    }
    if (!ok) {
      function.erase();
      return failure();
    }
    // Then the non-trainable parameters after the step: what training mode
    // updated, else unchanged.
    for (Value state : states) {
      Value updated = stateUpdates.lookup(state);
      results.push_back(updated ? updated : state);
    }
    if (returnsOutput())
      results.push_back(preds.front()); // readSignature(): then the only output
    body.create<func::ReturnOp>(loc, results);
    eraseDeadOps(block);
    return function;
  }

  /// Adjoints build every operand's gradient; those of inputs are unused.
  static void eraseDeadOps(Block &block) {
    for (Operation &op : llvm::make_early_inc_range(llvm::reverse(block)))
      if (isOpTriviallyDead(&op))
        op.erase();
  }

  /// One update op per parameter; returns its results (new param, state).
  ValueRange buildUpdate(OpBuilder &body, Value param, Value gradient, ValueRange state,
                         Value learningRate, Value iteration, StringRef name) {
    return llvm::TypeSwitch<Attribute, ValueRange>(settings.getOptimizer())
        .Case([&](SgdAttr sgd) {
          return body
              .create<SgdUpdateOp>(loc, param, gradient, state[0], learningRate,
                                   toF32(sgd.getMomentum()), sgd.getNesterov(), name)
              .getResults();
        })
        .Case([&](AdamAttr adam) {
          return body
              .create<AdamUpdateOp>(loc, param, gradient, state[0], state[1], learningRate,
                                    iteration, toF32(adam.getBeta_1()),
                                    toF32(adam.getBeta_2()), toF32(adam.getEpsilon()), name)
              .getResults();
        })
        .Case([&](AdadeltaAttr adadelta) {
          return body
              .create<AdadeltaUpdateOp>(loc, param, gradient, state[0], state[1],
                                        learningRate, toF32(adadelta.getRho()),
                                        toF32(adadelta.getEpsilon()), name)
              .getResults();
        })
        .Case([&](RmspropAttr rmsprop) {
          return body
              .create<RmspropUpdateOp>(loc, param, gradient, state[0], state[1],
                                       learningRate, toF32(rmsprop.getRho()),
                                       toF32(rmsprop.getMomentum()),
                                       toF32(rmsprop.getEpsilon()), name)
              .getResults();
        })
        .Default([](Attribute) -> ValueRange {
          llvm_unreachable("an optimizer without an update op");
        });
  }

  /// Types and attributes of the params, the state and (for the update's
  /// arguments) the gradients.
  void getUpdateSignature(SmallVectorImpl<Type> &paramTypes,
                          SmallVectorImpl<DictionaryAttr> &paramAttrs,
                          SmallVectorImpl<DictionaryAttr> &gradAttrs,
                          SmallVectorImpl<Type> &stateTypes,
                          SmallVectorImpl<DictionaryAttr> &stateAttrs) {
    ArrayRef<StringLiteral> slots = getStateSlots(settings.getOptimizer());
    for (auto [index, name, trainable] :
         llvm::zip_equal(signature.params, signature.paramNames, signature.trainable)) {
      if (!trainable)
        continue;
      Type type = model.getArgumentTypes()[index];
      paramTypes.push_back(type);
      paramAttrs.push_back(getNameAttribute(NNDialect::kParamAttrName, name.getValue()));
      gradAttrs.push_back(getNameAttribute(NNDialect::kGradAttrName, name.getValue()));
      for (StringLiteral slot : slots) {
        stateTypes.push_back(type);
        stateAttrs.push_back(
            getNameAttribute(NNDialect::kStateAttrName, (name.getValue() + "." + slot).str()));
      }
    }
  }

  SmallVector<DictionaryAttr> getHyperAttributes() {
    return {getNameAttribute(NNDialect::kHyperAttrName, "learning_rate"),
            getNameAttribute(NNDialect::kHyperAttrName, "iteration")};
  }

  func::FuncOp buildUpdateFunction() {
    SmallVector<Type> paramTypes, stateTypes;
    SmallVector<DictionaryAttr> paramAttrs, gradAttrs, stateAttrs;
    getUpdateSignature(paramTypes, paramAttrs, gradAttrs, stateTypes, stateAttrs);
    Type scalar = RankedTensorType::get({}, builder.getF32Type());

    SmallVector<Type> argTypes(paramTypes);
    llvm::append_range(argTypes, paramTypes);
    llvm::append_range(argTypes, stateTypes);
    argTypes.append({scalar, scalar});
    SmallVector<DictionaryAttr> argAttrs(paramAttrs);
    llvm::append_range(argAttrs, gradAttrs);
    llvm::append_range(argAttrs, stateAttrs);
    llvm::append_range(argAttrs, getHyperAttributes());
    SmallVector<Type> resultTypes(paramTypes);
    llvm::append_range(resultTypes, stateTypes);
    SmallVector<DictionaryAttr> resultAttrs(paramAttrs);
    llvm::append_range(resultAttrs, stateAttrs);

    func::FuncOp function =
        createFunction("update", argTypes, argAttrs, resultTypes, resultAttrs);
    OpBuilder body = OpBuilder::atBlockBegin(&function.getBody().front());
    size_t numParams = paramTypes.size();
    size_t numSlots = getStateSlots(settings.getOptimizer()).size();
    ArrayRef<BlockArgument> args = function.getArguments();
    ArrayRef<BlockArgument> params = args.take_front(numParams);
    ArrayRef<BlockArgument> grads = args.slice(numParams, numParams);
    ArrayRef<BlockArgument> state = args.slice(2 * numParams, numParams * numSlots);
    Value learningRate = args[args.size() - 2], iteration = args.back();

    SmallVector<Value> newParams, newState;
    for (size_t index = 0; index < numParams; ++index) {
      SmallVector<Value> paramState(state.slice(index * numSlots, numSlots));
      ValueRange results =
          buildUpdate(body, params[index], grads[index], paramState, learningRate, iteration,
                      function.getArgAttrOfType<StringAttr>(index, NNDialect::kParamAttrName)
                          .getValue());
      newParams.push_back(results.front());
      llvm::append_range(newState, results.drop_front());
    }
    llvm::append_range(newParams, newState);
    body.create<func::ReturnOp>(loc, newParams);
    return function;
  }

  func::FuncOp buildTrainStepFunction(func::FuncOp gradientFn, func::FuncOp updateFn) {
    SmallVector<Type> argTypes;
    SmallVector<DictionaryAttr> argAttrs;
    getLossArguments(argTypes, argAttrs);
    size_t numLossArgs = argTypes.size();
    getRandomArguments(argTypes, argAttrs);
    SmallVector<Type> paramTypes, stateTypes;
    SmallVector<DictionaryAttr> paramAttrs, gradAttrs, stateAttrs;
    getUpdateSignature(paramTypes, paramAttrs, gradAttrs, stateTypes, stateAttrs);
    Type scalar = RankedTensorType::get({}, builder.getF32Type());
    llvm::append_range(argTypes, stateTypes);
    argTypes.append({scalar, scalar});
    llvm::append_range(argAttrs, stateAttrs);
    llvm::append_range(argAttrs, getHyperAttributes());

    // loss, the new trainable params and slots (the update's results), then
    // the new non-trainable params and the output (the gradient's last results).
    size_t numTrainable = paramTypes.size();
    size_t numGradientResults = gradientFn.getNumResults();
    SmallVector<Type> resultTypes = {scalar};
    llvm::append_range(resultTypes, paramTypes);
    llvm::append_range(resultTypes, stateTypes);
    llvm::append_range(resultTypes,
                       gradientFn.getResultTypes().drop_front(1 + numTrainable));
    SmallVector<DictionaryAttr> resultAttrs = {getLossResultAttribute()};
    llvm::append_range(resultAttrs, paramAttrs);
    llvm::append_range(resultAttrs, stateAttrs);
    for (unsigned index = 1 + numTrainable; index < numGradientResults; ++index)
      resultAttrs.push_back(gradientFn.getResultAttrDict(index));

    func::FuncOp function =
        createFunction("train_step", argTypes, argAttrs, resultTypes, resultAttrs);
    OpBuilder body = OpBuilder::atBlockBegin(&function.getBody().front());
    ArrayRef<BlockArgument> args = function.getArguments();
    size_t numGradientArgs = gradientFn.getNumArguments();
    auto gradient = body.create<func::CallOp>(loc, gradientFn,
                                              ValueRange(args.take_front(numGradientArgs)));
    ArrayRef<BlockArgument> params =
        args.take_front(numLossArgs).take_back(signature.params.size());
    SmallVector<Value> updateArgs;
    for (auto [param, trainable] : llvm::zip_equal(params, signature.trainable))
      if (trainable)
        updateArgs.push_back(param);
    llvm::append_range(updateArgs, gradient.getResults().slice(1, numTrainable));
    llvm::append_range(updateArgs, args.drop_front(numGradientArgs));
    auto update = body.create<func::CallOp>(loc, updateFn, updateArgs);
    SmallVector<Value> results = {gradient.getResult(0)};
    llvm::append_range(results, update.getResults());
    llvm::append_range(results, gradient.getResults().drop_front(1 + numTrainable));
    body.create<func::ReturnOp>(loc, results);
    return function;
  }

  func::FuncOp model;
  TrainAttr settings;
  const ModelSignature &signature;
  OpBuilder builder;
  Location loc;
  /// A layer draws random numbers while training (Dropout): the gradient
  /// function takes the seed and step counters.
  bool random;
};

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

struct AutodiffPass : public nnc::nn::impl::AutodiffBase<AutodiffPass> {
  void runOnOperation() override {
    // Collected first: the pass adds functions to the module. A model that
    // names its training functions already (a .mlir file after nn-autodiff)
    // keeps them.
    SmallVector<func::FuncOp> models;
    for (auto function : getOperation().getOps<func::FuncOp>())
      if (function->hasAttr(NNDialect::kTrainAttrName) &&
          !lookupDerivedFunction(function, DerivedFunction::TrainStep))
        models.push_back(function);

    bool ok = true;
    for (func::FuncOp model : models)
      ok &= succeeded(buildTrainingFunctions(model));
    if (!ok)
      signalPassFailure();
  }

  static LogicalResult buildTrainingFunctions(func::FuncOp model) {
    // The dialect verified the attribute: every setting is there and valid.
    auto settings = model->getAttrOfType<TrainAttr>(NNDialect::kTrainAttrName);
    FailureOr<ModelSignature> signature = readSignature(model, settings);
    if (failed(signature))
      return failure();
    return TrainingFunctionBuilder(model, settings, *signature).build();
  }
};

} // namespace

std::unique_ptr<Pass> nnc::nn::createAutodiffPass() {
  return std::make_unique<AutodiffPass>();
}
