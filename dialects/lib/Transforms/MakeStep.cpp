//===- MakeStep.cpp - The nn-make-step pass -------------------------------===//
//
// Adds @M_step next to every model @M with a recurrent layer (LSTM, GRU,
// SimpleRNN; see Passes.td) that reads its sequence forwards (no
// bidirectional layer): the model on a one-token sequence, each
// recurrent layer's state passed in and out, so the
// runtime can generate text one token at a time without running the whole
// sequence again.
//
//===----------------------------------------------------------------------===//

#include "nn/Transforms/Passes.h"

#include "nn/IR/DerivedFunctions.h"
#include "nn/IR/NNOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "llvm/ADT/STLExtras.h"

namespace nnc::nn {
#define GEN_PASS_DEF_MAKESTEP
#include "nn/Transforms/Passes.h.inc"
} // namespace nnc::nn

using namespace mlir;
using namespace nnc::nn;

namespace {

/// A model function: every argument an input or a parameter, at least one
/// input. Training functions (nn.target, nn.grad, ...) and step functions
/// (nn.state_in) are not models.
bool isModel(func::FuncOp function) {
  if (function.isExternal() || function.getNumArguments() == 0)
    return false;
  bool hasInput = false;
  for (unsigned index = 0, e = function.getNumArguments(); index < e; ++index) {
    bool input = function.getArgAttr(index, NNDialect::kInputAttrName) != nullptr;
    bool param = function.getArgAttr(index, NNDialect::kParamAttrName) != nullptr;
    if (!input && !param)
      return false;
    hasInput |= input;
  }
  return hasInput;
}

/// `type` with its time axis (axis 1) set to one step.
FailureOr<RankedTensorType> getOneStepType(func::FuncOp model, unsigned index) {
  auto type = llvm::dyn_cast<RankedTensorType>(model.getArgumentTypes()[index]);
  if (!type || type.getRank() < 2)
    return model.emitError() << "cannot make @" << model.getSymName()
                             << "_step: input " << index
                             << " has no time axis [batch, time, ...], got "
                             << model.getArgumentTypes()[index];
  SmallVector<int64_t> shape(type.getShape());
  shape[1] = 1;
  return RankedTensorType::get(shape, type.getElementType());
}

/// Builds @M_step for one model and names it on the model
/// (nn.step_function = @M_step).
class StepFunctionBuilder {
public:
  explicit StepFunctionBuilder(func::FuncOp model)
      : model(model), builder(model.getContext()) {}

  LogicalResult build() {
    std::string name = (model.getSymName() + "_step").str();
    if (model->getParentOfType<ModuleOp>().lookupSymbol(name))
      return model.emitError() << "cannot add the step function: @" << name
                               << " already exists";

    // The model's arguments, inputs one step long; the recurrent layers' state comes
    // after them (its types are known once the graph is re-inferred).
    SmallVector<Type> argTypes;
    for (unsigned index = 0, e = model.getNumArguments(); index < e; ++index) {
      if (!model.getArgAttr(index, NNDialect::kInputAttrName)) {
        argTypes.push_back(model.getArgumentTypes()[index]);
        continue;
      }
      FailureOr<RankedTensorType> type = getOneStepType(model, index);
      if (failed(type))
        return failure();
      argTypes.push_back(*type);
    }

    builder.setInsertionPointAfter(model);
    auto step = builder.create<func::FuncOp>(model.getLoc(), name,
                                             builder.getFunctionType(argTypes, {}));
    Block *body = step.addEntryBlock();
    if (failed(cloneGraph(step, *body))) {
      step.erase();
      return failure();
    }
    setDerivedFunction(model, DerivedFunction::Step, step);
    return success();
  }

private:
  /// Clones the model's ops into `body`, re-inferring each result type and
  /// threading each recurrent layer's state through new arguments and results.
  LogicalResult cloneGraph(func::FuncOp step, Block &body) {
    IRMapping mapping;
    mapping.map(model.getArguments(), body.getArguments());
    OpBuilder bodyBuilder = OpBuilder::atBlockEnd(&body);

    SmallVector<Value> stateResults;
    SmallVector<DictionaryAttr> stateArgAttrs, stateResultAttrs;
    for (Operation &op : model.getBody().front().without_terminator()) {
      Operation *clone = bodyBuilder.clone(op, mapping);
      if (auto recurrent = llvm::dyn_cast<RecurrentOpInterface>(clone)) {
        if (!recurrent.getInitialState().empty())
          return op.emitError() << "cannot make @" << step.getSymName() << ": the "
                                << llvm::cast<LayerOpInterface>(clone).getKerasClass()
                                << " already has an initial_state";
        StringRef layer = llvm::cast<StringAttr>(clone->getAttr("name")).getValue();
        // Each state tensor is [N, U]; the batch stays dynamic like the inputs'.
        for (auto [final, part] :
             llvm::zip_equal(recurrent.getFinalState(), recurrent.getStateNames())) {
          Value state = body.addArgument(final.getType(), op.getLoc());
          clone->insertOperands(clone->getNumOperands(), state);
          std::string stateName = (layer + "." + part).str();
          stateArgAttrs.push_back(getNameAttribute(NNDialect::kStateInAttrName, stateName));
          stateResultAttrs.push_back(
              getNameAttribute(NNDialect::kStateOutAttrName, stateName));
          stateResults.push_back(final);
        }
      }
      if (failed(reinferTypes(step, clone)))
        return failure();
    }

    Operation *terminator = model.getBody().front().getTerminator();
    SmallVector<Value> results = llvm::map_to_vector(
        terminator->getOperands(), [&](Value v) { return mapping.lookupOrDefault(v); });
    SmallVector<DictionaryAttr> resultAttrs;
    for (unsigned index = 0, e = model.getNumResults(); index < e; ++index) {
      DictionaryAttr attributes = model.getResultAttrDict(index);
      resultAttrs.push_back(attributes ? attributes : builder.getDictionaryAttr({}));
    }
    llvm::append_range(results, stateResults);
    llvm::append_range(resultAttrs, stateResultAttrs);
    bodyBuilder.create<func::ReturnOp>(terminator->getLoc(), results);

    SmallVector<DictionaryAttr> argAttrs;
    for (unsigned index = 0, e = model.getNumArguments(); index < e; ++index) {
      DictionaryAttr attributes = model.getArgAttrDict(index);
      argAttrs.push_back(attributes ? attributes : builder.getDictionaryAttr({}));
    }
    llvm::append_range(argAttrs, stateArgAttrs);
    step.setType(builder.getFunctionType(body.getArgumentTypes(),
                                         ValueRange(results).getTypes()));
    step.setAllArgAttrs(argAttrs);
    step.setAllResultAttrs(resultAttrs);
    return success();
  }

  /// Gives `op` the result types its shape rule infers from its (new)
  /// operands; an op that cannot take them is reported with the rule's own
  /// words.
  LogicalResult reinferTypes(func::FuncOp step, Operation *op) {
    auto infer = llvm::dyn_cast<InferTypeOpInterface>(op);
    if (!infer)
      return op->emitError() << "cannot make @" << step.getSymName() << ": '"
                             << op->getName()
                             << "' does not infer its result types, so it cannot be "
                                "run on a one-token sequence";
    std::string reason;
    SmallVector<Type> types;
    LogicalResult inferred = success();
    {
      // Inference reports at the location it is given; its message becomes
      // part of one error that says why it was asked.
      ScopedDiagnosticHandler capture(op->getContext(), [&](Diagnostic &diagnostic) {
        if (reason.empty())
          reason = diagnostic.str();
        return success();
      });
      inferred = infer.inferReturnTypes(op->getContext(), op->getLoc(), op->getOperands(),
                                        op->getAttrDictionary(), op->getPropertiesStorage(),
                                        op->getRegions(), types);
    }
    if (failed(inferred))
      return op->emitError() << "cannot make @" << step.getSymName()
                             << " (the model on a one-token sequence): " << reason;
    for (auto [result, type] : llvm::zip_equal(op->getResults(), types))
      result.setType(type);
    return success();
  }

  DictionaryAttr getNameAttribute(StringRef key, StringRef name) {
    return builder.getDictionaryAttr(builder.getNamedAttr(key, builder.getStringAttr(name)));
  }

  func::FuncOp model;
  OpBuilder builder;
};

struct MakeStepPass : public nnc::nn::impl::MakeStepBase<MakeStepPass> {
  void runOnOperation() override {
    // Collected first: the pass adds functions to the module.
    SmallVector<func::FuncOp> models;
    for (auto function : getOperation().getOps<func::FuncOp>()) {
      bool recurrent = false, readsBackwards = false;
      function.walk([&](Operation *op) {
        recurrent |= isRecurrentLayer(op);
        // A bidirectional layer reads the sequence from its end: no output
        // step can be computed before the whole sequence is there.
        auto reverse = llvm::dyn_cast<ReverseOp>(op);
        readsBackwards |= reverse && reverse.getNormalizedAxis() == 1;
      });
      if (recurrent && !readsBackwards && isModel(function))
        models.push_back(function);
    }
    bool ok = true;
    for (func::FuncOp model : models)
      ok &= succeeded(StepFunctionBuilder(model).build());
    if (!ok)
      signalPassFailure();
  }
};

} // namespace

std::unique_ptr<Pass> nnc::nn::createMakeStepPass() {
  return std::make_unique<MakeStepPass>();
}
