//===- RegistryEmitter.cpp - The C++ file describing the compiled models --===//

#include "Driver/RegistryEmitter.h"

#include "Codegen/PipelineKinds.h"
#include "Codegen/SequencePacking.h"
#include "Driver/BatchBuffers.h"
#include "Driver/ModelSummary.h"
#include "Export/KerasExport.h"
#include "Export/OnnxExport.h"
#include "Export/TorchExport.h"
#include "nn/IR/NNDialect.h"
#include "nn/IR/TrainingModeOpInterface.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <numeric>

using namespace nnc;

namespace {

/// A C++ string literal with everything outside printable ASCII escaped.
std::string quote(llvm::StringRef text) {
  std::string result = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\')
      result += {'\\', static_cast<char>(c)};
    else if (c >= 0x20 && c < 0x7f)
      result += static_cast<char>(c);
    else
      result += llvm::formatv("\\{0}{1}{2}", c >> 6, (c >> 3) & 7, c & 7).str(); // octal
  }
  return result + "\"";
}

/// The nncrt::Initializer of an `nn.init` name; empty if there is none.
llvm::StringRef initializerEnum(llvm::StringRef init) {
  return llvm::StringSwitch<llvm::StringRef>(init)
      .Case("zeros", "Zeros")
      .Case("glorot_uniform", "GlorotUniform")
      .Case("random_uniform", "RandomUniform")
      .Case("orthogonal", "Orthogonal")
      .Case("unit_forget_bias", "UnitForgetBias")
      .Case("ones", "Ones")
      .Default("");
}

/// Keras's fan computation for glorot_uniform: dense and LSTM kernels are
/// (in, out), convolution kernels (kh, kw, a, b) with the receptive field
/// multiplied in.
std::pair<int64_t, int64_t> kerasFans(llvm::ArrayRef<int64_t> shape) {
  if (shape.size() < 2)
    return {shape.empty() ? 1 : shape[0], shape.empty() ? 1 : shape[0]};
  int64_t receptiveField = 1;
  for (int64_t dim : shape.drop_back(2))
    receptiveField *= dim;
  return {shape[shape.size() - 2] * receptiveField, shape.back() * receptiveField};
}

class Emitter {
public:
  explicit Emitter(llvm::raw_ostream &os) : os(os) {}

  /// Emits a static array and returns its name, or "nullptr" when empty
  /// (C++ has no zero-length arrays).
  template <typename Range, typename EmitElement>
  std::string array(llvm::StringRef type, const std::string &name,
                    const Range &elements, EmitElement emitElement) {
    if (elements.empty())
      return "nullptr";
    os << "const " << type << " " << name << "[] = {\n";
    for (const auto &element : elements) {
      os << "    ";
      emitElement(element);
      os << ",\n";
    }
    os << "};\n";
    return name;
  }

  std::string shape(const std::string &name, llvm::ArrayRef<int64_t> dims) {
    os << "const int64_t " << name << "[] = {";
    llvm::interleaveComma(dims, os);
    os << "};\n";
    return name;
  }

  llvm::raw_ostream &os;
};

struct TensorInfo {
  std::string name;
  std::vector<int64_t> shape; // without the batch
  std::string shapeArray;
};

std::vector<int64_t> withoutBatch(mlir::Type type, bool hasBatch) {
  auto dims = llvm::cast<mlir::RankedTensorType>(type).getShape();
  return std::vector<int64_t>(dims.begin() + (hasBatch ? 1 : 0), dims.end());
}

/// The runtime's validation fraction: negative for the data set's test
/// split, which is also what it uses when the train block names none.
double getValidationFraction(nn::Validation validation) {
  return validation.kind == nn::Validation::Kind::Fraction ? validation.fraction : -1.0;
}

/// A C++ float literal that reads back as the same float.
std::string floatLiteral(double value) {
  return llvm::formatv("{0:e9}f", static_cast<float>(value)).str();
}

} // namespace

/// Emits the TrainDesc of `model` (which carries `nn.train`) and returns the
/// name of its variable, or "nullptr" when the training functions are absent.
static std::string emitTrainDesc(mlir::func::FuncOp model, const std::string &prefix,
                                 Emitter &emit) {
  auto train = model->getAttrOfType<nn::TrainAttr>(nn::NNDialect::kTrainAttrName);
  mlir::func::FuncOp loss = getTrainingFunction(model, PipelineKind::Loss);
  mlir::func::FuncOp gradient = getTrainingFunction(model, PipelineKind::Gradient);
  mlir::func::FuncOp update = getTrainingFunction(model, PipelineKind::Update);
  if (!train || !loss || !gradient || !update)
    return "nullptr";
  llvm::raw_ostream &os = emit.os;

  for (mlir::func::FuncOp function : {loss, gradient, update})
    os << "extern \"C\" int " << function.getName() << "_argv(void **);\n";
  os << "namespace {\n";

  // The target: the argument of @M_loss that carries nn.target.
  std::string targetName = "target";
  std::vector<int64_t> targetShape;
  for (mlir::BlockArgument arg : loss.getArguments())
    if (auto name = loss.getArgAttrOfType<mlir::StringAttr>(arg.getArgNumber(), "nn.target")) {
      targetName = name.str();
      targetShape = withoutBatch(arg.getType(), true);
    }
  std::string targetShapeArray = emit.shape(prefix + "_target_shape", targetShape);

  // Optimizer state: the nn.state arguments of @M_update, in order.
  std::vector<TensorInfo> state;
  int numParams = 0;
  for (mlir::BlockArgument arg : update.getArguments()) {
    unsigned i = arg.getArgNumber();
    if (auto name = update.getArgAttrOfType<mlir::StringAttr>(i, "nn.state"))
      state.push_back({name.str(), withoutBatch(arg.getType(), false), ""});
    else if (update.getArgAttrOfType<mlir::StringAttr>(i, "nn.param"))
      ++numParams;
  }
  for (auto [i, tensor] : llvm::enumerate(state))
    tensor.shapeArray = emit.shape(prefix + "_state" + std::to_string(i) + "_shape",
                                   tensor.shape);
  std::string stateArray =
      emit.array("nncrt::TensorSpec", prefix + "_state", state, [&](const TensorInfo &t) {
        os << "{" << quote(t.name) << ", " << t.shape.size() << ", " << t.shapeArray << "}";
      });
  int statePerParam = numParams ? static_cast<int>(state.size()) / numParams : 0;

  // With target = input, the model's single input is the target.
  std::string targetInput = "nullptr";
  if (train.getTarget() == nn::Target::input)
    for (mlir::BlockArgument arg : model.getArguments())
      if (auto name = model.getArgAttrOfType<mlir::StringAttr>(arg.getArgNumber(), "nn.input"))
        targetInput = quote(name.getValue());

  auto names = [&](llvm::StringRef key, auto values) {
    std::string array = emit.array("char *const", prefix + "_" + key.str(), values,
                                   [&](auto value) { os << quote(stringifyEnum(value)); });
    return array + ", " + std::to_string(values.size());
  };
  std::string metrics = names("metrics", train.getMetrics());
  std::string augment = names("augment", train.getAugment());

  // Scales as text that reads back as the same f32.
  auto number = [](const llvm::APFloat &value) {
    return llvm::formatv("{0}", llvm::format("%.9g", value.convertToDouble())).str();
  };
  // No data source in the block: an IDX folder given to the program.
  std::string dataKind = "idx", dataPath;
  std::vector<std::pair<std::string, std::string>> dataArgs;
  int64_t textNumWords = 0, textMaxTokens = 0;
  // npy files and npz arrays: samples, labels, test arrays and the scale.
  auto emitArrays = [&](auto arrays) {
    dataKind = arrays.getMnemonic().str();
    dataPath = arrays.getPath().str();
    dataArgs.emplace_back("x", arrays.getX().str());
    dataArgs.emplace_back("y", arrays.getY().str());
    dataArgs.emplace_back("x_test", arrays.getXTest().str());
    dataArgs.emplace_back("y_test", arrays.getYTest().str());
    dataArgs.emplace_back("scale_multiplier", number(arrays.getScaleMultiplier()));
    dataArgs.emplace_back("scale_divisor", number(arrays.getScaleDivisor()));
  };
  if (auto idx = llvm::dyn_cast_if_present<nn::IdxDataAttr>(train.getData())) {
    dataPath = idx.getPath().str();
  } else if (auto npy = llvm::dyn_cast_if_present<nn::NpyDataAttr>(train.getData())) {
    emitArrays(npy);
  } else if (auto npz = llvm::dyn_cast_if_present<nn::NpzDataAttr>(train.getData())) {
    emitArrays(npz); // the same arguments, naming an archive's arrays
  } else if (auto csv = llvm::dyn_cast_if_present<nn::CsvDataAttr>(train.getData())) {
    // Several columns: the name repeats.
    dataKind = csv.getMnemonic().str();
    dataPath = csv.getPath().str();
    for (auto [key, names] : {std::pair{"label", csv.getLabel()}, std::pair{"drop", csv.getDrop()}})
      for (mlir::Attribute name : names)
        dataArgs.emplace_back(key, llvm::cast<mlir::StringAttr>(name).getValue().str());
    dataArgs.emplace_back("scale_multiplier", number(csv.getScaleMultiplier()));
    dataArgs.emplace_back("scale_divisor", number(csv.getScaleDivisor()));
    dataArgs.emplace_back("test", csv.getTest().str());
  } else if (auto images = llvm::dyn_cast_if_present<nn::ImagesDataAttr>(train.getData())) {
    dataKind = images.getMnemonic().str();
    dataPath = images.getPath().str();
    dataArgs.emplace_back("height", std::to_string(images.getHeight()));
    dataArgs.emplace_back("width", std::to_string(images.getWidth()));
    dataArgs.emplace_back("color", images.getColor().str());
    dataArgs.emplace_back("scale_multiplier", number(images.getScaleMultiplier()));
    dataArgs.emplace_back("scale_divisor", number(images.getScaleDivisor()));
    dataArgs.emplace_back("test", images.getTest().str());
    dataArgs.emplace_back("seed", std::to_string(images.getSeed()));
  } else if (nn::TextDataAttr text = train.getTextData()) {
    dataKind = text.getMnemonic().str();
    dataPath = text.getPath().str();
    textNumWords = text.getNumWords();
    textMaxTokens = text.getMaxTokens();
  }
  std::string dataArgsArray =
      emit.array("nncrt::DataArg", prefix + "_data_args", dataArgs, [&](const auto &arg) {
        os << "{" << quote(arg.first) << ", " << quote(arg.second) << "}";
      });
  nn::OptimizerAttrInterface optimizer = train.getOptimizer();

  // The schedule's arguments as doubles (exact for steps below 2^53).
  std::string scheduleName = "nullptr";
  std::vector<double> scheduleArgs;
  if (mlir::Attribute schedule = train.getSchedule()) {
    if (auto exponential = llvm::dyn_cast<nn::ExponentialDecayAttr>(schedule)) {
      scheduleName = quote(exponential.getMnemonic());
      scheduleArgs = {double(exponential.getDecaySteps()),
                      exponential.getDecayRate().convertToDouble(),
                      exponential.getStaircase() ? 1.0 : 0.0};
    } else if (auto cosine = llvm::dyn_cast<nn::CosineDecayAttr>(schedule)) {
      scheduleName = quote(cosine.getMnemonic());
      scheduleArgs = {double(cosine.getDecaySteps()), cosine.getAlpha().convertToDouble()};
    } else if (auto piecewise = llvm::dyn_cast<nn::PiecewiseConstantDecayAttr>(schedule)) {
      scheduleName = quote(piecewise.getMnemonic());
      for (int64_t boundary : piecewise.getBoundaries().asArrayRef())
        scheduleArgs.push_back(double(boundary));
      for (mlir::Attribute value : piecewise.getValues())
        scheduleArgs.push_back(llvm::cast<mlir::FloatAttr>(value).getValueAsDouble());
    }
  }
  std::string scheduleArgsArray = emit.array(
      "double", prefix + "_schedule_args", scheduleArgs,
      [&](double value) { os << llvm::format("%.17g", value); });
  llvm::SmallVector<mlir::Attribute> callbackAttrs;
  if (mlir::ArrayAttr callbacks = train.getCallbacks())
    llvm::append_range(callbackAttrs, callbacks.getValue());
  std::string callbacksArray = emit.array(
      "nncrt::CallbackDesc", prefix + "_callbacks", callbackAttrs, [&](mlir::Attribute attr) {
        auto real = [](const llvm::APFloat &value) {
          return llvm::formatv("{0}", llvm::format("%.17g", value.convertToDouble())).str();
        };
        if (auto stop = llvm::dyn_cast<nn::EarlyStoppingAttr>(attr))
          os << "{" << quote(stop.getMnemonic()) << ", " << quote(stop.getMonitor()) << ", "
             << real(stop.getMinDelta()) << ", " << stop.getPatience() << ", "
             << (stop.getRestoreBestWeights() ? "true" : "false") << ", 0, 0, 0, nullptr, false}";
        else if (auto plateau = llvm::dyn_cast<nn::ReduceLrOnPlateauAttr>(attr))
          os << "{" << quote(plateau.getMnemonic()) << ", " << quote(plateau.getMonitor())
             << ", " << real(plateau.getMinDelta()) << ", " << plateau.getPatience()
             << ", false, " << real(plateau.getFactor()) << ", " << plateau.getCooldown()
             << ", " << real(plateau.getMinLr()) << ", nullptr, false}";
        else if (auto checkpoint = llvm::dyn_cast<nn::ModelCheckpointAttr>(attr))
          os << "{" << quote(checkpoint.getMnemonic()) << ", " << quote(checkpoint.getMonitor())
             << ", 0, 0, false, 0, 0, 0, " << quote(checkpoint.getPath()) << ", "
             << (checkpoint.getSaveBestOnly() ? "true" : "false") << "}";
      });

  // Layers that train differently (dropout) are in training mode in the
  // gradient function only; the ones that draw random numbers there make it
  // take the seed and step counters (nn.hyper arguments of type i32).
  bool trainingMode = !gradient.getBody().getOps<nn::TrainingModeOpInterface>().empty();
  bool takesCounters = llvm::any_of(gradient.getArguments(), [&](mlir::BlockArgument arg) {
    auto name = gradient.getArgAttrOfType<mlir::StringAttr>(arg.getArgNumber(), "nn.hyper");
    return name && name.getValue() == "seed";
  });
  // Its last result is the model's output (for the training accuracy).
  unsigned lastResult = gradient.getNumResults() - 1;
  bool returnsOutput =
      lastResult > 0 && gradient.getResultAttrOfType<mlir::StringAttr>(lastResult, "nn.output");

  // Whether the gradient pipeline computes a time step for the rows still
  // running only: then sorting a batch longest first makes them fewest.
  std::optional<SequencePacking> packing = findSequencePacking(gradient);

  std::string name = prefix + "_train";
  os << "const nncrt::TrainDesc " << name << " = {\n"
     << "    " << quote(nn::stringifyLoss(train.getLoss())) << ", "
     << quote(optimizer.getName()) << ", "
     << floatLiteral(optimizer.getLearningRate().convertToDouble()) << ",\n"
     << "    " << targetInput << ", {" << quote(targetName) << ", " << targetShape.size()
     << ", " << targetShapeArray << "},\n"
     << "    " << train.getEpochs() << ", " << train.getBatch() << ", "
     << (train.getShuffle() ? "true" : "false") << ", "
     << floatLiteral(getValidationFraction(train.getValidation())) << ",\n"
     << "    " << quote(dataKind) << ", " << quote(dataPath) << ", " << dataArgsArray
     << ", " << dataArgs.size() << ",\n"
     << "    " << stateArray << ", " << statePerParam << ",\n"
     << "    " << loss.getName() << "_argv, " << gradient.getName() << "_argv, "
     << update.getName() << "_argv,\n"
     << "    " << (train.getFromLogits() ? "true" : "false") << ", " << metrics << ", "
     << augment << ",\n"
     << "    " << textNumWords << ", " << textMaxTokens << ",\n"
     << "    " << (trainingMode ? "true" : "false") << ", "
     << (takesCounters ? "true" : "false") << ", " << (returnsOutput ? "true" : "false")
     << ",\n"
     << "    " << scheduleName << ", " << scheduleArgsArray << ", " << scheduleArgs.size()
     << ", " << callbacksArray << ", " << callbackAttrs.size() << ",\n"
     << "    " << (packing ? "true" : "false") << ", " << (packing ? packing->ignoreClass : 0)
     << "};\n"
     << "} // namespace\n\n";
  return "&" + name;
}

/// Runs `exportModel`, keeping its first diagnostic in `error` instead of
/// reporting it: a model without a form in another framework still builds,
/// and `export` says why.
template <typename ExportModel>
static auto exportKeepingError(mlir::func::FuncOp model, std::string &error,
                               ExportModel exportModel) {
  mlir::ScopedDiagnosticHandler keepMessage(model.getContext(),
                                            [&](mlir::Diagnostic &diagnostic) {
                                              if (error.empty())
                                                error = diagnostic.str();
                                              return mlir::success();
                                            });
  return exportModel();
}

/// Emits `model` as PyTorch (model.py's source and its state_dict's tensors)
/// and returns the ModelDesc fields torchModule .. torchError; a model
/// without a PyTorch form still builds, and `export --torch` says why.
static std::string emitTorchModel(mlir::func::FuncOp model, llvm::StringRef sourceFile,
                                  const std::string &prefix, Emitter &emit) {
  std::string error;
  mlir::FailureOr<torch_export::TorchModel> torch =
      exportKeepingError(model, error, [&] { return exportModelToTorch(model, sourceFile); });
  if (failed(torch))
    return "nullptr, nullptr, 0, " + quote(error);
  llvm::raw_ostream &os = emit.os;
  os << "static const char " << prefix << "_torch[] = " << quote(torch->source) << ";\n";
  auto ints = [&](const std::string &name, llvm::ArrayRef<int64_t> values) -> std::string {
    if (values.empty())
      return "nullptr";
    os << "const int " << name << "[] = {";
    llvm::interleaveComma(values, os);
    os << "};\n";
    return name;
  };
  std::vector<std::string> specs;
  for (auto [i, param] : llvm::enumerate(torch->params)) {
    std::string stem = prefix + "_torch" + std::to_string(i);
    std::string shape =
        param.shape.empty() ? "nullptr" : emit.shape(stem + "_shape", param.shape);
    std::string perm = ints(stem + "_perm", param.perm);
    std::string gates = ints(stem + "_gates", param.gateOrder);
    static const char *const roles[] = {"Copy", "Addend", "Fill", "Counter"};
    specs.push_back(llvm::formatv(
        "{{{0}, {1}, {2}, {3}, nncrt::TorchParamRole::{4}, {5}, {6}, {7}, {8}, {9}, {10}}",
        quote(param.name), param.source.empty() ? "nullptr" : quote(param.source),
        param.shape.size(), shape, roles[int(param.role)], param.row, perm, param.gateAxis,
        gates, param.gateOrder.size(), floatLiteral(param.fill)));
  }
  std::string array = emit.array("nncrt::TorchParamSpec", prefix + "_torch_params", specs,
                                 [&](const std::string &spec) { os << spec; });
  os << "\n";
  return prefix + "_torch, " + array + ", " + std::to_string(specs.size()) + ", nullptr";
}

/// Emits `model` as Keras 3 (the Python file's source) and returns the
/// ModelDesc fields kerasModule and kerasError.
static std::string emitKerasModel(mlir::func::FuncOp model, llvm::StringRef sourceFile,
                                  const std::string &prefix, Emitter &emit) {
  std::string error;
  mlir::FailureOr<std::string> keras =
      exportKeepingError(model, error, [&] { return exportModelToKeras(model, sourceFile); });
  if (failed(keras))
    return "nullptr, " + quote(error);
  emit.os << "static const char " << prefix << "_keras[] = " << quote(*keras) << ";\n\n";
  return prefix + "_keras, nullptr";
}

/// Emits the StepDesc of `model` when nn-make-step gave it a step function and
/// returns its variable's name; "nullptr" for models without recurrent
/// layers. The states are the step's nn.state_in arguments, in order; its
/// nn.state_out results must give them back in the same order.
static mlir::FailureOr<std::string> emitStepDesc(mlir::func::FuncOp model,
                                                 const std::string &prefix,
                                                 Emitter &emit) {
  mlir::func::FuncOp step = getTrainingFunction(model, PipelineKind::Step);
  if (!step)
    return std::string("nullptr");
  std::vector<TensorInfo> states;
  for (mlir::BlockArgument arg : step.getArguments())
    if (auto name = step.getArgAttrOfType<mlir::StringAttr>(arg.getArgNumber(),
                                                            "nn.state_in"))
      states.push_back({name.str(), withoutBatch(arg.getType(), true), ""});
  std::vector<std::string> returned;
  for (unsigned i = 0; i < step.getNumResults(); ++i)
    if (auto name = step.getResultAttrOfType<mlir::StringAttr>(i, "nn.state_out"))
      returned.push_back(name.str());
  std::vector<std::string> taken;
  for (const TensorInfo &state : states)
    taken.push_back(state.name);
  if (states.empty() || taken != returned)
    return step.emitError() << "a step function needs nn.state_in arguments and "
                               "nn.state_out results naming the same states in "
                               "the same order";

  llvm::raw_ostream &os = emit.os;
  os << "extern \"C\" int " << step.getName() << "_argv(void **);\n"
     << "namespace {\n";
  for (auto [i, state] : llvm::enumerate(states))
    state.shapeArray =
        emit.shape(prefix + "_step_state" + std::to_string(i) + "_shape", state.shape);
  std::string statesArray = emit.array(
      "nncrt::TensorSpec", prefix + "_step_states", states, [&](const TensorInfo &t) {
        os << "{" << quote(t.name) << ", " << t.shape.size() << ", " << t.shapeArray << "}";
      });
  std::string name = prefix + "_step";
  os << "const nncrt::StepDesc " << name << " = {" << step.getName() << "_argv, "
     << statesArray << ", " << states.size() << "};\n"
     << "} // namespace\n\n";
  return "&" + name;
}

mlir::LogicalResult nnc::emitModelRegistry(mlir::ModuleOp module,
                                           llvm::StringRef sourceFile,
                                           llvm::raw_ostream &os) {
  Emitter emit(os);
  os << "// Generated by nnc from " << sourceFile << ". Do not edit.\n"
     << "#include \"nncrt/ModelDesc.h\"\n\n"
     << "extern \"C\" int halide_set_num_threads(int);\n"
     << "extern \"C\" nncrt::HalideErrorHandler "
        "halide_set_error_handler(nncrt::HalideErrorHandler);\n";

  std::vector<std::string> descriptions;
  int index = 0;
  for (mlir::func::FuncOp model : getModels(module)) {
    std::string prefix = "model" + std::to_string(index++);
    std::string entry = model.getName().str() + "_forward";
    os << "extern \"C\" int " << entry << "_argv(void **);\n"
       << "extern \"C\" const struct halide_filter_metadata_t *" << entry
       << "_metadata();\n\nnamespace {\n";

    std::vector<TensorInfo> inputs, params, outputs;
    std::vector<std::string> initializers;
    std::vector<bool> nonTrainable;
    for (mlir::BlockArgument arg : model.getArguments()) {
      unsigned i = arg.getArgNumber();
      if (auto input = model.getArgAttrOfType<mlir::StringAttr>(i, "nn.input")) {
        inputs.push_back({input.str(), withoutBatch(arg.getType(), true), ""});
        continue;
      }
      params.push_back({model.getArgAttrOfType<mlir::StringAttr>(i, "nn.param").str(),
                        withoutBatch(arg.getType(), false), ""});
      auto init = model.getArgAttrOfType<mlir::StringAttr>(i, "nn.init");
      llvm::StringRef initializer = initializerEnum(init ? init.getValue() : "");
      if (initializer.empty())
        return mlir::emitError(arg.getLoc())
               << "parameter '" << params.back().name << "' has initializer "
               << (init ? "'" + init.str() + "'" : std::string("none"))
               << "; the runtime knows zeros, glorot_uniform, random_uniform, "
                  "orthogonal, unit_forget_bias and ones";
      initializers.push_back(initializer.str());
      auto trainable =
          model.getArgAttrOfType<mlir::BoolAttr>(i, nn::NNDialect::kTrainableAttrName);
      nonTrainable.push_back(trainable && !trainable.getValue());
    }
    for (unsigned i = 0; i < model.getNumResults(); ++i)
      outputs.push_back(
          {model.getResultAttrOfType<mlir::StringAttr>(i, "nn.output").str(),
           withoutBatch(model.getResultTypes()[i], true), ""});

    auto emitShapes = [&](std::vector<TensorInfo> &tensors, const char *kind) {
      for (auto [i, tensor] : llvm::enumerate(tensors))
        tensor.shapeArray = emit.shape(prefix + "_" + kind + std::to_string(i) + "_shape",
                                       tensor.shape);
    };
    emitShapes(inputs, "input");
    emitShapes(params, "param");
    emitShapes(outputs, "output");
    auto tensorSpec = [&](const TensorInfo &tensor) {
      os << "{" << quote(tensor.name) << ", " << tensor.shape.size() << ", "
         << tensor.shapeArray << "}";
    };
    std::string inputsArray =
        emit.array("nncrt::TensorSpec", prefix + "_inputs", inputs, tensorSpec);
    std::string outputsArray =
        emit.array("nncrt::TensorSpec", prefix + "_outputs", outputs, tensorSpec);
    std::vector<size_t> paramIndices(params.size());
    std::iota(paramIndices.begin(), paramIndices.end(), 0);
    std::string paramsArray =
        emit.array("nncrt::ParamSpec", prefix + "_params", paramIndices, [&](size_t i) {
          auto [fanIn, fanOut] = kerasFans(params[i].shape);
          os << "{";
          tensorSpec(params[i]);
          os << ", nncrt::Initializer::" << initializers[i] << ", " << fanIn << ", "
             << fanOut << ", " << (nonTrainable[i] ? "true" : "false") << "}";
        });
    std::vector<SummaryLine> lines = summarizeModel(model);
    std::string summaryArray = emit.array(
        "nncrt::SummaryRow", prefix + "_summary", lines, [&](const SummaryLine &line) {
          os << "{" << quote(line.layer) << ", " << quote(line.type) << ", "
             << quote(line.outputShape) << ", " << line.params << ", "
             << quote(line.connectedTo) << ", " << quote(line.receptiveField) << ", "
             << line.nonTrainableParams << "}";
        });
    os << "} // namespace\n\n";
    std::string trainDesc = emitTrainDesc(model, prefix, emit);
    mlir::FailureOr<std::string> stepDesc = emitStepDesc(model, prefix, emit);
    if (failed(stepDesc))
      return mlir::failure();

    // 0 for the loss and gradient of a model that does not train.
    int64_t forwardBytes = largestSampleBytes(model);
    int64_t lossBytes =
        largestSampleBytes(getTrainingFunction(model, PipelineKind::Loss));
    int64_t gradientBytes =
        largestSampleBytes(getTrainingFunction(model, PipelineKind::Gradient));

    // A model without an ONNX form still builds; `export --onnx` says why.
    std::string onnxModel = "nullptr, 0, nullptr";
    std::string onnxError;
    mlir::FailureOr<std::string> onnx =
        exportKeepingError(model, onnxError, [&] { return exportModelToOnnx(model); });
    if (succeeded(onnx)) {
      os << "static const char " << prefix << "_onnx[] = " << quote(*onnx) << ";\n\n";
      onnxModel = prefix + "_onnx, sizeof " + prefix + "_onnx - 1, nullptr";
    } else {
      onnxModel = "nullptr, 0, " + quote(onnxError);
    }

    std::string torchModel = emitTorchModel(model, sourceFile, prefix, emit);
    std::string kerasModel = emitKerasModel(model, sourceFile, prefix, emit);

    descriptions.push_back(llvm::formatv(
        "{{{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}_argv, {9}_metadata, {10}, "
        "{11}, {12}, {13}, {14}, {15}, {16}, {17}}",
        quote(model.getName()), inputsArray, inputs.size(), outputsArray,
        outputs.size(), paramsArray, params.size(), summaryArray, lines.size(), entry,
        trainDesc, *stepDesc, forwardBytes, lossBytes, gradientBytes, onnxModel,
        torchModel, kerasModel));
  }

  os << "static const nncrt::ModelDesc models[] = {\n";
  for (const std::string &description : descriptions)
    os << "    " << description << ",\n";
  os << "};\n\n"
     << "extern \"C\" const nncrt::ModelRegistry nnc_model_registry = {\n"
     << "    " << quote(sourceFile) << ", models, " << descriptions.size()
     << ", halide_set_num_threads, halide_set_error_handler};\n";
  return mlir::success();
}
