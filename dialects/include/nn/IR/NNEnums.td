//===- NNEnums.td - Activation and padding attributes ------*- tablegen -*-===//

#ifndef NN_ENUMS_TD
#define NN_ENUMS_TD

include "nn/IR/NNBase.td"
include "mlir/IR/EnumAttr.td"

def NN_ActivationEnum : I32EnumAttr<"Activation", "activation applied to a layer's output", [
    I32EnumAttrCase<"linear", 0>,
    I32EnumAttrCase<"relu", 1>,
    I32EnumAttrCase<"sigmoid", 2>,
    I32EnumAttrCase<"tanh", 3>,
    I32EnumAttrCase<"softmax", 4>,
  ]> {
  let cppNamespace = "::nnc::nn";
  let genSpecializedAttr = 0;
}

/// Printed as `#nn<activation relu>`.
def NN_ActivationAttr : EnumAttr<NN_Dialect, NN_ActivationEnum, "activation">;

def NN_PaddingEnum : I32EnumAttr<"Padding", "Keras padding of a sliding window", [
    I32EnumAttrCase<"valid", 0>,
    I32EnumAttrCase<"same", 1>,
  ]> {
  let cppNamespace = "::nnc::nn";
  let genSpecializedAttr = 0;
}

/// Printed as `#nn<padding same>`.
def NN_PaddingAttr : EnumAttr<NN_Dialect, NN_PaddingEnum, "padding">;

#endif // NN_ENUMS_TD
