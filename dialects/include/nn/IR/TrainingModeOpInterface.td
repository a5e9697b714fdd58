//===- TrainingModeOpInterface.td - Ops that train differently -*- tablegen -*-===//
//
// Keras layers that take a `training` argument compute one way while the
// model trains and another when it is used: Dropout drops units only while
// training, BatchNormalization normalizes by the batch's statistics. A model function holds such ops in inference mode (what
// `predict`, `eval` and the validation loss compute); nn-autodiff switches
// their copies in the gradient function to training mode.
//
//===----------------------------------------------------------------------===//

#ifndef NN_TRAINING_MODE_OP_INTERFACE_TD
#define NN_TRAINING_MODE_OP_INTERFACE_TD

include "mlir/IR/OpBase.td"

def NN_TrainingModeOpInterface : OpInterface<"TrainingModeOpInterface"> {
  let cppNamespace = "::nnc::nn";
  let description = [{
    An op with a training mode (a `training` unit attribute). It may update
    non-trainable parameters (state) while training: those updates are
    results of the gradient function, as optimizer slots are of the update. In training
    mode an op that `needsRandomness()` takes the training step's random
    counters as operands: the run's seed and the step, two `tensor<i32>`, so
    that its random draws are a function of (seed, step, layer, element):
    reproducible, independent of the thread count, and the same after
    `--resume`.
  }];
  let methods = [
    InterfaceMethod<
      /*desc=*/"Whether training mode takes the step's random counters (seed, step)",
      /*retTy=*/"bool",
      /*methodName=*/"needsRandomness",
      /*args=*/(ins)>,
    InterfaceMethod<
      /*desc=*/[{Switches the op to training mode, building what that needs
                 before it with `builder`; `random` is (seed, step) when
                 needsRandomness(), else empty. Returns the new values of the
                 non-trainable parameters the op updates while training
                 (BatchNorm's moving statistics).}],
      /*retTy=*/"::llvm::SmallVector<::nnc::nn::StateUpdate>",
      /*methodName=*/"setTrainingMode",
      /*args=*/(ins "::mlir::OpBuilder &":$builder, "::mlir::ValueRange":$random)>,
  ];
}

#endif // NN_TRAINING_MODE_OP_INTERFACE_TD
