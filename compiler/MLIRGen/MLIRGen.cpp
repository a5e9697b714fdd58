//===- MLIRGen.cpp - Resolved AST to the nn dialect -----------------------===//

#include "MLIRGen/MLIRGen.h"

#include "Frontend/Layers.h"
#include "MLIRGen/LayerLowering.h"
#include "MLIRGen/TrainAttribute.h"
#include "nn/IR/NNOps.h"
#include "nn/IR/TensorLimits.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "llvm/ADT/StringMap.h"

using namespace nnc;
using namespace mlir;

namespace {

/// Generates the forward function of one model.
class ModelGenerator final : public LayerContext {
public:
  ModelGenerator(MLIRContext &context, ModuleOp module, const ast::Model &model)
      : builder(&context), module(module), model(model) {}

  /// False when an error was reported.
  bool generate() {
    Location loc = model.loc;
    builder.setInsertionPointToEnd(module.getBody());
    function = builder.create<func::FuncOp>(loc, model.name,
                                            builder.getFunctionType({}, {}));
    Block *body = function.addEntryBlock();
    builder.setInsertionPointToStart(body);

    bool ok = true;
    Value previous;
    SmallVector<std::pair<std::string, Value>> outputs;
    for (const ast::Statement &statement : model.statements) {
      switch (statement.kind) {
      case ast::Statement::Kind::Input:
        previous = createInput(statement);
        values[statement.name] = previous;
        continue;
      case ast::Statement::Kind::Chain:
        // Sema refers to the value of a chain statement by its layer name.
        previous = generateExpr(*statement.expr);
        values[statement.expr->getCall()->layerName] = previous;
        break;
      case ast::Statement::Kind::Assign:
        previous = generateExpr(*statement.expr);
        values[statement.name] = previous;
        break;
      case ast::Statement::Kind::Output:
        previous = statement.expr ? generateExpr(*statement.expr)
                                  : values.lookup(statement.name);
        values[statement.name] = previous;
        outputs.emplace_back(statement.name, previous);
        break;
      }
      ok &= static_cast<bool>(previous);
    }
    if (outputs.empty())
      outputs.emplace_back("output", previous);
    if (!ok)
      return false;

    SmallVector<Value> results;
    for (auto &[name, value] : outputs)
      results.push_back(value);
    builder.create<func::ReturnOp>(loc, results);
    function.setType(builder.getFunctionType(body->getArgumentTypes(),
                                            ValueRange(results).getTypes()));
    // All at once: setting them one by one would build an ArrayAttr of every
    // argument's attributes per argument, all kept by the context (quadratic
    // memory: 20,000 layers exhausted 11.7 GB).
    function.setAllArgAttrs(argAttrs);
    SmallVector<DictionaryAttr> resultAttrs;
    for (auto &[name, value] : outputs)
      resultAttrs.push_back(builder.getDictionaryAttr(
          builder.getNamedAttr("nn.output", builder.getStringAttr(name))));
    function.setAllResultAttrs(resultAttrs);
    if (model.train)
      return attachTrainBlock(*model.train);
    return true;
  }

  Value createParameter(const ast::Call &call, StringRef role, ArrayRef<int64_t> shape,
                        StringRef initializer, bool trainable = true) override {
    if (failed(nn::checkTensorLimits(call.calleeLoc, call.layerName + " " + role,
                                     shape)))
      return nullptr;
    std::string name = call.layerName + "." + role.str();
    auto type = RankedTensorType::get(shape, builder.getF32Type());
    SmallVector<NamedAttribute> attributes = {
        builder.getNamedAttr("nn.param", builder.getStringAttr(name)),
        builder.getNamedAttr("nn.init", builder.getStringAttr(initializer))};
    if (!trainable)
      attributes.push_back(
          builder.getNamedAttr(nn::NNDialect::kTrainableAttrName, builder.getBoolAttr(false)));
    return addArgument(type, call.calleeLoc, attributes);
  }

  Value createOp(Location loc, StringRef opName, ValueRange operands,
                 ArrayRef<NamedAttribute> attrs) override {
    if (llvm::is_contained(operands, Value())) // a parameter too large, reported
      return nullptr;
    MLIRContext *context = builder.getContext();
    std::optional<RegisteredOperationName> registered =
        RegisteredOperationName::lookup(opName, context);
    assert(registered && "layer lowering names an op the nn dialect lacks");
    auto *inference = registered->getInterface<InferTypeOpInterface>();
    assert(inference && "every nn op infers its result type");

    OperationState state(loc, *registered);
    state.addOperands(operands);
    state.addAttributes(attrs);
    SmallVector<Type> resultTypes;
    if (failed(inference->inferReturnTypes(
            context, loc, state.operands, state.attributes.getDictionary(context),
            state.getRawProperties(), state.regions, resultTypes)))
      return nullptr;
    state.addTypes(resultTypes);
    // Checked here, where the layer is, rather than by the verifier at the
    // end: the next layers would infer from a shape that cannot be built.
    Operation *op = builder.create(state);
    if (failed(nn::verifyResultLimits(op))) {
      op->erase();
      return nullptr;
    }
    return op->getResult(0);
  }

  OpBuilder &getBuilder() override { return builder; }

  Value lookupValue(StringRef name) override { return values.lookup(name); }

private:
  /// Records the train block on the function, after checking what only the
  /// shapes can tell: an autoencoder's target is its input, so the model's
  /// output must have the input's shape.
  bool attachTrainBlock(const ast::TrainBlock &train) {
    nn::TrainAttr settings = buildTrainAttribute(builder.getContext(), train);
    if (!settings)
      return false;
    if (settings.getTarget() == nn::Target::input) {
      Location loc = train.loc;
      for (const ast::Setting &setting : train.settings)
        if (setting.key == "target")
          loc = setting.loc;
      SmallVector<Type> inputTypes;
      for (unsigned i = 0; i < function.getNumArguments(); ++i)
        if (function.getArgAttr(i, "nn.input"))
          inputTypes.push_back(function.getArgument(i).getType());
      ArrayRef<Type> outputTypes = function.getResultTypes();
      if (inputTypes.size() != 1 || outputTypes.size() != 1) {
        emitError(loc) << "'target = input' needs a model with one input and one "
                          "output; model '"
                       << model.name << "' has " << inputTypes.size() << " and "
                       << outputTypes.size();
        return false;
      }
      if (inputTypes[0] != outputTypes[0]) {
        emitError(loc) << "'target = input' needs the output to have the input's "
                          "shape, but model '"
                       << model.name << "' maps " << inputTypes[0] << " to "
                       << outputTypes[0];
        return false;
      }
    }
    if (nn::TextDataAttr text = settings.getTextData(); text && !checkTextShapes(train, text))
      return false;
    function->setAttr(nn::NNDialect::kTrainAttrName, settings);
    return true;
  }

  /// Text data gives token indices below num_words at every position: each
  /// embedding needs a row for each, and each output a score for each token
  /// at each of the max_tokens - 1 positions.
  bool checkTextShapes(const ast::TrainBlock &train, nn::TextDataAttr text) {
    int64_t numWords = text.getNumWords();
    int64_t length = text.getMaxTokens() - 1;
    Location dataLoc = train.loc;
    for (const ast::Setting &setting : train.settings)
      if (setting.key == "data")
        dataLoc = setting.loc;
    bool ok = true;
    function.walk([&](nn::EmbeddingOp embedding) {
      int64_t rows = embedding.getTable().getType().getDimSize(0);
      if (rows >= numWords)
        return;
      ok = false;
      InFlightDiagnostic diag = emitError(embedding.getLoc());
      diag << "embedding '" << embedding.getName() << "' has " << rows
           << " rows, but text data with num_words=" << numWords
           << " gives token indices up to " << (numWords - 1);
      diag.attachNote(dataLoc) << "the text data is set here";
    });
    for (unsigned i = 0; i < function.getNumResults(); ++i) {
      auto type = llvm::cast<RankedTensorType>(function.getResultTypes()[i]);
      auto name = function.getResultAttrOfType<StringAttr>(i, "nn.output");
      if (type.getRank() == 3 && type.getDimSize(1) == length &&
          type.getDimSize(2) >= numWords)
        continue;
      ok = false;
      InFlightDiagnostic diag = emitError(dataLoc);
      diag << "text data with max_tokens=" << length + 1 << " and num_words="
           << numWords << " needs output '" << name.getValue()
           << "' to score every token at each of " << length
           << " positions, [" << length << ", " << numWords
           << " or more], but it is " << formatSampleShape(type);
      if (type.getRank() == 2)
        diag << "; give the last recurrent layer (lstm, gru, simple_rnn) "
                "return_sequences=true";
    }
    return ok;
  }

  /// "[14, 2000]": a type's shape without the batch.
  static std::string formatSampleShape(RankedTensorType type) {
    std::string text = "[";
    for (auto [index, dim] : llvm::enumerate(type.getShape().drop_front()))
      text += (index ? ", " : "") + std::to_string(dim);
    return text + "]";
  }

  Value createInput(const ast::Statement &statement) {
    SmallVector<int64_t> shape = {ShapedType::kDynamic};
    shape.append(statement.input.shape.begin(), statement.input.shape.end());
    if (failed(nn::checkTensorLimits(statement.loc, "input '" + statement.name + "'",
                                     shape)))
      return nullptr;
    auto type = RankedTensorType::get(shape, builder.getF32Type());
    return addArgument(type, statement.loc,
                       {builder.getNamedAttr("nn.input",
                                             builder.getStringAttr(statement.name))});
  }

  Value addArgument(Type type, Location loc, ArrayRef<NamedAttribute> attrs) {
    argAttrs.push_back(builder.getDictionaryAttr(attrs));
    return function.getBody().front().addArgument(type, loc);
  }

  /// Null when this expression, or one it depends on, had an error (reported
  /// once, where it happened).
  Value generateExpr(const ast::Expr &expr) {
    if (const ast::NameRef *ref = expr.getNameRef()) {
      assert(values.count(ref->name) && "Sema resolves every name");
      return values.lookup(ref->name);
    }
    const ast::Call &call = *expr.getCall();
    // A wrapper (bidirectional) lowers the call it wraps itself, on that
    // call's inputs.
    const ast::Call &source = call.spec->wrapsCall ? *call.inputs.front()->getCall() : call;
    SmallVector<Value> inputs;
    bool ok = true;
    for (const std::unique_ptr<ast::Expr> &input : source.inputs) {
      inputs.push_back(generateExpr(*input));
      ok &= static_cast<bool>(inputs.back());
    }
    if (!ok)
      return nullptr;
    return lowerLayerCall(*this, call, inputs);
  }

  OpBuilder builder;
  ModuleOp module;
  const ast::Model &model;
  func::FuncOp function;
  llvm::StringMap<Value> values;
  SmallVector<DictionaryAttr> argAttrs;
};

} // namespace

OwningOpRef<ModuleOp> nnc::generateMLIR(MLIRContext &context,
                                        const ast::Module &module) {
  OwningOpRef<ModuleOp> result = ModuleOp::create(
      FileLineColLoc::get(&context, module.filename, 1, 1));
  bool ok = true;
  for (const ast::Model &model : module.models)
    ok &= ModelGenerator(context, *result, model).generate();
  if (!ok || failed(verify(*result)))
    return nullptr;
  return result;
}
