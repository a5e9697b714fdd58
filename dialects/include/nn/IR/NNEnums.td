//===- NNEnums.td - Activation and padding attributes ------*- tablegen -*-===//

#ifndef NN_ENUMS_TD
#define NN_ENUMS_TD

include "nn/IR/NNBase.td"
include "mlir/IR/EnumAttr.td"

// The activations, named as Keras names them (its `activation=` strings).
// The language's activation layers and `activation=` choices come from this
// list; an activation's traits (ActivationOps.cpp) and its Halide forward
// and derivative (compiler/Codegen/ActivationLowering.cpp) are its only other
// places. `alpha` is the op's optional parameter where one says so.
def NN_ActivationEnum : I32EnumAttr<"Activation", "activation applied to a layer's output", [
    I32EnumAttrCase<"linear", 0>,       // x
    I32EnumAttrCase<"relu", 1>,         // max(x, 0)
    I32EnumAttrCase<"sigmoid", 2>,      // 1 / (1 + exp(-x))
    I32EnumAttrCase<"tanh", 3>,         // tanh(x)
    I32EnumAttrCase<"softmax", 4>,      // exp(x) / sum(exp(x)), over an axis
    I32EnumAttrCase<"leaky_relu", 5>,   // x > 0 ? x : alpha x (negative_slope)
    I32EnumAttrCase<"elu", 6>,          // x > 0 ? x : alpha (exp(x) - 1)
    I32EnumAttrCase<"selu", 7>,         // scale * elu(x) with Keras's constants
    I32EnumAttrCase<"gelu", 8>,         // x Phi(x), Phi the normal CDF (exact)
    I32EnumAttrCase<"gelu_tanh", 9>,    // gelu's tanh approximation (approximate=true)
    I32EnumAttrCase<"silu", 10>,        // x sigmoid(x), also called swish
    I32EnumAttrCase<"softplus", 11>,    // log(1 + exp(x))
    I32EnumAttrCase<"hard_sigmoid", 12>, // clip(x / 6 + 1/2, 0, 1) (Keras 3)
  ]> {
  let cppNamespace = "::nnc::nn";
  let genSpecializedAttr = 0;
}

/// Printed as `#nn<activation relu>`.
def NN_ActivationAttr : EnumAttr<NN_Dialect, NN_ActivationEnum, "activation">;

// Keras's merge layers (Add, Subtract, Multiply, Average, Maximum, Minimum):
// elementwise over two or more inputs of one shape (subtract: exactly two).
def NN_MergeEnum : I32EnumAttr<"Merge", "how a merge layer combines its inputs", [
    I32EnumAttrCase<"add", 0>,
    I32EnumAttrCase<"subtract", 1>,
    I32EnumAttrCase<"multiply", 2>,
    I32EnumAttrCase<"average", 3>,
    I32EnumAttrCase<"maximum", 4>,
    I32EnumAttrCase<"minimum", 5>,
  ]> {
  let cppNamespace = "::nnc::nn";
  let genSpecializedAttr = 0;
}

/// Printed as `#nn<merge add>`.
def NN_MergeAttr : EnumAttr<NN_Dialect, NN_MergeEnum, "merge">;

// Keras's global poolings: the average or maximum over all spatial axes.
def NN_GlobalPoolEnum : I32EnumAttr<"GlobalPool", "how a global pooling reduces", [
    I32EnumAttrCase<"average", 0>,
    I32EnumAttrCase<"max", 1>,
  ]> {
  let cppNamespace = "::nnc::nn";
  let genSpecializedAttr = 0;
}

/// Printed as `#nn<global_pool max>`.
def NN_GlobalPoolAttr : EnumAttr<NN_Dialect, NN_GlobalPoolEnum, "global_pool">;

// The operand of nn.batch_norm that an nn.batch_norm_grad differentiates for.
def NN_BatchNormOperandEnum : I32EnumAttr<"BatchNormOperand",
                                          "an operand of nn.batch_norm", [
    I32EnumAttrCase<"x", 0>,
    I32EnumAttrCase<"mean", 1>,
    I32EnumAttrCase<"variance", 2>,
    I32EnumAttrCase<"gamma", 3>,
  ]> {
  let cppNamespace = "::nnc::nn";
  let genSpecializedAttr = 0;
}

/// Printed as `#nn<batch_norm_operand gamma>`.
def NN_BatchNormOperandAttr
    : EnumAttr<NN_Dialect, NN_BatchNormOperandEnum, "batch_norm_operand">;

def NN_PaddingEnum : I32EnumAttr<"Padding", "Keras padding of a sliding window", [
    I32EnumAttrCase<"valid", 0>,
    I32EnumAttrCase<"same", 1>,
    // Keras Conv1D only: all the padding before the sequence, so no output
    // step sees a later input step.
    I32EnumAttrCase<"causal", 2>,
  ]> {
  let cppNamespace = "::nnc::nn";
  let genSpecializedAttr = 0;
}

/// Printed as `#nn<padding same>`.
def NN_PaddingAttr : EnumAttr<NN_Dialect, NN_PaddingEnum, "padding">;

#endif // NN_ENUMS_TD
