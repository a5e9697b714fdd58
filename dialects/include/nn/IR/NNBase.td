//===- NNBase.td - The nn dialect and its op base class ----*- tablegen -*-===//
//
// The nn dialect holds a model's graph in Keras terms: one op per layer, NHWC
// tensors of f32 whose dimension 0 (the batch) is dynamic, parameters passed
// in as function arguments. Every op infers its result type, so the graph
// shows every shape.
//
//===----------------------------------------------------------------------===//

#ifndef NN_BASE_TD
#define NN_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def NN_Dialect : Dialect {
  let name = "nn";
  let cppNamespace = "::nnc::nn";
  let summary = "Neural network layers with Keras semantics";
  let description = [{
    One op per Keras layer (dense, conv2d, pooling, reshaping, activations).
    Tensors are f32 and NHWC; dimension 0 is the batch. Functions that hold a
    model mark their arguments with `nn.input = "image"` or
    `nn.param = "conv2d_1.kernel"` and their results with
    `nn.output = "output"`.
  }];

  // MLIRGen builds ops generically from named attributes and calls the type
  // inference with an attribute dictionary, so attributes stay attributes.
  let usePropertiesForAttributes = 0;
  let useDefaultAttributePrinterParser = 1;
  let hasRegionArgAttrVerify = 1;
  let hasRegionResultAttrVerify = 1;

  let extraClassDeclaration = [{
    /// Discardable attributes a model function carries.
    static constexpr ::llvm::StringLiteral kInputAttrName = "nn.input";
    static constexpr ::llvm::StringLiteral kParamAttrName = "nn.param";
    static constexpr ::llvm::StringLiteral kInitAttrName = "nn.init";
    static constexpr ::llvm::StringLiteral kOutputAttrName = "nn.output";

  private:
    void registerAttributes();
    void registerOps();

  public:
  }];
}

/// Every nn op is pure, names its layer and infers its single result type.
/// Ops implement `inferReturnTypes(context, location, adaptor, types)`; it
/// also serves as the shape verifier, so its errors read in Keras terms.
/// Results print under their layer's name (`%conv2d_1 = nn.conv2d ...`), so
/// `nnc --emit=mlir` reads like the model it came from.
class NN_Op<string mnemonic, list<Trait> traits = []>
    : Op<NN_Dialect, mnemonic,
         !listconcat(traits, [Pure, InferTypeOpAdaptor,
                              DeclareOpInterfaceMethods<OpAsmOpInterface,
                                                        ["getAsmResultNames"]>])> {
  let extraClassDefinition = [{
    void $cppClass::getAsmResultNames(
        ::llvm::function_ref<void(::mlir::Value, ::llvm::StringRef)> setNameFn) {
      setNameFn(getResult(), getName());
    }
  }];
}

/// Tensors of the graph: ranked, f32. Ranks and static sizes are checked by
/// the type inference, which can say what a Keras layer expected.
def NN_Tensor : RankedTensorOf<[F32]>;

#endif // NN_BASE_TD
