//===- KerasModel.h - A Keras 3 model built from nn ops ---------*- C++ -*-===//
//
// What a layer op's Keras form needs to write its line of the generated
// `build()`: the Python variables of its operands, fresh variables for its
// results, which of the model's parameters are its weights (in Keras's
// order, for set_weights), and the spelling of Keras's arguments.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_EXPORT_KERASMODEL_H
#define NNC_EXPORT_KERASMODEL_H

#include "Export/ExportSupport.h"
#include "Export/PythonSource.h"
#include "nn/IR/NNOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace nnc::keras_export {

class KerasModel {
public:
  explicit KerasModel(mlir::func::FuncOp model) : model(model) {}

  /// The Python variable holding a value already computed.
  std::string operator[](mlir::Value value) const;
  void bind(mlir::Value value, std::string variable);
  /// A line of `build` assigning `expression` to a fresh variable named
  /// after `hint`; returns the variable.
  std::string assign(llvm::StringRef hint, const std::string &expression);
  /// A line of `build` as it is.
  void line(const std::string &code) { lines.push_back(code); }
  /// A Python variable not used yet, named after `hint`.
  std::string freshName(llvm::StringRef hint) { return names.fresh(hint); }

  /// The layer `name`'s weights, in the order of Keras's get_weights: the
  /// model's parameters `params` (null ones skipped).
  mlir::LogicalResult weights(mlir::Operation *op, llvm::StringRef name,
                              llvm::ArrayRef<mlir::Value> params);

  /// The `activation=` argument of a Keras layer for `activation`.
  static std::string activation(nn::Activation activation, std::optional<float> alpha);

  void addInput(mlir::Value argument, llvm::StringRef name);
  void addOutput(mlir::Value value, llvm::StringRef name) {
    outputs.push_back((*this)[value]);
    outputNames.push_back(name.str());
  }
  std::string source(llvm::StringRef sourceFile) const;

private:
  mutable mlir::func::FuncOp model; // FuncOp's accessors are not const
  llvm::DenseMap<mlir::Value, std::string> variables;
  python::Names names{"keras", "layers", "ops", "os", "build", "load", "WEIGHTS",
                      "INPUT_NAMES", "OUTPUT_NAMES"};
  std::vector<std::string> inputs, outputs, lines;
  std::vector<std::string> inputNames, outputNames; ///< as nnc names them
  std::vector<std::pair<std::string, std::vector<std::string>>> layerWeights;
};

} // namespace nnc::keras_export

#endif // NNC_EXPORT_KERASMODEL_H
