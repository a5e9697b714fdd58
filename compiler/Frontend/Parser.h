//===- Parser.h - From tokens to an unresolved syntax tree ------*- C++ -*-===//
//
// A recursive-descent parser over the grammar in docs/language.md. It knows
// the shape of statements but not what names mean: layers, arguments and
// values are resolved by Sema. After an error it skips to the end of the
// statement (a newline outside brackets, or a `}`) and goes on, so that one
// run reports every syntax error of a file.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_FRONTEND_PARSER_H
#define NNC_FRONTEND_PARSER_H

#include "Frontend/AST.h"
#include "Frontend/Lexer.h"

#include "mlir/IR/Diagnostics.h"

#include <deque>
#include <memory>
#include <optional>

namespace nnc {

class Parser {
public:
  Parser(Lexer &lexer, llvm::StringRef filename);

  /// Always returns a tree (possibly partial); hadError() tells whether it
  /// is trustworthy.
  std::unique_ptr<ast::Module> parseModule();
  bool hadError() const { return errorCount + lexer.getErrorCount() > 0; }

private:
  // Token stream with lookahead (two tokens at most: `[name(`).
  void consume();
  const Token &peekNext();
  /// The token `ahead` (>= 1) places after the current one.
  const Token &peek(size_t ahead);
  bool consumeIf(Token::Kind kind);
  bool expect(Token::Kind kind, llvm::StringRef context);
  void skipNewlines();
  mlir::Location loc() const { return lexer.getLoc(tok); }

  mlir::InFlightDiagnostic error(mlir::Location where, const llvm::Twine &msg);
  mlir::InFlightDiagnostic errorHere(const llvm::Twine &msg) {
    return error(loc(), msg);
  }
  /// Skips to the end of the current statement (see file comment).
  void recoverToStatementEnd();
  bool expectStatementEnd();

  std::optional<ast::Model> parseModel();
  bool parseStatement(ast::Model &model);
  bool parseInput(ast::Statement &statement);
  bool parseTrainBlock(ast::Model &model);
  bool parseSetting(ast::TrainBlock &block);

  std::unique_ptr<ast::Expr> parseExpr(unsigned depth);
  std::unique_ptr<ast::Expr> parseCall(unsigned depth);
  /// `(args)` after a call's name. With `inputs` null (train-block calls)
  /// every positional argument is a literal.
  bool parseArgumentList(llvm::StringRef callee, mlir::Location open,
                         std::vector<std::unique_ptr<ast::Expr>> *inputs,
                         std::vector<ast::Argument> &args, unsigned depth);
  std::optional<ast::Literal> parseLiteral(unsigned depth);
  std::optional<ast::Literal> parseFraction(ast::Literal numerator);
  bool parseCallList(ast::Setting &setting);
  bool checkDepth(unsigned depth);

  Lexer &lexer;
  std::string filename;
  Token tok;
  std::deque<Token> lookahead;
  unsigned errorCount = 0;
  bool gaveUp = false;
};

} // namespace nnc

#endif // NNC_FRONTEND_PARSER_H
