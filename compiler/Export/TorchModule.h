//===- TorchModule.h - A torch.nn.Module built from nn ops ------*- C++ -*-===//
//
// What a layer op's PyTorch form needs to write its part of the generated
// `model.py`: a submodule in `__init__` (nn.Conv2d, nn.LSTM, ...), lines of
// `forward` that compute its results from the Python variables of its
// operands, and, for each tensor of the submodule's state_dict, where its
// values come from in nnc's weights (a Keras-layout parameter, transposed,
// its gates reordered, or a constant such as LSTM's second bias).
//
// Tensors in `forward` keep nnc's (and Keras's) layout, batch first and
// channels last; a layer that PyTorch defines on channels-first tensors
// permutes around its call, as the ONNX export transposes.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_EXPORT_TORCHMODULE_H
#define NNC_EXPORT_TORCHMODULE_H

#include "Export/ExportSupport.h"
#include "Export/PythonSource.h"
#include "nn/IR/NNOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace nnc::torch_export {

/// How a state_dict tensor is made from nnc's weights (and, for `init
/// --from`, how it gives them back); mirrors nncrt::TorchParamRole.
enum class TorchParamRole {
  /// The (row of the) source parameter, its axes permuted and gates
  /// reordered.
  Copy,
  /// Zeros on export, added to the source on import: the second of two
  /// biases whose sum is the source (LSTM's bias_hh).
  Addend,
  /// `fill` everywhere, ignored on import (a scale nnc's layer has not).
  Fill,
  /// BatchNorm's num_batches_tracked: an int64 scalar 0, ignored on import.
  Counter,
};

/// One tensor of the module's state_dict.
struct TorchParam {
  std::string name;   ///< "conv2d_1.weight"
  std::string source; ///< nnc's parameter, "conv2d_1.kernel"
  std::vector<int64_t> shape;
  TorchParamRole role = TorchParamRole::Copy;
  /// Copy and Addend: the row of the source's first axis taken (-1: all of
  /// it), then `perm[i]`, the source axis of the tensor's axis i.
  int64_t row = -1;
  std::vector<int64_t> perm;
  /// Where gates of `shape[gateAxis] / gateOrder.size()` elements lie:
  /// the tensor's gate g is the source's gate gateOrder[g].
  int64_t gateAxis = -1;
  std::vector<int64_t> gateOrder;
  float fill = 0.0f;
};

/// A model as PyTorch: the source of model.py and its state_dict's tensors.
struct TorchModel {
  std::string source;
  std::vector<TorchParam> params;
};

class TorchModule {
public:
  explicit TorchModule(mlir::func::FuncOp model) : model(model) {}

  /// The Python variable holding a value already computed.
  std::string operator[](mlir::Value value) const;
  void bind(mlir::Value value, std::string variable);

  /// A line of `forward` that assigns `expression` to a fresh variable
  /// named after `hint`; returns the variable.
  std::string assign(llvm::StringRef hint, const std::string &expression);
  /// A line of `forward` as it is.
  void line(const std::string &code);
  /// `self.<name> = <constructor>` in `__init__`; returns "self.<name>"
  /// (the layer's name, unless it is one of nn.Module's own attributes).
  std::string submodule(llvm::StringRef name, const std::string &constructor);

  /// The state_dict tensor "<layer>.<tensor>" made from the parameter
  /// `source` (an argument of the model): its axes permuted (`perm`, none:
  /// as they are), and its gates reordered along `gateAxis`.
  mlir::LogicalResult copy(mlir::Operation *op, llvm::StringRef name, mlir::Value source,
                           llvm::ArrayRef<int64_t> perm = {}, int64_t row = -1,
                           int64_t gateAxis = -1, llvm::ArrayRef<int64_t> gateOrder = {},
                           TorchParamRole role = TorchParamRole::Copy);
  /// A tensor of `shape` filled with `value` (or num_batches_tracked).
  void constant(llvm::StringRef name, llvm::ArrayRef<int64_t> shape, float value,
                TorchParamRole role = TorchParamRole::Fill);

  /// `expression` through `activation`; `expression` itself for linear.
  static std::string activation(const std::string &expression, nn::Activation activation,
                                std::optional<float> alpha);

  /// The whole model.py.
  std::string source(llvm::StringRef sourceFile) const;
  const std::vector<TorchParam> &params() const { return stateDict; }

  /// The model's inputs and outputs, in order (the driver binds them).
  void addInput(mlir::Value argument, llvm::StringRef name);
  void addOutput(const std::string &expression, llvm::StringRef name) {
    outputs.push_back(expression);
    outputNames.push_back(name.str());
  }

  /// The attribute of a layer's submodule, and a state_dict key
  /// "<layer>.<tensor>" with that attribute.
  static std::string attributeName(llvm::StringRef layer);
  /// "outer.inner" (a layer inside another) attribute by attribute.
  static std::string attributePath(llvm::StringRef layer);
  static std::string stateKey(llvm::StringRef key);

  /// A Python variable not used yet, named after `hint`.
  std::string freshName(llvm::StringRef hint) { return names.fresh(hint); }

private:

  mutable mlir::func::FuncOp model; // FuncOp's accessors are not const
  llvm::DenseMap<mlir::Value, std::string> variables;
  python::Names names{"self", "torch", "nn", "F", "os", "load"};
  std::vector<std::string> inputs, outputs;
  std::vector<std::string> inputNames, outputNames; ///< as nnc names them
  std::vector<std::string> initLines, forwardLines;
  llvm::StringSet<> containers; ///< plain nn.Modules holding inner layers
  std::vector<TorchParam> stateDict;
};

using export_support::shapeOf;

} // namespace nnc::torch_export

#endif // NNC_EXPORT_TORCHMODULE_H
