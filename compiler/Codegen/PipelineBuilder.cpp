//===- PipelineBuilder.cpp - One nn function as one Halide pipeline -------===//

#include "Codegen/Pipeline.h"
#include "Codegen/SequencePacking.h"

#include "mlir/IR/BuiltinTypes.h"

#include <stdexcept>

using namespace nnc;
using namespace nnc::codegen;

std::string codegen::toHalideName(llvm::StringRef name) {
  std::string result;
  for (char c : name)
    result.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  return result;
}

/// Buffer of a model tensor: every axis but the batch has its static extent,
/// so a caller passing a wrong shape gets a Halide error instead of garbage.
static void constrainShape(Halide::OutputImageParam buffer,
                           const std::vector<int64_t> &shape, bool denseStrides) {
  // Callers' buffers are only float-aligned: no aligned vector accesses.
  buffer.set_host_alignment(sizeof(float));
  int rank = static_cast<int>(shape.size());
  // Inputs are dense row-major, as the runtime passes every tensor: constant
  // strides let Halide see unit-stride vectors along any static axis (a
  // kernel's input channels when its output has one channel). Not on outputs:
  // known strides would let Halide prove offsets vector-aligned and emit
  // aligned stores into callers' float-aligned memory.
  int64_t stride = 1;
  for (int axis = rank - 1; axis >= 0; --axis) {
    int halideDim = rank - 1 - axis;
    if (denseStrides)
      buffer.dim(halideDim).set_stride(static_cast<int>(stride));
    if (shape[axis] == mlir::ShapedType::kDynamic)
      buffer.dim(halideDim).set_min(0);
    else
      buffer.dim(halideDim).set_bounds(0, static_cast<int>(shape[axis]));
    stride *= shape[axis] == mlir::ShapedType::kDynamic ? 1 : shape[axis];
  }
}

/// A model tensor passed in by the caller, seen through an (inlined) Func.
static TensorFunc bindBuffer(Halide::ImageParam &param,
                             const std::vector<int64_t> &shape,
                             const std::string &name) {
  constrainShape(param, shape, /*denseStrides=*/true);
  std::vector<Halide::Var> vars = makeModelVars(static_cast<int>(shape.size()));
  TensorFunc tensor{Halide::Func(name), shape};
  defineAt(tensor.func, vars) = param(toHalideOrder(vars));
  return tensor;
}

/// The role attribute of an argument: which of nn.input, nn.target, ... it
/// carries, as the Halide name prefix, and the tensor's name.
static std::pair<std::string, std::string> argumentRole(mlir::func::FuncOp function,
                                                        unsigned index) {
  static const std::pair<const char *, const char *> roles[] = {
      {"nn.input", "input_"}, {"nn.target", "target_"}, {"nn.param", "param_"},
      {"nn.grad", "grad_"},   {"nn.state", "state_"},   {"nn.hyper", "hyper_"},
      {"nn.state_in", "state_"}};
  for (auto [attribute, prefix] : roles)
    if (auto name = function.getArgAttrOfType<mlir::StringAttr>(index, attribute))
      return {prefix, name.str()};
  throw std::runtime_error("argument " + std::to_string(index) + " of @" +
                           function.getName().str() +
                           " has none of nn.input, nn.target, nn.param, nn.grad, "
                           "nn.state, nn.hyper, nn.state_in");
}

/// Name of result `index` for an output copy: its nn.output/nn.grad/... value.
static std::string resultName(mlir::func::FuncOp function, unsigned index) {
  for (const char *attribute :
       {"nn.output", "nn.grad", "nn.param", "nn.state", "nn.state_out"})
    if (auto name = function.getResultAttrOfType<mlir::StringAttr>(index, attribute))
      return toHalideName(name.getValue());
  return "result" + std::to_string(index);
}

ModelPipeline codegen::buildPipeline(const PipelineFunction &pipelineFunction,
                                    const ScheduleParameters &parameters,
                                    bool packSequences) {
  mlir::func::FuncOp function = pipelineFunction.function;
  ModelPipeline pipeline;
  pipeline.functionName = pipelineFunction.entryPoint;
  pipeline.kind = pipelineFunction.kind;
  LoweringScope scope(parameters, pipeline.functionName, pipeline.kind);
  std::optional<SequencePacking> packing = findSequencePacking(function);

  for (mlir::BlockArgument arg : function.getArguments()) {
    std::vector<int64_t> shape = getStaticShape(arg);
    auto [prefix, tensorName] = argumentRole(function, arg.getArgNumber());
    std::string name = prefix + toHalideName(tensorName);
    if (shape.empty()) {
      // 0-d hyperparameters (learning rate, iteration) and counters (seed,
      // step) are scalars.
      bool counter = llvm::cast<mlir::ShapedType>(arg.getType()).getElementType().isInteger(32);
      pipeline.scalars.emplace_back(counter ? Halide::Int(32) : Halide::Float(32), name);
      Halide::Func value(name + "_view");
      value() = pipeline.scalars.back();
      scope.bind(arg, TensorFunc{value, {}});
      pipeline.arguments.push_back(pipeline.scalars.back());
      continue;
    }
    pipeline.buffers.emplace_back(Halide::Float(32), static_cast<int>(shape.size()), name);
    Halide::ImageParam &buffer = pipeline.buffers.back();
    if (packing && arg == packing->labels) {
      pipeline.runningRows = RunningRows{buffer, packing->ignoreClass, packSequences};
      scope.setRunningRows(*pipeline.runningRows);
    }
    scope.bind(arg, bindBuffer(buffer, shape, name + "_view"));
    pipeline.arguments.push_back(buffer);
    if (shape[0] == mlir::ShapedType::kDynamic && !scope.hasBatchSize())
      scope.setBatchSize(buffer.dim(static_cast<int>(shape.size()) - 1).extent());
  }

  for (mlir::Operation &op : function.getBody().front().without_terminator()) {
    pipeline.layers.push_back(lowerOp(&op, scope));
    const LoweredLayer &layer = pipeline.layers.back();
    scope.bind(op.getResult(0), layer.output);
    for (auto [result, tensor] : llvm::zip(op.getResults().drop_front(), layer.moreResults))
      scope.bind(result, tensor);
  }

  pipeline.calledPipelines = scope.takeCalledPipelines();

  auto isLayerResult = [&](const TensorFunc &tensor) {
    return llvm::any_of(pipeline.layers, [&](const LoweredLayer &layer) {
      return layer.output.func.name() == tensor.func.name() ||
             llvm::any_of(layer.moreResults, [&](const TensorFunc &more) {
               return more.func.name() == tensor.func.name();
             });
    });
  };
  auto returnOp = llvm::cast<mlir::func::ReturnOp>(
      function.getBody().front().getTerminator());
  for (auto [index, value] : llvm::enumerate(returnOp.getOperands())) {
    TensorFunc output = scope.lookup(value);
    bool alreadyOutput = llvm::any_of(pipeline.outputs, [&](const TensorFunc &t) {
      return t.func.name() == output.func.name();
    });
    // A function that returns an argument, or one value twice, needs a copy:
    // Halide outputs are distinct computed Funcs.
    if (!isLayerResult(output) || alreadyOutput) {
      std::vector<Halide::Var> vars = makeModelVars(output.rank());
      TensorFunc copy{Halide::Func("output_" + resultName(function, index)),
                      output.shape};
      defineAt(copy.func, vars) = output.func(toHalideOrder(vars));
      LoweredLayer layer(copy.func.name(), ScheduleClass::Rows);
      layer.output = copy;
      pipeline.layers.push_back(layer);
      output = copy;
    }
    constrainShape(output.func.output_buffer(), output.shape, /*denseStrides=*/false);
    pipeline.outputs.push_back(output);
  }
  return pipeline;
}

Halide::Pipeline ModelPipeline::getPipeline() const {
  std::vector<Halide::Func> funcs;
  for (const TensorFunc &output : outputs)
    funcs.push_back(output.func);
  return Halide::Pipeline(funcs);
}
