//===- ASTDump.cpp - The resolved tree as text for --emit=ast -------------===//
//
// One node a line, indented by depth, each with its <line:col>, so lit tests
// can check both resolution and locations:
//
//   Model autoencoder <2:7>
//     Input image: f32[28, 28, 1] <3:3>
//     Chain conv2d_1 <4:3>
//       Call conv2d 'conv2d_1' <4:3>
//         Input NameRef image <4:3>
//         Arg filters = 16 <4:10>
//
//===----------------------------------------------------------------------===//

#include "Frontend/Frontend.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace nnc;
using LiteralKind = ast::Literal::Kind;

/// The shortest form that reads back as the same number: 0.001, 1e-07,
/// 0.99999999 (not %g's 1); with `asFloat`, one that still reads as a float
/// (1.0).
static std::string shortestNumber(double value, bool asFloat) {
  std::string text;
  if (!asFloat && value == std::floor(value) && std::abs(value) < 1e15)
    return llvm::formatv("{0}", int64_t(value)).str(); // 1/1000, not 1/1e+03
  for (int digits = 1; digits <= 17; ++digits) {
    text.clear();
    llvm::raw_string_ostream(text) << llvm::format("%.*g", digits, value);
    double readBack;
    if (!llvm::StringRef(text).getAsDouble(readBack) && readBack == value)
      break;
  }
  if (asFloat && llvm::StringRef(text).find_first_of(".eni") == llvm::StringRef::npos)
    text += ".0";
  return text;
}

void nnc::printLiteral(const ast::Literal &literal, llvm::raw_ostream &os) {
  switch (literal.kind) {
  case LiteralKind::Int:
    os << literal.intValue;
    return;
  case LiteralKind::Float: {
    // A fraction as written (1/255), so that it reads back exactly.
    if (literal.denominator != 1) {
      os << shortestNumber(literal.numerator, /*asFloat=*/false) << "/"
         << shortestNumber(literal.denominator, /*asFloat=*/false);
      return;
    }
    os << shortestNumber(literal.floatValue, /*asFloat=*/true);
    return;
  }
  case LiteralKind::Bool:
    os << (literal.boolValue ? "true" : "false");
    return;
  case LiteralKind::Identifier:
    os << literal.text;
    return;
  case LiteralKind::String:
    os << '"';
    llvm::printEscapedString(literal.text, os);
    os << '"';
    return;
  case LiteralKind::List:
    os << '[';
    llvm::interleaveComma(literal.elements, os, [&](const ast::Literal &e) {
      printLiteral(e, os);
    });
    os << ']';
    return;
  }
}

namespace {

class ASTDumper {
public:
  explicit ASTDumper(llvm::raw_ostream &os) : os(os) {}

  void dump(const ast::Module &module);

private:
  llvm::raw_ostream &line(unsigned depth) {
    return os.indent(2 * depth);
  }
  void printLoc(mlir::Location loc) {
    if (auto fileLoc = llvm::dyn_cast<mlir::FileLineColLoc>(loc))
      os << " <" << fileLoc.getLine() << ":" << fileLoc.getColumn() << ">";
    os << "\n";
  }
  void dumpModel(const ast::Model &model);
  void dumpStatement(const ast::Statement &statement);
  void dumpExpr(const ast::Expr &expr, unsigned depth, llvm::StringRef role);
  void dumpArguments(const std::vector<ast::Argument> &args, unsigned depth);
  void dumpTrainBlock(const ast::TrainBlock &block);

  llvm::raw_ostream &os;
};

} // namespace

void ASTDumper::dump(const ast::Module &module) {
  os << "Module '" << module.filename << "'\n";
  for (const ast::Model &model : module.models)
    dumpModel(model);
}

void ASTDumper::dumpModel(const ast::Model &model) {
  line(1) << "Model " << model.name;
  printLoc(model.loc);
  const ast::Statement *last = nullptr;
  bool hasOutput = false;
  for (const ast::Statement &statement : model.statements) {
    dumpStatement(statement);
    hasOutput |= statement.kind == ast::Statement::Kind::Output;
    last = &statement;
  }
  // Without an `output` statement the last value is the model's output.
  if (!hasOutput && last)
    line(2) << "ImplicitOutput output = " << last->name << "\n";
  if (model.train)
    dumpTrainBlock(*model.train);
}

void ASTDumper::dumpStatement(const ast::Statement &statement) {
  switch (statement.kind) {
  case ast::Statement::Kind::Input: {
    line(2) << "Input " << statement.name << ": "
            << statement.input.elementType << "[";
    llvm::interleaveComma(statement.input.shape, os);
    os << "]";
    printLoc(statement.loc);
    return;
  }
  case ast::Statement::Kind::Chain:
    line(2) << "Chain " << statement.name;
    break;
  case ast::Statement::Kind::Assign:
    line(2) << "Assign " << statement.name;
    break;
  case ast::Statement::Kind::Output:
    line(2) << "Output " << statement.name;
    if (!statement.expr)
      os << " = NameRef " << statement.name;
    break;
  }
  printLoc(statement.loc);
  if (statement.expr)
    dumpExpr(*statement.expr, 3, "");
}

void ASTDumper::dumpExpr(const ast::Expr &expr, unsigned depth,
                         llvm::StringRef role) {
  line(depth) << role;
  if (const ast::NameRef *ref = expr.getNameRef()) {
    os << "NameRef " << ref->name;
    printLoc(expr.loc);
    return;
  }
  const ast::Call &call = *expr.getCall();
  os << "Call " << call.callee << " '" << call.layerName << "'";
  printLoc(call.calleeLoc);
  for (const std::unique_ptr<ast::Expr> &input : call.inputs)
    dumpExpr(*input, depth + 1, "Input ");
  dumpArguments(call.args, depth + 1);
}

void ASTDumper::dumpArguments(const std::vector<ast::Argument> &args,
                              unsigned depth) {
  for (const ast::Argument &arg : args) {
    line(depth) << "Arg " << (arg.name.empty() ? "#" : arg.name) << " = ";
    printLiteral(arg.value, os);
    printLoc(arg.loc);
  }
}

void ASTDumper::dumpTrainBlock(const ast::TrainBlock &block) {
  line(2) << "Train";
  printLoc(block.loc);
  for (const ast::Setting &setting : block.settings) {
    line(3) << "Setting " << setting.key << " = ";
    auto printCall = [&](const ast::Setting &call) {
      os << *call.callee << "(";
      llvm::interleaveComma(call.callArgs, os, [&](const ast::Argument &a) {
        if (!a.name.empty())
          os << a.name << "=";
        printLiteral(a.value, os);
      });
      os << ")";
    };
    if (setting.callee) {
      printCall(setting);
    } else if (setting.isCallList) {
      os << "[";
      llvm::interleaveComma(setting.calls, os, printCall);
      os << "]";
    } else {
      printLiteral(setting.value, os);
    }
    printLoc(setting.loc);
  }
}

void nnc::dumpAST(const ast::Module &module, llvm::raw_ostream &os) {
  ASTDumper(os).dump(module);
}
