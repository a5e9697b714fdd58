//===- Passes.h - Passes on the nn dialect ----------------------*- C++ -*-===//

#ifndef NN_TRANSFORMS_PASSES_H
#define NN_TRANSFORMS_PASSES_H

#include "nn/IR/NNDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

#include <memory>

namespace nnc::nn {

#define GEN_PASS_DECL
#include "nn/Transforms/Passes.h.inc"

/// nn-autodiff: the training functions of every model with a train block.
std::unique_ptr<mlir::Pass> createAutodiffPass();

/// nn-make-step: @M_step, the one-token step of every model with an LSTM.
std::unique_ptr<mlir::Pass> createMakeStepPass();

#define GEN_PASS_REGISTRATION
#include "nn/Transforms/Passes.h.inc"

} // namespace nnc::nn

#endif // NN_TRANSFORMS_PASSES_H
