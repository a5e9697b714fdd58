//===- DerivedFunctions.h - The functions derived from a model --*- C++ -*-===//
//
// nn-autodiff and nn-make-step add functions next to a model function @M;
// the model names each with a symbol reference (`nn.loss_function = @M_loss`),
// so later stages find them by symbol, whatever they are called. The dialect
// verifies that each names a function of the module.
//
//===----------------------------------------------------------------------===//

#ifndef NN_IR_DERIVEDFUNCTIONS_H
#define NN_IR_DERIVEDFUNCTIONS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace nnc::nn {

/// What a derived function computes (the nn-autodiff and nn-make-step passes
/// describe their signatures).
enum class DerivedFunction {
  Loss,      ///< inputs, target, params -> loss
  Gradient,  ///< inputs, target, params -> loss, one gradient per param
  Update,    ///< params, gradients, state, lr, iteration -> params, state
  TrainStep, ///< the gradient, then the update (for reading)
  Step,      ///< one token through a sequence model, its state in and out
};

/// Every kind, in the order the passes add them.
llvm::ArrayRef<DerivedFunction> getDerivedFunctionKinds();

/// The attribute of the model that names it: "nn.loss_function", ...
llvm::StringRef getDerivedFunctionAttrName(DerivedFunction kind);

/// The model's derived function of `kind`; null when it has none.
mlir::func::FuncOp lookupDerivedFunction(mlir::func::FuncOp model, DerivedFunction kind);

/// Records `derived` (a function of the model's module) as the model's
/// function of `kind`.
void setDerivedFunction(mlir::func::FuncOp model, DerivedFunction kind,
                        mlir::func::FuncOp derived);

} // namespace nnc::nn

#endif // NN_IR_DERIVEDFUNCTIONS_H
