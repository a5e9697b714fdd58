//===- Lexer.h - Tokens of a .nn model file ---------------------*- C++ -*-===//
//
// Newlines are tokens: a statement ends at the end of its line (inside `(` and
// `[` the parser skips them, so argument lists may span lines). Keywords such
// as `model` and `input` are plain identifiers; the parser gives them meaning
// by position, so `target = input` still reads naturally.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_FRONTEND_LEXER_H
#define NNC_FRONTEND_LEXER_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace nnc {

struct Token {
  enum class Kind {
    Identifier,
    Integer,
    Float,
    String,
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Comma,
    Colon,
    Equal,
    Slash,
    Newline,
    EndOfFile,
  };
  Kind kind = Kind::EndOfFile;
  llvm::StringRef spelling; // the source text of the token
  std::string text;         // identifier name or decoded string contents
  int64_t intValue = 0;
  double floatValue = 0;
  unsigned line = 1;
  unsigned column = 1;

  bool is(Kind k) const { return kind == k; }
  bool isIdentifier(llvm::StringRef name) const {
    return kind == Kind::Identifier && text == name;
  }
};

/// A printable description of a token kind for "expected X, found Y".
llvm::StringRef describe(Token::Kind kind);
std::string describe(const Token &token);

class Lexer {
public:
  Lexer(llvm::StringRef buffer, llvm::StringRef filename,
        mlir::MLIRContext &context);

  /// The next token; reports malformed text (unterminated comments and
  /// strings, stray characters, out-of-range numbers) and skips it.
  Token next();

  mlir::Location getLoc(unsigned line, unsigned column) const;
  mlir::Location getLoc(const Token &token) const {
    return getLoc(token.line, token.column);
  }
  unsigned getErrorCount() const { return errorCount; }

private:
  char peek(size_t ahead = 0) const {
    return pos + ahead < buffer.size() ? buffer[pos + ahead] : '\0';
  }
  bool atEnd() const { return pos >= buffer.size(); }
  void advance();
  void skipSpaceAndComments();
  Token lexNumber(Token token, size_t start);
  Token lexString(Token token, size_t start);
  void error(unsigned line, unsigned column, const llvm::Twine &message);

  llvm::StringRef buffer;
  mlir::StringAttr filename;
  mlir::MLIRContext &context;
  size_t pos = 0;
  unsigned line = 1;
  unsigned column = 1;
  unsigned errorCount = 0;
};

} // namespace nnc

#endif // NNC_FRONTEND_LEXER_H
