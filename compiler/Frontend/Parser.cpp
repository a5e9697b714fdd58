//===- Parser.cpp - From tokens to an unresolved syntax tree --------------===//

#include "Frontend/Parser.h"

#include "mlir/IR/Diagnostics.h"

using namespace nnc;
using Kind = Token::Kind;

/// Deeper nesting of calls or lists is surely a mistake (or hostile input);
/// the limit keeps recursion far from the stack's end.
static constexpr unsigned kMaxNesting = 32;
/// After this many errors the rest of the file is not worth reading.
static constexpr unsigned kMaxErrors = 50;

Parser::Parser(Lexer &lexer, llvm::StringRef filename)
    : lexer(lexer), filename(filename.str()) {
  consume();
}

void Parser::consume() {
  if (gaveUp)
    return;
  if (errorCount + lexer.getErrorCount() >= kMaxErrors) {
    mlir::emitError(loc()) << "too many errors; stopping here";
    ++errorCount;
    gaveUp = true;
    tok = Token();
    tok.line = tok.column = 1;
    return;
  }
  if (!lookahead.empty()) {
    tok = std::move(lookahead.front());
    lookahead.pop_front();
  } else {
    tok = lexer.next();
  }
}

const Token &Parser::peekNext() { return peek(1); }

const Token &Parser::peek(size_t ahead) {
  while (lookahead.size() < ahead)
    lookahead.push_back(lexer.next());
  return lookahead[ahead - 1];
}

bool Parser::consumeIf(Kind kind) {
  if (!tok.is(kind))
    return false;
  consume();
  return true;
}

bool Parser::expect(Kind kind, llvm::StringRef context) {
  if (consumeIf(kind))
    return true;
  errorHere("expected " + describe(kind) + " " + context + ", found " +
            describe(tok));
  return false;
}

void Parser::skipNewlines() {
  while (tok.is(Kind::Newline))
    consume();
}

mlir::InFlightDiagnostic Parser::error(mlir::Location where,
                                       const llvm::Twine &msg) {
  ++errorCount;
  return mlir::emitError(where) << msg;
}

void Parser::recoverToStatementEnd() {
  unsigned depth = 0;
  while (!tok.is(Kind::EndOfFile) && !tok.is(Kind::RBrace)) {
    if (tok.is(Kind::Newline) && depth == 0)
      break;
    if (tok.is(Kind::LParen) || tok.is(Kind::LBracket))
      ++depth;
    else if ((tok.is(Kind::RParen) || tok.is(Kind::RBracket)) && depth > 0)
      --depth;
    consume();
  }
}

bool Parser::expectStatementEnd() {
  if (tok.is(Kind::Newline) || tok.is(Kind::RBrace) || tok.is(Kind::EndOfFile))
    return true;
  errorHere("expected end of line after the statement, found " + describe(tok));
  return false;
}

bool Parser::checkDepth(unsigned depth) {
  if (depth <= kMaxNesting)
    return true;
  errorHere("nesting is too deep (more than " + llvm::Twine(kMaxNesting) +
            " levels of calls or lists)");
  return false;
}

//===----------------------------------------------------------------------===//
// Models and statements
//===----------------------------------------------------------------------===//

std::unique_ptr<ast::Module> Parser::parseModule() {
  auto module = std::make_unique<ast::Module>();
  module->filename = filename;
  while (true) {
    skipNewlines();
    if (tok.is(Kind::EndOfFile))
      break;
    if (!tok.isIdentifier("model")) {
      errorHere("expected 'model NAME { ... }', found " + describe(tok));
      // Skip to the next `model` so one stray line gives one error.
      do
        consume();
      while (!tok.is(Kind::EndOfFile) && !tok.isIdentifier("model"));
      continue;
    }
    if (std::optional<ast::Model> model = parseModel())
      module->models.push_back(std::move(*model));
  }
  return module;
}

std::optional<ast::Model> Parser::parseModel() {
  consume(); // `model`
  if (!tok.is(Kind::Identifier)) {
    errorHere("expected a model name after 'model', found " + describe(tok));
    while (!tok.is(Kind::EndOfFile) && !tok.isIdentifier("model"))
      consume();
    return std::nullopt;
  }
  ast::Model model{tok.text, loc(), {}, std::nullopt};
  consume();
  mlir::Location open = loc();
  if (!expect(Kind::LBrace, "to open the body of model '" + model.name + "'")) {
    while (!tok.is(Kind::EndOfFile) && !tok.isIdentifier("model"))
      consume();
    return std::nullopt;
  }
  while (true) {
    skipNewlines();
    if (tok.is(Kind::RBrace) || tok.is(Kind::EndOfFile))
      break;
    if (!parseStatement(model) || !expectStatementEnd())
      recoverToStatementEnd();
  }
  if (!consumeIf(Kind::RBrace) && !gaveUp) {
    error(loc(), "expected '}' to close model '" + model.name + "', found " +
                     describe(tok))
            .attachNote(open)
        << "the model's '{' is here";
  }
  if (!gaveUp && !tok.is(Kind::Newline) && !tok.is(Kind::EndOfFile)) {
    errorHere("expected end of line after '}', found " + describe(tok));
    recoverToStatementEnd();
  }
  return model;
}

bool Parser::parseStatement(ast::Model &model) {
  if (!tok.is(Kind::Identifier)) {
    errorHere("expected a statement ('input', 'output', 'train', "
              "'NAME = layer(...)' or 'layer(...)'), found " +
              describe(tok));
    return false;
  }
  ast::Statement statement{ast::Statement::Kind::Chain, loc(), "", {}, nullptr};
  const Token &next = peekNext();
  if (tok.isIdentifier("input") && next.is(Kind::Identifier)) {
    statement.kind = ast::Statement::Kind::Input;
    if (!parseInput(statement))
      return false;
  } else if (tok.isIdentifier("output") && !next.is(Kind::LParen)) {
    consume();
    statement.kind = ast::Statement::Kind::Output;
    if (!tok.is(Kind::Identifier)) {
      errorHere("expected the output's name after 'output', found " +
                describe(tok));
      return false;
    }
    statement.name = tok.text;
    consume();
    if (consumeIf(Kind::Equal)) {
      statement.expr = parseExpr(0);
      if (!statement.expr)
        return false;
    }
  } else if (tok.isIdentifier("train") && next.is(Kind::LBrace)) {
    return parseTrainBlock(model);
  } else if (next.is(Kind::Equal)) {
    statement.kind = ast::Statement::Kind::Assign;
    statement.name = tok.text;
    consume();
    consume(); // `=`
    statement.expr = parseExpr(0);
    if (!statement.expr)
      return false;
  } else if (next.is(Kind::LParen)) {
    statement.expr = parseCall(0);
    if (!statement.expr)
      return false;
  } else {
    error(loc(), "expected a statement ('input', 'output', 'train', "
                 "'NAME = layer(...)' or 'layer(...)'), found " +
                     describe(tok));
    return false;
  }
  model.statements.push_back(std::move(statement));
  return true;
}

bool Parser::parseInput(ast::Statement &statement) {
  consume(); // `input`
  statement.name = tok.text;
  statement.input.name = tok.text;
  consume();
  if (!expect(Kind::Colon, "after the input's name (as in 'input x: f32[28, 28, 1]')"))
    return false;
  if (!tok.is(Kind::Identifier)) {
    errorHere("expected an element type such as 'f32', found " + describe(tok));
    return false;
  }
  statement.input.elementType = tok.text;
  consume();
  mlir::Location open = loc();
  if (!expect(Kind::LBracket, "with the input's dimensions (as in 'f32[28, 28, 1]')"))
    return false;
  skipNewlines();
  while (!tok.is(Kind::RBracket)) {
    if (!tok.is(Kind::Integer)) {
      errorHere("expected an integer dimension, found " + describe(tok));
      return false;
    }
    statement.input.shape.push_back(tok.intValue);
    consume();
    skipNewlines();
    if (consumeIf(Kind::Comma)) {
      skipNewlines();
      continue;
    }
    if (!tok.is(Kind::RBracket)) {
      error(loc(), "expected ',' or ']' in the input's dimensions, found " +
                       describe(tok))
              .attachNote(open)
          << "to match this '['";
      return false;
    }
  }
  consume(); // `]`
  return true;
}

//===----------------------------------------------------------------------===//
// Expressions, arguments and literals
//===----------------------------------------------------------------------===//

std::unique_ptr<ast::Expr> Parser::parseExpr(unsigned depth) {
  if (!checkDepth(depth))
    return nullptr;
  if (!tok.is(Kind::Identifier)) {
    errorHere("expected a layer call or a value name, found " + describe(tok));
    return nullptr;
  }
  if (peekNext().is(Kind::LParen))
    return parseCall(depth);
  auto expr = std::make_unique<ast::Expr>(loc(), ast::NameRef{tok.text});
  consume();
  return expr;
}

std::unique_ptr<ast::Expr> Parser::parseCall(unsigned depth) {
  if (!checkDepth(depth))
    return nullptr;
  mlir::Location calleeLoc = loc();
  ast::Call call{tok.text, calleeLoc, {}, {}, nullptr, ""};
  consume();
  mlir::Location open = loc();
  consume(); // `(`
  if (!parseArgumentList(call.callee, open, &call.inputs, call.args, depth))
    return nullptr;
  return std::make_unique<ast::Expr>(calleeLoc, std::move(call));
}

bool Parser::parseArgumentList(llvm::StringRef callee, mlir::Location open,
                               std::vector<std::unique_ptr<ast::Expr>> *inputs,
                               std::vector<ast::Argument> &args,
                               unsigned depth) {
  // Leading names and calls are tensor inputs; the first literal or keyword
  // argument ends them.
  bool inInputs = inputs != nullptr;
  bool seenKeyword = false;
  skipNewlines();
  while (!tok.is(Kind::RParen)) {
    mlir::Location argLoc = loc();
    if (tok.is(Kind::Identifier) && peekNext().is(Kind::Equal)) {
      ast::Argument arg{tok.text, ast::Literal(argLoc), argLoc};
      consume();
      consume(); // `=`
      skipNewlines();
      std::optional<ast::Literal> value = parseLiteral(depth + 1);
      if (!value)
        return false;
      arg.value = std::move(*value);
      args.push_back(std::move(arg));
      seenKeyword = true;
      inInputs = false;
    } else if (tok.is(Kind::Identifier) && peekNext().is(Kind::LParen)) {
      if (!inInputs) {
        errorHere(inputs ? "a nested layer call is a tensor input and must "
                           "come before the other arguments of '" +
                               callee + "'"
                         : "expected a value, not a call, as argument of '" +
                               callee + "'");
        return false;
      }
      std::unique_ptr<ast::Expr> input = parseCall(depth + 1);
      if (!input)
        return false;
      inputs->push_back(std::move(input));
    } else if (inInputs && tok.is(Kind::Identifier) && tok.text != "true" &&
               tok.text != "false") {
      inputs->push_back(std::make_unique<ast::Expr>(argLoc, ast::NameRef{tok.text}));
      consume();
    } else {
      if (seenKeyword) {
        errorHere("positional argument after a keyword argument of '" + callee +
                  "'; name it, as in 'NAME=value'");
        return false;
      }
      inInputs = false;
      std::optional<ast::Literal> value = parseLiteral(depth + 1);
      if (!value)
        return false;
      args.push_back({"", std::move(*value), argLoc});
    }
    skipNewlines();
    if (consumeIf(Kind::Comma)) {
      skipNewlines();
      continue;
    }
    if (!tok.is(Kind::RParen)) {
      error(loc(), "expected ',' or ')' in the arguments of '" + callee +
                       "', found " + describe(tok))
              .attachNote(open)
          << "to match this '('";
      return false;
    }
  }
  consume(); // `)`
  return true;
}

std::optional<ast::Literal> Parser::parseLiteral(unsigned depth) {
  if (!checkDepth(depth))
    return std::nullopt;
  ast::Literal literal(loc());
  switch (tok.kind) {
  case Kind::Integer:
    literal.kind = ast::Literal::Kind::Int;
    literal.intValue = tok.intValue;
    break;
  case Kind::Float:
    literal.kind = ast::Literal::Kind::Float;
    literal.floatValue = tok.floatValue;
    break;
  case Kind::String:
    literal.kind = ast::Literal::Kind::String;
    literal.text = tok.text;
    break;
  case Kind::Identifier:
    if (tok.text == "true" || tok.text == "false") {
      literal.kind = ast::Literal::Kind::Bool;
      literal.boolValue = tok.text == "true";
    } else {
      literal.kind = ast::Literal::Kind::Identifier;
      literal.text = tok.text;
    }
    break;
  case Kind::LBracket: {
    literal.kind = ast::Literal::Kind::List;
    mlir::Location open = loc();
    consume();
    skipNewlines();
    while (!tok.is(Kind::RBracket)) {
      std::optional<ast::Literal> element = parseLiteral(depth + 1);
      if (!element)
        return std::nullopt;
      literal.elements.push_back(std::move(*element));
      skipNewlines();
      if (consumeIf(Kind::Comma)) {
        skipNewlines();
        continue;
      }
      if (!tok.is(Kind::RBracket)) {
        error(loc(), "expected ',' or ']' in the list, found " + describe(tok))
                .attachNote(open)
            << "to match this '['";
        return std::nullopt;
      }
    }
    break;
  }
  default:
    errorHere("expected a value (a number, true/false, a name, a string or a "
              "[list]), found " +
              describe(tok));
    return std::nullopt;
  }
  consume();
  if (literal.kind == ast::Literal::Kind::Int || literal.kind == ast::Literal::Kind::Float)
    return parseFraction(std::move(literal));
  return literal;
}

/// `a/b` after the number `a`.
std::optional<ast::Literal> Parser::parseFraction(ast::Literal numerator) {
  double a = numerator.kind == ast::Literal::Kind::Int ? double(numerator.intValue)
                                                       : numerator.floatValue;
  if (!tok.is(Kind::Slash)) {
    numerator.numerator = a;
    return numerator;
  }
  consume();
  if (!tok.is(Kind::Integer) && !tok.is(Kind::Float)) {
    errorHere("expected a number after '/' (a fraction such as 1/255), found " +
              describe(tok));
    return std::nullopt;
  }
  double b = tok.is(Kind::Integer) ? double(tok.intValue) : tok.floatValue;
  if (b == 0) {
    errorHere("division by zero in the fraction");
    return std::nullopt;
  }
  consume();
  ast::Literal fraction(numerator.loc);
  fraction.kind = ast::Literal::Kind::Float;
  fraction.floatValue = a / b;
  fraction.numerator = a;
  fraction.denominator = b;
  return fraction;
}

//===----------------------------------------------------------------------===//
// The train block
//===----------------------------------------------------------------------===//

bool Parser::parseTrainBlock(ast::Model &model) {
  mlir::Location trainLoc = loc();
  consume(); // `train`
  mlir::Location open = loc();
  consume(); // `{`
  ast::TrainBlock block{trainLoc, {}};
  while (true) {
    skipNewlines();
    if (tok.is(Kind::RBrace) || tok.is(Kind::EndOfFile))
      break;
    if (!parseSetting(block) || !expectStatementEnd())
      recoverToStatementEnd();
  }
  if (!consumeIf(Kind::RBrace)) {
    if (!gaveUp)
      error(loc(), "expected '}' to close the train block, found " +
                       describe(tok))
              .attachNote(open)
          << "the train block's '{' is here";
    return false;
  }
  if (model.train) {
    error(trainLoc, "model '" + model.name + "' has more than one train block")
            .attachNote(model.train->loc)
        << "the first one is here";
    return true; // syntax was fine; nothing to skip
  }
  model.train = std::move(block);
  return true;
}

bool Parser::parseSetting(ast::TrainBlock &block) {
  if (!tok.is(Kind::Identifier)) {
    errorHere("expected a setting ('key = value') in the train block, found " +
              describe(tok));
    return false;
  }
  ast::Setting setting{tok.text, loc(), ast::Literal(loc()), std::nullopt, {}};
  consume();
  if (!expect(Kind::Equal, "after the setting's name"))
    return false;
  setting.value = ast::Literal(loc());
  if (tok.is(Kind::Identifier) && peekNext().is(Kind::LParen)) {
    setting.callee = tok.text;
    setting.value.kind = ast::Literal::Kind::Identifier;
    setting.value.text = tok.text;
    consume();
    mlir::Location open = loc();
    consume(); // `(`
    if (!parseArgumentList(*setting.callee, open, nullptr, setting.callArgs, 0))
      return false;
  } else if (tok.is(Kind::LBracket) && peekNext().is(Kind::Identifier) &&
             peek(2).is(Kind::LParen)) {
    if (!parseCallList(setting))
      return false;
  } else {
    std::optional<ast::Literal> value = parseLiteral(0);
    if (!value)
      return false;
    setting.value = std::move(*value);
  }
  block.settings.push_back(std::move(setting));
  return true;
}

/// `[name(args), name(args), ...]`, the value of `callbacks`.
bool Parser::parseCallList(ast::Setting &setting) {
  setting.isCallList = true;
  setting.value.kind = ast::Literal::Kind::List;
  mlir::Location open = loc();
  consume(); // `[`
  while (true) {
    skipNewlines();
    if (!tok.is(Kind::Identifier) || !peekNext().is(Kind::LParen)) {
      errorHere("expected a call such as 'early_stopping(patience=3)' in the "
                "list, found " + describe(tok));
      return false;
    }
    ast::Setting call{tok.text, loc(), ast::Literal(loc()), tok.text, {}};
    call.value.kind = ast::Literal::Kind::Identifier;
    call.value.text = tok.text;
    consume();
    mlir::Location callOpen = loc();
    consume(); // `(`
    if (!parseArgumentList(*call.callee, callOpen, nullptr, call.callArgs, 0))
      return false;
    setting.calls.push_back(std::move(call));
    skipNewlines();
    if (consumeIf(Kind::Comma)) {
      skipNewlines();
      if (consumeIf(Kind::RBracket)) // a trailing comma
        return true;
      continue;
    }
    if (consumeIf(Kind::RBracket))
      return true;
    error(loc(), "expected ',' or ']' in the list, found " + describe(tok)).attachNote(open)
        << "to match this '['";
    return false;
  }
}
