//===- AST.h - Syntax tree of a .nn model file ------------------*- C++ -*-===//
//
// The parser produces this tree; Sema resolves it in place (layer arguments
// bound to their parameters with defaults filled in, implicit chain inputs made
// explicit, layer names assigned). MLIRGen reads only resolved trees.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_FRONTEND_AST_H
#define NNC_FRONTEND_AST_H

#include "mlir/IR/Location.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace nnc {
struct LayerSpec;

namespace ast {

/// A literal argument value: `3`, `0.5`, `1/255`, `true`, `relu`, `"path"`,
/// `[2, 2]`.
struct Literal {
  enum class Kind { Int, Float, Bool, Identifier, String, List };
  Kind kind = Kind::Int;
  int64_t intValue = 0;
  double floatValue = 0;
  /// A number as a fraction: `a/b` is a Float of value a / b that keeps its
  /// two numbers (a scale then divides exactly as `x / 255` does); any
  /// other number is itself over 1.
  double numerator = 0, denominator = 1;
  bool boolValue = false;
  std::string text; // Identifier and String
  std::vector<Literal> elements; // List
  mlir::Location loc;

  explicit Literal(mlir::Location loc) : loc(loc) {}
};

struct Expr;

/// `name=value` or a positional `value` inside a layer call. Positional
/// tensor inputs are Exprs, not Arguments (see Call::inputs).
struct Argument {
  std::string name; // empty while positional (before Sema)
  Literal value;
  mlir::Location loc;
};

/// `conv2d(x, 16, kernel=3)` or `flatten(z)`.
struct Call {
  std::string callee;
  mlir::Location calleeLoc; // location of the layer name, for "unknown layer"
  std::vector<std::unique_ptr<Expr>> inputs;
  std::vector<Argument> args;

  // Filled by Sema.
  const LayerSpec *spec = nullptr;
  std::string layerName; // "conv2d_1", or the assigned name for `x = ...`
};

/// A reference to an input or a named value.
struct NameRef {
  std::string name;
};

struct Expr {
  mlir::Location loc;
  std::variant<NameRef, Call> node;

  Expr(mlir::Location loc, NameRef ref) : loc(loc), node(std::move(ref)) {}
  Expr(mlir::Location loc, Call call) : loc(loc), node(std::move(call)) {}
  NameRef *getNameRef() { return std::get_if<NameRef>(&node); }
  Call *getCall() { return std::get_if<Call>(&node); }
  const NameRef *getNameRef() const { return std::get_if<NameRef>(&node); }
  const Call *getCall() const { return std::get_if<Call>(&node); }
};

/// `input image: f32[28, 28, 1]` (the batch dimension is implicit).
struct InputDecl {
  std::string name;
  std::string elementType; // "f32"
  std::vector<int64_t> shape;
};

/// One line of a model body.
struct Statement {
  enum class Kind {
    Input,  ///< input NAME: TYPE
    Chain,  ///< layer(...)              applies to the previous value
    Assign, ///< NAME = expr
    Output, ///< output NAME = expr      (or `output NAME` for an existing value)
  };
  Kind kind;
  mlir::Location loc;
  std::string name;           // Input, Assign, Output
  InputDecl input;            // Input
  std::unique_ptr<Expr> expr; // Chain, Assign, Output (null for `output NAME`)
};

/// `key = value` inside `train { ... }`; a value may be a call such as
/// `adam(learning_rate=0.001)` or `idx("/path")`.
struct Setting {
  std::string key;
  mlir::Location loc;
  Literal value;                   // when the value is a literal
  std::optional<std::string> callee; // when the value is a call
  std::vector<Argument> callArgs;
  /// When the value is a list of calls (`callbacks = [early_stopping(...)]`):
  /// each as a setting whose key and callee are the call's name.
  std::vector<Setting> calls;
  bool isCallList = false;
};

struct TrainBlock {
  mlir::Location loc;
  std::vector<Setting> settings;
};

struct Model {
  std::string name;
  mlir::Location loc;
  std::vector<Statement> statements;
  std::optional<TrainBlock> train;
};

struct Module {
  std::string filename;
  std::vector<Model> models;
};

} // namespace ast
} // namespace nnc

#endif // NNC_FRONTEND_AST_H
