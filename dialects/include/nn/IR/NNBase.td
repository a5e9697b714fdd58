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
    `nn.output = "output"`. Training functions also use `nn.target`,
    `nn.grad`, `nn.state` and `nn.hyper` (arguments) and `nn.param`,
    `nn.grad`, `nn.state` (results). The one-token step of a sequence model
    takes and returns the LSTMs' state as `nn.state_in` (arguments) and
    `nn.state_out` (results). A model function names its train block
    (`nn.train = #nn.train<...>`) and the functions derived from it
    (`nn.loss_function = @M_loss`, ..., `nn.step_function = @M_step`).
  }];

  // MLIRGen builds ops generically from named attributes and calls the type
  // inference with an attribute dictionary, so attributes stay attributes.
  let usePropertiesForAttributes = 0;
  let useDefaultAttributePrinterParser = 1;
  let hasOperationAttrVerify = 1;
  let hasRegionArgAttrVerify = 1;
  let hasRegionResultAttrVerify = 1;

  let extraClassDeclaration = [{
    /// Discardable attributes a model function carries.
    static constexpr ::llvm::StringLiteral kInputAttrName = "nn.input";
    static constexpr ::llvm::StringLiteral kParamAttrName = "nn.param";
    static constexpr ::llvm::StringLiteral kInitAttrName = "nn.init";
    /// `nn.trainable = false` on a parameter that training does not
    /// differentiate but a layer updates (BatchNormalization's moving
    /// statistics: Keras's non-trainable weights).
    static constexpr ::llvm::StringLiteral kTrainableAttrName = "nn.trainable";
    static constexpr ::llvm::StringLiteral kOutputAttrName = "nn.output";
    /// Training functions (see the nn-autodiff pass): the target argument,
    /// gradients, optimizer state and hyperparameters (`learning_rate`,
    /// `iteration`) by name.
    static constexpr ::llvm::StringLiteral kTargetAttrName = "nn.target";
    static constexpr ::llvm::StringLiteral kGradAttrName = "nn.grad";
    static constexpr ::llvm::StringLiteral kStateAttrName = "nn.state";
    static constexpr ::llvm::StringLiteral kHyperAttrName = "nn.hyper";
    /// @M_step (see the nn-make-step pass): the recurrent state a step
    /// takes and returns, by "<layer>.h" / "<layer>.c".
    static constexpr ::llvm::StringLiteral kStateInAttrName = "nn.state_in";
    static constexpr ::llvm::StringLiteral kStateOutAttrName = "nn.state_out";
    /// On each op of a layer that wraps another (Keras's Bidirectional):
    /// {layer = "<the wrapper's name>", keras_class = "Bidirectional"}, so
    /// `summary` shows the ops as the one layer the user wrote.
    static constexpr ::llvm::StringLiteral kWrapperAttrName = "nn.wrapper";
    /// The train block on a model function: a #nn.train (NNTrainAttrs.td).
    static constexpr ::llvm::StringLiteral kTrainAttrName = "nn.train";
    /// The functions derived from a model function, as symbol references
    /// on it (see DerivedFunctions.h): nn-autodiff's loss, gradient, update
    /// and training step, nn-make-step's one-token step.
    static constexpr ::llvm::StringLiteral kLossFunctionAttrName = "nn.loss_function";
    static constexpr ::llvm::StringLiteral kGradientFunctionAttrName =
        "nn.gradient_function";
    static constexpr ::llvm::StringLiteral kUpdateFunctionAttrName = "nn.update_function";
    static constexpr ::llvm::StringLiteral kTrainStepFunctionAttrName =
        "nn.train_step_function";
    static constexpr ::llvm::StringLiteral kStepFunctionAttrName = "nn.step_function";

  private:
    void registerAttributes();
    void registerOps();

  public:
  }];
}

/// Results fit the largest tensors nnc generates code for (TensorLimits.h).
def NN_ResultsWithinTensorLimits : NativeOpTrait<"ResultsWithinTensorLimits"> {
  let cppNamespace = "::nnc::nn::OpTrait";
}

/// Every nn op is pure, names its layer and infers its result types. Ops
/// implement `inferReturnTypes(context, location, adaptor, types)`; it also
/// serves as the shape verifier, so its errors read in Keras terms; then the
/// results are checked against the tensor limits.
/// Results print under their layer's name (`%conv2d_1 = nn.conv2d ...`), so
/// `nnc --emit=mlir` reads like the model it came from. An op with several
/// results lists one suffix per result in `resultSuffixes`; they then print
/// as `%conv2d_1.kernel.p, %conv2d_1.kernel.m = nn.adam_update ...`.
class NN_Op<string mnemonic, list<Trait> traits = [],
            list<string> resultSuffixes = []>
    : Op<NN_Dialect, mnemonic,
         !listconcat(traits, [Pure, InferTypeOpAdaptor, NN_ResultsWithinTensorLimits,
                              DeclareOpInterfaceMethods<OpAsmOpInterface,
                                                        ["getAsmResultNames"]>])> {
  let extraClassDefinition = !if(!empty(resultSuffixes), [{
    void $cppClass::getAsmResultNames(
        ::llvm::function_ref<void(::mlir::Value, ::llvm::StringRef)> setNameFn) {
      setNameFn(getResult(), getName());
    }
  }], [{
    void $cppClass::getAsmResultNames(
        ::llvm::function_ref<void(::mlir::Value, ::llvm::StringRef)> setNameFn) {
      static constexpr ::llvm::StringLiteral suffixes[] = {"}] #
        !interleave(resultSuffixes, "\", \"") # [{"};
      for (auto [result, suffix] : ::llvm::zip_equal(getResults(), suffixes))
        setNameFn(result, (getName() + "." + suffix).str());
    }
  }]);
}

/// Tensors of the graph: ranked, f32. Ranks and static sizes are checked by
/// the type inference, which can say what a Keras layer expected.
def NN_Tensor : RankedTensorOf<[F32]>;

/// A scalar of training: a loss, the learning rate, the iteration count.
def NN_Scalar : 0DTensorOf<[F32]>;

/// A counter of the training run that keys random draws: its seed, its step.
def NN_Counter : 0DTensorOf<[I32]>;

defvar NN_Pair = DenseI64ArrayAttr; // [height, width]
defvar NN_Single = DenseI64ArrayAttr; // [length], for 1-D windows

/// Ops whose axis may be negative expose it normalized to [0, rank).
class NN_AxisOp<string mnemonic, list<Trait> traits = []>
    : NN_Op<mnemonic, traits> {
  code axisDeclaration = [{
    /// The axis attribute counted from the front (batch = 0).
    int64_t getNormalizedAxis();
  }];
}

#endif // NN_BASE_TD
