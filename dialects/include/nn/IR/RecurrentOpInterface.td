//===- RecurrentOpInterface.td - Layers with a state over time -*- tablegen -*-===//
//
// Keras's recurrent layers (LSTM, GRU, SimpleRNN) carry a state from one time
// step to the next. What the passes and the driver need to know of that state
// (nn-make-step threads it through the one-token step function, nn-autodiff
// refuses gradients through it) is asked of the op through this interface, so
// none of them names a layer.
//
//===----------------------------------------------------------------------===//

#ifndef NN_RECURRENT_OP_INTERFACE_TD
#define NN_RECURRENT_OP_INTERFACE_TD

include "mlir/IR/OpBase.td"

def NN_RecurrentOpInterface : OpInterface<"RecurrentOpInterface"> {
  let cppNamespace = "::nnc::nn";
  let description = [{
    A layer over a sequence [N, T, features] whose first result is its output
    and whose other results are its final state (LSTM: h and c; GRU and
    SimpleRNN: h), each [N, units]. It takes an optional `initial_state`
    operand of the same tensors, in the same order.
  }];
  let methods = [
    InterfaceMethod<
      /*desc=*/"The initial state operands: none, or one per state tensor",
      /*retTy=*/"::mlir::OperandRange",
      /*methodName=*/"getInitialState",
      /*args=*/(ins)>,
    InterfaceMethod<
      /*desc=*/[{The names of the state tensors, in result order ("h", "c"):
                 the step function names its state "<layer>.<name>".}],
      /*retTy=*/"::llvm::ArrayRef<::llvm::StringLiteral>",
      /*methodName=*/"getStateNames",
      /*args=*/(ins)>,
    InterfaceMethod<
      /*desc=*/"The final state: the results after the output",
      /*retTy=*/"::mlir::ResultRange",
      /*methodName=*/"getFinalState",
      /*args=*/(ins),
      /*methodBody=*/"",
      /*defaultImplementation=*/[{ return $_op->getResults().drop_front(); }]>,
  ];
}

#endif // NN_RECURRENT_OP_INTERFACE_TD
