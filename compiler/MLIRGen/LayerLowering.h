//===- LayerLowering.h - One nn op (plus parameters) per layer call -------===//

#ifndef NNC_MLIRGEN_LAYERLOWERING_H
#define NNC_MLIRGEN_LAYERLOWERING_H

#include "Frontend/AST.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Value.h"

#include <functional>

namespace nnc {

/// What a layer lowering asks of the model being generated.
class LayerContext {
public:
  virtual ~LayerContext() = default;
  /// A new parameter `<layer>.<role>` (a function argument): trainable, or
  /// with `trainable` false a non-trainable one that a layer updates while
  /// training (BatchNormalization's moving statistics). Null after reporting
  /// one too large for the generated code.
  virtual mlir::Value createParameter(const ast::Call &call, llvm::StringRef role,
                                      llvm::ArrayRef<int64_t> shape,
                                      llvm::StringRef initializer, bool trainable = true) = 0;
  /// Creates `opName` with inferred result type; null after reporting the
  /// shape error at `loc`, or when an operand is null (a parameter that
  /// could not be created, already reported).
  virtual mlir::Value createOp(mlir::Location loc, llvm::StringRef opName,
                               mlir::ValueRange operands,
                               llvm::ArrayRef<mlir::NamedAttribute> attrs) = 0;
  virtual mlir::OpBuilder &getBuilder() = 0;
  /// The value the model named `name` earlier (max_unpool2d's pool).
  virtual mlir::Value lookupValue(llvm::StringRef name) = 0;
};

/// Emits the nn op(s) of one resolved layer call whose tensor inputs are
/// already generated (all non-null). Returns null on a reported error.
mlir::Value lowerLayerCall(LayerContext &context, const ast::Call &call,
                           llvm::ArrayRef<mlir::Value> inputs);

} // namespace nnc

#endif // NNC_MLIRGEN_LAYERLOWERING_H
