//===- AdjointOpInterface.td - Ops that state their adjoint -*- tablegen -*-===//
//
// Reverse-mode differentiation needs, for each op, the gradient of the loss
// with respect to every operand given the gradient with respect to the
// result. Each differentiable nn op builds that in nn ops (the gradient ops
// of NNGradientOps.td), so the backward graph stays in the dialect, visible
// and testable, and fuses with the forward one in code generation.
//
//===----------------------------------------------------------------------===//

#ifndef NN_ADJOINT_OP_INTERFACE_TD
#define NN_ADJOINT_OP_INTERFACE_TD

include "mlir/IR/OpBase.td"

def NN_AdjointOpInterface : OpInterface<"AdjointOpInterface"> {
  let cppNamespace = "::nnc::nn";
  let description = [{
    An op that can build its adjoint: given `resultGradient` (the gradient
    of the loss with respect to the op's result, of the result's type), it
    creates, at the builder's insertion point, the ops that compute the
    gradient with respect to each operand. An op with several results (an
    LSTM: output, final h, final c) differentiates through its first; the
    nn-autodiff pass refuses gradients that reach the others.
  }];
  let methods = [
    InterfaceMethod<
      /*desc=*/[{
        Builds the gradients with respect to the operands and returns one
        value per operand, in operand order: the gradient (of the operand's
        type), or a null Value where the operand has none. The op's result
        may be used (activations differentiate from their output). Gradients
        the caller does not need are left unused, to be erased as dead code.
      }],
      /*retTy=*/"::llvm::SmallVector<::mlir::Value>",
      /*methodName=*/"buildAdjoint",
      /*args=*/(ins "::mlir::OpBuilder &":$builder, "::mlir::Value":$resultGradient)>,
  ];
}

#endif // NN_ADJOINT_OP_INTERFACE_TD
