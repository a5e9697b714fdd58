//===- Lexer.cpp - Tokens of a .nn model file -----------------------------===//

#include "Frontend/Lexer.h"

#include "mlir/IR/Diagnostics.h"

#include "llvm/ADT/StringExtras.h"

#include <cerrno>
#include <cstdlib>

using namespace nnc;

llvm::StringRef nnc::describe(Token::Kind kind) {
  switch (kind) {
  case Token::Kind::Identifier:
    return "a name";
  case Token::Kind::Integer:
    return "an integer";
  case Token::Kind::Float:
    return "a number";
  case Token::Kind::String:
    return "a string";
  case Token::Kind::LParen:
    return "'('";
  case Token::Kind::RParen:
    return "')'";
  case Token::Kind::LBracket:
    return "'['";
  case Token::Kind::RBracket:
    return "']'";
  case Token::Kind::LBrace:
    return "'{'";
  case Token::Kind::RBrace:
    return "'}'";
  case Token::Kind::Comma:
    return "','";
  case Token::Kind::Colon:
    return "':'";
  case Token::Kind::Equal:
    return "'='";
  case Token::Kind::Slash:
    return "'/'";
  case Token::Kind::Newline:
    return "end of line";
  case Token::Kind::EndOfFile:
    return "end of file";
  }
  return "a token";
}

std::string nnc::describe(const Token &token) {
  switch (token.kind) {
  case Token::Kind::Identifier:
  case Token::Kind::Integer:
  case Token::Kind::Float:
  case Token::Kind::String:
    // Long tokens (binary junk in a string) are cut to keep messages short.
    if (token.spelling.size() > 40)
      return ("'" + token.spelling.take_front(37) + "...'").str();
    return ("'" + token.spelling + "'").str();
  default:
    return describe(token.kind).str();
  }
}

Lexer::Lexer(llvm::StringRef buffer, llvm::StringRef filename,
             mlir::MLIRContext &context)
    : buffer(buffer), filename(mlir::StringAttr::get(&context, filename)),
      context(context) {
  // Editors on Windows start UTF-8 files with a byte order mark; it is not
  // text (and columns count from the character after it, as editors show).
  if (buffer.starts_with("\xEF\xBB\xBF"))
    pos = 3;
}

mlir::Location Lexer::getLoc(unsigned line, unsigned column) const {
  return mlir::FileLineColLoc::get(filename, line, column);
}

void Lexer::error(unsigned errLine, unsigned errColumn,
                  const llvm::Twine &message) {
  ++errorCount;
  mlir::emitError(getLoc(errLine, errColumn)) << message;
}

void Lexer::advance() {
  if (atEnd())
    return;
  if (buffer[pos] == '\n') {
    ++line;
    column = 1;
  } else {
    ++column;
  }
  ++pos;
}

void Lexer::skipSpaceAndComments() {
  while (!atEnd()) {
    char c = peek();
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      advance();
    } else if (c == '#' || (c == '/' && peek(1) == '/')) {
      while (!atEnd() && peek() != '\n')
        advance();
    } else if (c == '/' && peek(1) == '*') {
      unsigned startLine = line, startColumn = column;
      advance();
      advance();
      while (!atEnd() && !(peek() == '*' && peek(1) == '/'))
        advance();
      if (atEnd()) {
        error(startLine, startColumn,
              "unterminated block comment; expected '*/' to close this '/*'");
        return;
      }
      advance();
      advance();
    } else {
      return;
    }
  }
}

static bool isIdentifierStart(char c) { return llvm::isAlpha(c) || c == '_'; }
static bool isIdentifierChar(char c) { return llvm::isAlnum(c) || c == '_'; }
/// Characters that may start a token; anything else is reported as a run.
static bool startsToken(char c) {
  return isIdentifierStart(c) || llvm::isDigit(c) ||
         llvm::StringRef("\"()[]{},:=-+.\n#/ \t\r\f\v").contains(c);
}

Token Lexer::next() {
  while (true) {
    skipSpaceAndComments();
    Token token;
    token.line = line;
    token.column = column;
    size_t start = pos;
    if (atEnd()) {
      token.kind = Token::Kind::EndOfFile;
      return token;
    }
    char c = peek();
    auto single = [&](Token::Kind kind) {
      advance();
      token.kind = kind;
      token.spelling = buffer.slice(start, pos);
      return token;
    };
    switch (c) {
    case '\n':
      return single(Token::Kind::Newline);
    case '(':
      return single(Token::Kind::LParen);
    case ')':
      return single(Token::Kind::RParen);
    case '[':
      return single(Token::Kind::LBracket);
    case ']':
      return single(Token::Kind::RBracket);
    case '{':
      return single(Token::Kind::LBrace);
    case '}':
      return single(Token::Kind::RBrace);
    case ',':
      return single(Token::Kind::Comma);
    case ':':
      return single(Token::Kind::Colon);
    case '=':
      return single(Token::Kind::Equal);
    case '/':
      return single(Token::Kind::Slash);
    case '"':
      return lexString(token, start);
    default:
      break;
    }
    if (isIdentifierStart(c)) {
      while (isIdentifierChar(peek()))
        advance();
      token.kind = Token::Kind::Identifier;
      token.spelling = buffer.slice(start, pos);
      token.text = token.spelling.str();
      return token;
    }
    if (llvm::isDigit(c) || ((c == '-' || c == '+' || c == '.') &&
                             (llvm::isDigit(peek(1)) ||
                              (peek(1) == '.' && llvm::isDigit(peek(2))))))
      return lexNumber(token, start);

    // A run of characters that cannot start a token is reported once, so
    // that a binary file gives a handful of errors, not one per byte.
    while (!atEnd() && !startsToken(peek()))
      advance();
    if (pos == start) // a lone '-', '+', '.' or '/'
      advance();
    llvm::StringRef junk = buffer.slice(start, pos);
    std::string shown;
    if (junk.size() == 1 && llvm::isPrint(junk[0]))
      shown = ("'" + junk + "'").str();
    else if (junk.size() == 1)
      shown = "byte 0x" + llvm::utohexstr((unsigned char)junk[0], false, 2);
    else
      shown = std::to_string(junk.size()) + " characters";
    error(token.line, token.column,
          "unexpected " + shown +
              "; expected a name, a number, a string or one of ( ) [ ] { } , : = /");
  }
}

Token Lexer::lexNumber(Token token, size_t start) {
  if (peek() == '-' || peek() == '+')
    advance();
  bool isFloat = false;
  while (llvm::isDigit(peek()))
    advance();
  if (peek() == '.' && llvm::isDigit(peek(1))) {
    isFloat = true;
    advance();
    while (llvm::isDigit(peek()))
      advance();
  } else if (peek() == '.' && !isIdentifierStart(peek(1))) {
    isFloat = true; // `1.`
    advance();
  }
  if ((peek() == 'e' || peek() == 'E') &&
      (llvm::isDigit(peek(1)) ||
       ((peek(1) == '-' || peek(1) == '+') && llvm::isDigit(peek(2))))) {
    isFloat = true;
    advance();
    if (peek() == '-' || peek() == '+')
      advance();
    while (llvm::isDigit(peek()))
      advance();
  }
  token.spelling = buffer.slice(start, pos);
  std::string text = token.spelling.str();
  if (isIdentifierChar(peek())) {
    size_t junkStart = pos;
    while (isIdentifierChar(peek()))
      advance();
    error(token.line, token.column,
          "malformed number '" + buffer.slice(start, pos) +
              "'; a number cannot be followed by '" +
              buffer.slice(junkStart, pos) + "'");
  }
  errno = 0;
  if (isFloat) {
    token.kind = Token::Kind::Float;
    token.floatValue = std::strtod(text.c_str(), nullptr);
  } else {
    token.kind = Token::Kind::Integer;
    token.intValue = std::strtoll(text.c_str(), nullptr, 10);
  }
  if (errno == ERANGE)
    error(token.line, token.column,
          "number '" + token.spelling + "' is out of range");
  return token;
}

Token Lexer::lexString(Token token, size_t start) {
  advance(); // opening quote
  token.kind = Token::Kind::String;
  while (true) {
    if (atEnd() || peek() == '\n') {
      error(token.line, token.column,
            "unterminated string; expected '\"' before the end of the line");
      token.spelling = buffer.slice(start, pos);
      return token;
    }
    char c = peek();
    advance();
    if (c == '"')
      break;
    if (c == '\\' && !atEnd() && peek() != '\n') {
      char escaped = peek();
      unsigned escLine = line, escColumn = column - 1;
      advance();
      switch (escaped) {
      case 'n':
        token.text += '\n';
        break;
      case 't':
        token.text += '\t';
        break;
      case '\\':
      case '"':
        token.text += escaped;
        break;
      default:
        error(escLine, escColumn,
              llvm::Twine("unknown escape '\\") + llvm::Twine(escaped) +
                  "'; expected one of \\\" \\\\ \\n \\t");
      }
      continue;
    }
    token.text += c;
  }
  token.spelling = buffer.slice(start, pos);
  return token;
}
