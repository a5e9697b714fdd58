//===- MLIRGen.h - Resolved AST to the nn dialect -------------------------===//
//
// Each model becomes one `func.func` computing its forward pass. Inputs come
// first among the function arguments (attribute `nn.input`), then parameters
// in the order layers create them (`nn.param = "conv2d_1.kernel"`, with
// `nn.init`); results carry `nn.output`. Shapes are inferred by the nn ops
// themselves; an impossible shape is reported at the layer call's location.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_MLIRGEN_MLIRGEN_H
#define NNC_MLIRGEN_MLIRGEN_H

#include "Frontend/AST.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace nnc {

/// Returns null (after reporting every error) when a shape cannot flow.
mlir::OwningOpRef<mlir::ModuleOp> generateMLIR(mlir::MLIRContext &context,
                                               const ast::Module &module);

} // namespace nnc

#endif // NNC_MLIRGEN_MLIRGEN_H
