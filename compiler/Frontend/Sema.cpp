//===- Sema.cpp - Name and layer resolution of a parsed module ------------===//

#include "Frontend/Sema.h"

#include "Frontend/DidYouMean.h"
#include "Frontend/Frontend.h"
#include "Frontend/Layers.h"

#include "mlir/IR/Diagnostics.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <cmath>

using namespace nnc;
using LiteralKind = ast::Literal::Kind;

std::string nnc::joinNames(llvm::ArrayRef<llvm::StringRef> names) {
  std::string joined;
  for (llvm::StringRef name : names) {
    if (!joined.empty())
      joined += ", ";
    joined += name.str();
  }
  return joined;
}

std::string nnc::formatLiteral(const ast::Literal &literal) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (literal.kind == LiteralKind::Identifier)
    os << "'" << literal.text << "'";
  else
    printLiteral(literal, os);
  return text;
}

/// A default from the layer table ("1", "true", "valid") as a literal.
static ast::Literal parseDefault(llvm::StringRef text, mlir::Location loc) {
  ast::Literal literal(loc);
  int64_t value;
  if (!text.getAsInteger(10, value)) {
    literal.kind = LiteralKind::Int;
    literal.intValue = value;
  } else if (double number; !text.getAsDouble(number)) {
    literal.kind = LiteralKind::Float;
    literal.floatValue = number;
  } else if (text == "true" || text == "false") {
    literal.kind = LiteralKind::Bool;
    literal.boolValue = text == "true";
  } else {
    literal.kind = LiteralKind::Identifier;
    literal.text = text.str();
  }
  return literal;
}

namespace {

/// Resolves the statements of one model.
class ModelResolver {
public:
  explicit ModelResolver(ast::Model &model) : model(model) {}

  bool resolve();

private:
  mlir::InFlightDiagnostic error(mlir::Location loc, const llvm::Twine &msg) {
    ++errorCount;
    return mlir::emitError(loc) << msg;
  }

  void define(const std::string &name, mlir::Location loc);
  bool checkDefined(const std::string &name, mlir::Location loc);
  std::string nextLayerName(llvm::StringRef layer);

  void resolveInput(ast::Statement &statement);
  void recordProducer(const ast::Statement &statement) {
    if (const ast::Call *call = statement.expr->getCall())
      producerLayers[statement.name] = call->callee;
  }
  void resolveValueExpr(ast::Expr &expr, const std::string &assignedName);
  void resolveCall(ast::Call &call, bool allowImplicitInput,
                   const std::string &assignedName);
  void checkInputCount(const ast::Call &call);
  /// Token indices come from the data, never from another layer.
  void checkEmbeddingInput(const ast::Call &call);
  void checkReturnState(const ast::Call &call);
  void checkResetAfter(const ast::Call &call);
  void checkWrappedCall(const ast::Call &call);
  void bindArguments(ast::Call &call);
  bool checkArgument(const ast::Call &call, const ParamSpec &param,
                     ast::Literal &value);

  ast::Model &model;
  unsigned errorCount = 0;
  llvm::StringMap<mlir::Location> values;
  std::vector<llvm::StringRef> valueNames; // definition order, for did-you-mean
  llvm::StringSet<> assignedNames;         // names the model gives itself
  llvm::StringMap<unsigned> layerCounters;
  std::vector<std::string> inputNames;
  std::optional<std::string> previousValue; // last computed value
  /// The layer that computes each value ("maxpool2d"); absent for inputs.
  llvm::StringMap<std::string> producerLayers;
};

} // namespace

void ModelResolver::define(const std::string &name, mlir::Location loc) {
  auto [it, inserted] = values.try_emplace(name, loc);
  if (!inserted) {
    error(loc, "'" + name + "' is already defined in model '" + model.name + "'")
            .attachNote(it->second)
        << "'" << name << "' was first defined here";
    return;
  }
  valueNames.push_back(it->first());
}

bool ModelResolver::checkDefined(const std::string &name, mlir::Location loc) {
  if (values.count(name))
    return true;
  error(loc, "undefined value '" + name + "'" + didYouMean(name, valueNames));
  return false;
}

std::string ModelResolver::nextLayerName(llvm::StringRef layer) {
  while (true) {
    std::string name =
        (layer + "_" + llvm::Twine(++layerCounters[layer])).str();
    if (!assignedNames.contains(name))
      return name;
  }
}

bool ModelResolver::resolve() {
  for (const ast::Statement &statement : model.statements)
    if (statement.kind != ast::Statement::Kind::Chain)
      assignedNames.insert(statement.name);

  bool hasLayers = false;
  llvm::StringMap<mlir::Location> outputs;
  for (ast::Statement &statement : model.statements) {
    switch (statement.kind) {
    case ast::Statement::Kind::Input:
      resolveInput(statement);
      break;
    case ast::Statement::Kind::Chain: {
      hasLayers = true;
      ast::Call &call = *statement.expr->getCall();
      resolveCall(call, /*allowImplicitInput=*/true, "");
      statement.name = call.layerName;
      if (!statement.name.empty()) {
        define(statement.name, statement.loc);
        producerLayers[statement.name] = call.callee;
      }
      previousValue = statement.name;
      break;
    }
    case ast::Statement::Kind::Assign:
      hasLayers = true;
      resolveValueExpr(*statement.expr, statement.name);
      define(statement.name, statement.loc);
      recordProducer(statement);
      previousValue = statement.name;
      break;
    case ast::Statement::Kind::Output: {
      hasLayers = true;
      auto [it, inserted] = outputs.try_emplace(statement.name, statement.loc);
      if (!inserted) {
        error(statement.loc, "output '" + statement.name +
                                 "' is declared twice in model '" + model.name +
                                 "'")
                .attachNote(it->second)
            << "first declared here";
        break;
      }
      if (statement.expr) {
        resolveValueExpr(*statement.expr, statement.name);
        define(statement.name, statement.loc);
        recordProducer(statement);
      } else {
        checkDefined(statement.name, statement.loc);
      }
      previousValue = statement.name;
      break;
    }
    }
  }

  if (inputNames.empty())
    error(model.loc, "model '" + model.name +
                         "' has no input; declare one, as in "
                         "'input x: f32[28, 28, 1]'");
  if (!hasLayers)
    error(model.loc, "model '" + model.name +
                         "' has no layers and no output; add a layer call "
                         "such as 'dense(10)'");
  if (model.train && !checkTrainBlock(model, *model.train))
    ++errorCount;
  return errorCount == 0;
}

void ModelResolver::resolveInput(ast::Statement &statement) {
  const ast::InputDecl &input = statement.input;
  if (input.elementType != "f32")
    error(statement.loc, "input '" + input.name + "' has element type '" +
                             input.elementType +
                             "'; only 'f32' is supported");
  if (input.shape.empty())
    error(statement.loc,
          "input '" + input.name +
              "' needs at least one dimension besides the implicit batch, "
              "as in 'f32[10]'");
  for (int64_t dim : input.shape)
    if (dim <= 0) {
      error(statement.loc, "input '" + input.name +
                               "' has dimension " + llvm::Twine(dim) +
                               "; every dimension must be a positive integer");
      break;
    }
  inputNames.push_back(input.name);
  define(statement.name, statement.loc);
}

void ModelResolver::resolveValueExpr(ast::Expr &expr,
                                     const std::string &assignedName) {
  if (ast::NameRef *ref = expr.getNameRef()) {
    checkDefined(ref->name, expr.loc);
    return;
  }
  resolveCall(*expr.getCall(), /*allowImplicitInput=*/true, assignedName);
}

void ModelResolver::resolveCall(ast::Call &call, bool allowImplicitInput,
                                const std::string &assignedName) {
  call.spec = findLayerSpec(call.callee);
  if (!call.spec) {
    std::vector<llvm::StringRef> layerNames;
    for (const LayerSpec &spec : getLayerSpecs())
      layerNames.push_back(spec.name);
    error(call.calleeLoc, "unknown layer '" + call.callee + "'" +
                              didYouMean(call.callee, layerNames));
  } else {
    // Pre-order: an outer call is numbered before the calls nested in it.
    call.layerName =
        assignedName.empty() ? nextLayerName(call.callee) : assignedName;
  }

  for (std::unique_ptr<ast::Expr> &input : call.inputs) {
    if (ast::NameRef *ref = input->getNameRef()) {
      checkDefined(ref->name, input->loc);
      continue;
    }
    ast::Call &nested = *input->getCall();
    // A wrapped call (bidirectional(lstm(32))) takes the wrapper's implicit
    // input: it is where the wrapper's value comes from.
    bool implicitInput = allowImplicitInput && call.spec && call.spec->wrapsCall;
    if (nested.inputs.empty() && !implicitInput)
      error(nested.calleeLoc,
            "'" + nested.callee + "' inside another call must name its input, "
            "as in '" + nested.callee + "(x)'");
    resolveCall(nested, implicitInput, "");
  }

  if (allowImplicitInput && call.inputs.empty()) {
    if (previousValue) {
      call.inputs.push_back(std::make_unique<ast::Expr>(
          call.calleeLoc, ast::NameRef{*previousValue}));
    } else if (inputNames.size() == 1) {
      call.inputs.push_back(std::make_unique<ast::Expr>(
          call.calleeLoc, ast::NameRef{inputNames.front()}));
    } else if (inputNames.empty()) {
      error(call.calleeLoc, "'" + call.callee +
                                "' has no input: no value precedes it; declare "
                                "an input first, as in 'input x: f32[10]'");
      return;
    } else {
      error(call.calleeLoc, "'" + call.callee +
                                "' has no input and model '" + model.name +
                                "' has several; name it, as in '" +
                                call.callee + "(" + inputNames.front() +
                                ", ...)'");
      return;
    }
  }
  if (!call.spec)
    return;
  if (!call.inputs.empty()) // else already reported as a missing input
    checkInputCount(call);
  bindArguments(call);
  if (call.spec->name == "embedding" && call.inputs.size() == 1)
    checkEmbeddingInput(call);
  // The recurrent layers (lstm, gru, simple_rnn) are those with return_state.
  if (call.spec->findParam("return_state"))
    checkReturnState(call);
  if (call.spec->findParam("reset_after"))
    checkResetAfter(call);
  if (call.spec->wrapsCall && call.inputs.size() == 1)
    checkWrappedCall(call);
}

void ModelResolver::checkWrappedCall(const ast::Call &call) {
  const ast::Expr &input = *call.inputs.front();
  const ast::Call *wrapped = input.getCall();
  // The recurrent layers (lstm, gru, simple_rnn) are those with return_state.
  if (wrapped && (!wrapped->spec || wrapped->spec->findParam("return_state")))
    return; // a recurrent layer, or an unknown one (already reported)
  std::string what = wrapped ? "'" + wrapped->callee + "' is not a recurrent layer"
                             : "'" + input.getNameRef()->name + "' is a value, not a layer call";
  error(input.loc, "'" + call.callee + "' wraps a recurrent layer call (lstm, gru or "
                   "simple_rnn), as in '" + call.callee + "(lstm(x, 32))'; " + what);
}

void ModelResolver::checkEmbeddingInput(const ast::Call &call) {
  const ast::Expr &input = *call.inputs.front();
  std::string what;
  if (const ast::Call *nested = input.getCall()) {
    what = "this one is computed by '" + nested->callee + "'";
  } else {
    const std::string &name = input.getNameRef()->name;
    if (llvm::is_contained(inputNames, name) || !values.count(name))
      return; // a model input (or an undefined name, already reported)
    std::string producer = producerLayers.lookup(name);
    what = "'" + name + "' " +
           (producer.empty() ? std::string("is not a model input")
                             : "is computed by '" + producer + "'");
  }
  error(input.loc, "'embedding' looks up token indices, so its input must be a "
                   "model input such as 'input tokens: f32[14]'; " + what);
}

void ModelResolver::checkReturnState(const ast::Call &call) {
  for (const ast::Argument &arg : call.args)
    if (arg.name == "return_state" && arg.value.kind == LiteralKind::Bool &&
        arg.value.boolValue)
      error(arg.loc, "'return_state=true' is not supported (a layer gives one "
                     "value): the executable's 'generate' command keeps the "
                     "layer's state itself");
}

void ModelResolver::checkResetAfter(const ast::Call &call) {
  for (const ast::Argument &arg : call.args)
    if (arg.name == "reset_after" && arg.value.kind == LiteralKind::Bool &&
        !arg.value.boolValue)
      error(arg.loc, "'reset_after=false' is not supported: '" + call.spec->name.str() +
                         "' is Keras's GRU with reset_after=true (the Keras 3 and "
                         "TensorFlow 2 default, bias (2, 3 * units)), which applies "
                         "the reset gate after the recurrent matrix product; leave "
                         "reset_after out");
}

void ModelResolver::checkInputCount(const ast::Call &call) {
  const LayerSpec &spec = *call.spec;
  size_t count = call.inputs.size();
  if (spec.variadicInputs ? count >= spec.minInputs : count == spec.minInputs)
    return;
  std::string expected = std::to_string(spec.minInputs) + " tensor input" +
                         (spec.minInputs == 1 ? "" : "s");
  if (spec.variadicInputs)
    expected = "at least " + expected;
  error(call.calleeLoc, "layer '" + call.callee + "' takes " + expected +
                            ", got " + llvm::Twine(count));
}

void ModelResolver::bindArguments(ast::Call &call) {
  const LayerSpec &spec = *call.spec;
  std::vector<const ast::Argument *> bound(spec.params.size(), nullptr);
  size_t nextPositional = 0;
  // A misspelt argument usually is the "missing" one: say it only once.
  bool hadUnknownArgument = false;
  for (const ast::Argument &arg : call.args) {
    size_t index;
    if (arg.name.empty()) {
      if (nextPositional >= spec.params.size()) {
        std::vector<llvm::StringRef> names;
        for (const ParamSpec &param : spec.params)
          names.push_back(param.name);
        error(arg.loc, "too many positional arguments for '" + call.callee +
                           "'; it takes " +
                           (names.empty() ? std::string("none")
                                          : "at most " +
                                                std::to_string(names.size()) +
                                                " (" + joinNames(names) + ")"));
        break;
      }
      index = nextPositional++;
    } else {
      const ParamSpec *param = spec.findParam(arg.name);
      if (!param) {
        hadUnknownArgument = true;
        std::vector<llvm::StringRef> names;
        for (const ParamSpec &candidate : spec.params) {
          names.push_back(candidate.name);
          names.insert(names.end(), candidate.aliases.begin(),
                       candidate.aliases.end());
        }
        if (names.empty())
          error(arg.loc, "unknown argument '" + arg.name + "': layer '" +
                             call.callee + "' takes no arguments");
        else
          error(arg.loc, "unknown argument '" + arg.name + "' for layer '" +
                             call.callee + "'" + didYouMean(arg.name, names));
        continue;
      }
      index = param - spec.params.data();
    }
    if (bound[index]) {
      error(arg.loc, "argument '" + spec.params[index].name + "' of '" +
                         call.callee + "' is given twice")
              .attachNote(bound[index]->loc)
          << "first given here";
      continue;
    }
    bound[index] = &arg;
  }

  std::vector<ast::Argument> resolved;
  for (auto [index, param] : llvm::enumerate(spec.params)) {
    if (const ast::Argument *arg = bound[index]) {
      ast::Argument copy{param.name.str(), arg->value, arg->loc};
      checkArgument(call, param, copy.value);
      resolved.push_back(std::move(copy));
      continue;
    }
    if (param.defaultValue.empty()) {
      if (!hadUnknownArgument)
        error(call.calleeLoc, "missing required argument '" + param.name +
                                "' of layer '" + call.callee + "'");
      continue;
    }
    ast::Argument filled{param.name.str(), ast::Literal(call.calleeLoc),
                         call.calleeLoc};
    if (param.defaultValue.starts_with("=")) {
      llvm::StringRef source = param.defaultValue.drop_front();
      for (const ast::Argument &earlier : resolved)
        if (earlier.name == source)
          filled.value = earlier.value;
    } else {
      filled.value = parseDefault(param.defaultValue, call.calleeLoc);
    }
    resolved.push_back(std::move(filled));
  }
  call.args = std::move(resolved);
}

bool ModelResolver::checkArgument(const ast::Call &call, const ParamSpec &param,
                                  ast::Literal &value) {
  std::string what =
      ("argument '" + param.name + "' of '" + call.callee + "'").str();
  auto isPositiveInt = [](const ast::Literal &literal) {
    return literal.kind == LiteralKind::Int && literal.intValue > 0;
  };
  switch (param.kind) {
  case ParamKind::PositiveInt:
    if (isPositiveInt(value))
      return true;
    error(value.loc, what + " must be a positive integer, got " +
                         formatLiteral(value));
    return false;
  case ParamKind::IntPair:
    if (isPositiveInt(value) ||
        (value.kind == LiteralKind::List && value.elements.size() == 2 &&
         isPositiveInt(value.elements[0]) && isPositiveInt(value.elements[1])))
      return true;
    error(value.loc, what + " must be a positive integer or a list of two, " +
                         "as in [3, 3], got " + formatLiteral(value));
    return false;
  case ParamKind::Bool:
    if (value.kind == LiteralKind::Bool)
      return true;
    error(value.loc,
          what + " must be true or false, got " + formatLiteral(value));
    return false;
  case ParamKind::Choice: {
    // Keras writes choices as strings: padding='same' is accepted too.
    if (value.kind == LiteralKind::String)
      value.kind = LiteralKind::Identifier;
    if (value.kind == LiteralKind::Identifier &&
        llvm::is_contained(param.choices, value.text))
      return true;
    std::string suggestion;
    if (value.kind == LiteralKind::Identifier)
      suggestion = didYouMean(value.text, param.choices);
    error(value.loc, what + " must be one of " + joinNames(param.choices) +
                         ", got " + formatLiteral(value) + suggestion);
    return false;
  }
  case ParamKind::Axis:
    if (value.kind == LiteralKind::Int)
      return true;
    error(value.loc, what + " must be an integer axis (negative counts from "
                            "the end), got " +
                         formatLiteral(value));
    return false;
  case ParamKind::Shape: {
    bool valid = value.kind == LiteralKind::List && !value.elements.empty();
    unsigned inferred = 0;
    for (const ast::Literal &element : value.elements) {
      if (element.kind == LiteralKind::Int && element.intValue == -1)
        ++inferred;
      else if (!isPositiveInt(element))
        valid = false;
    }
    if (valid && inferred <= 1)
      return true;
    error(value.loc, what + " must be a list of positive integers with at "
                            "most one -1, as in [7, 7, 4], got " +
                         formatLiteral(value));
    return false;
  }
  case ParamKind::Margins: {
    auto isMargin = [](const ast::Literal &literal) {
      return literal.kind == LiteralKind::Int && literal.intValue >= 0;
    };
    auto isSide = [&](const ast::Literal &literal) {
      return isMargin(literal) ||
             (literal.kind == LiteralKind::List && literal.elements.size() == 2 &&
              isMargin(literal.elements[0]) && isMargin(literal.elements[1]));
    };
    if (isMargin(value) || (value.kind == LiteralKind::List && value.elements.size() == 2 &&
                            isSide(value.elements[0]) && isSide(value.elements[1])))
      return true;
    error(value.loc, what + " must be a non-negative integer, [height, width] or "
                            "[[top, bottom], [left, right]], got " +
                         formatLiteral(value));
    return false;
  }
  case ParamKind::Number:
  case ParamKind::NonNegativeNumber:
  case ParamKind::Fraction: {
    bool isNumber = value.kind == LiteralKind::Int || value.kind == LiteralKind::Float;
    double number = value.kind == LiteralKind::Int ? static_cast<double>(value.intValue)
                                                   : value.floatValue;
    // The generated code computes in f32: the value must be finite there
    // (and a fraction stay below 1 there).
    float asFloat = static_cast<float>(number);
    bool inRange = param.kind == ParamKind::Number ? true
                   : param.kind == ParamKind::NonNegativeNumber
                       ? number >= 0
                       : number >= 0 && asFloat < 1.0f;
    if (isNumber && std::isfinite(asFloat) && inRange)
      return true;
    const char *expected = param.kind == ParamKind::Number ? "finite number"
                           : param.kind == ParamKind::NonNegativeNumber
                               ? "number >= 0"
                               : "number in [0, 1)";
    error(value.loc, what + " must be a " + expected + ", got " + formatLiteral(value));
    return false;
  }
  case ParamKind::ValueName: {
    std::string expected = joinNames(param.choices);
    if (value.kind != LiteralKind::Identifier) {
      error(value.loc, what + " must name a " + expected +
                           " value defined earlier, as in 'p = " + expected +
                           "(2)' then 'pool=p', got " + formatLiteral(value));
      return false;
    }
    if (!values.count(value.text)) {
      error(value.loc, what + ": undefined value '" + value.text + "'" +
                           didYouMean(value.text, valueNames));
      return false;
    }
    auto producer = producerLayers.find(value.text);
    if (producer != producerLayers.end() &&
        llvm::is_contained(param.choices, producer->second))
      return true;
    error(value.loc, what + " must name a " + expected + " value, but '" +
                         value.text + "' is " +
                         (producer == producerLayers.end()
                              ? std::string("a model input")
                              : "computed by '" + producer->second + "'"))
            .attachNote(values.find(value.text)->second)
        << "'" << value.text << "' is defined here";
    return false;
  }
  }
  return false;
}

bool nnc::resolveModule(ast::Module &module) {
  bool ok = true;
  llvm::StringMap<mlir::Location> modelNames;
  for (ast::Model &model : module.models) {
    auto [it, inserted] = modelNames.try_emplace(model.name, model.loc);
    if (!inserted) {
      mlir::InFlightDiagnostic diag = mlir::emitError(model.loc)
                                      << "model '" << model.name
                                      << "' is defined twice";
      diag.attachNote(it->second) << "first defined here";
      ok = false;
    }
    ok &= ModelResolver(model).resolve();
  }
  return ok;
}
