//===- OptimizerAttrInterface.td - Optimizers of a train block -*- tablegen -*-===//

#ifndef NN_OPTIMIZER_ATTR_INTERFACE_TD
#define NN_OPTIMIZER_ATTR_INTERFACE_TD

include "mlir/IR/OpBase.td"

def NN_OptimizerAttrInterface : AttrInterface<"OptimizerAttrInterface"> {
  let cppNamespace = "::nnc::nn";
  let description = [{
    An optimizer of the train block with its hyperparameters. nn-autodiff
    builds its update op from them; the runtime gets its name and learning
    rate (which `train --lr` may change).
  }];
  let methods = [
    InterfaceMethod<"Keras's name of the optimizer, as the train block writes it",
                    "::llvm::StringRef", "getName", (ins),
                    [{ return $_attr.getMnemonic(); }]>,
    InterfaceMethod<"The learning rate of the first step (a double)", "::llvm::APFloat",
                    "getLearningRate">,
  ];
}

#endif // NN_OPTIMIZER_ATTR_INTERFACE_TD
