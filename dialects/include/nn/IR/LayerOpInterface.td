//===- LayerOpInterface.td - Ops that are a Keras layer ----*- tablegen -*-===//
//
// The ops of a model's forward graph are Keras layers, one op each. What
// `summary` shows of a layer comes from its op, declared where the op is:
//
//   def NN_Conv2DOp : NN_Op<"conv2d", [NN_Differentiable, NN_KerasLayer<"Conv2D">]>
//
//===----------------------------------------------------------------------===//

#ifndef NN_LAYER_OP_INTERFACE_TD
#define NN_LAYER_OP_INTERFACE_TD

include "mlir/IR/OpBase.td"

def NN_LayerOpInterface : OpInterface<"LayerOpInterface"> {
  let cppNamespace = "::nnc::nn";
  let description = [{
    An op that is one layer of a model, as Keras's `model.summary()` names
    it. Attach it with `NN_KerasLayer<"ClassName">`, or list the interface and
    define `getKerasClass()` where the class depends on the op's attributes
    (nn.activation: Activation, LeakyReLU, ELU).
  }];
  let methods = [
    InterfaceMethod<
      /*desc=*/"The Keras class a user would have written (`Conv2D`, `Activation`)",
      /*retTy=*/"::llvm::StringRef",
      /*methodName=*/"getKerasClass",
      /*args=*/(ins),
      /*methodBody=*/[{}],
      /*defaultImplementation=*/[{ return ConcreteOp::getKerasClassName(); }]>,
    InterfaceMethod<
      /*desc=*/[{How each pixel of the op's image result reads its image operands
                 (the receptive field `summary` shows follows it); none by default}],
      /*retTy=*/"::nnc::nn::SpatialFootprint",
      /*methodName=*/"getSpatialFootprint",
      /*args=*/(ins),
      /*methodBody=*/[{}],
      /*defaultImplementation=*/[{ return ::nnc::nn::SpatialFootprint(); }]>,
  ];
}

/// Gives the op its Keras class (the static method the interface calls).
class NN_KerasClassTrait<string kerasClass>
    : NativeOpTrait<"KerasClassTrait", [],
                    "static ::llvm::StringRef getKerasClassName() { return \"" #
                        kerasClass # "\"; }"> {
  let cppNamespace = "::nnc::nn";
}

/// The op is a layer that `summary` shows as Keras's `kerasClass`; with
/// `footprint`, the op defines getSpatialFootprint() (where it has one).
class NN_KerasLayer<string kerasClass, bit footprint = 0>
    : TraitList<[NN_KerasClassTrait<kerasClass>,
                 !if(footprint,
                     DeclareOpInterfaceMethods<NN_LayerOpInterface, ["getSpatialFootprint"]>,
                     NN_LayerOpInterface)]>;

/// A layer whose Keras class depends on its attributes: the op defines
/// getKerasClass() and getSpatialFootprint().
def NN_LayerWithFootprint
    : DeclareOpInterfaceMethods<NN_LayerOpInterface, ["getKerasClass", "getSpatialFootprint"]>;

#endif // NN_LAYER_OP_INTERFACE_TD
