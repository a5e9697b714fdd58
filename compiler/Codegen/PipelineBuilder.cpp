//===- ForwardPipeline.cpp - A model's forward pass as one Halide pipeline ===//

#include "Codegen/ForwardPipeline.h"

#include "mlir/IR/BuiltinTypes.h"

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
                           const std::vector<int64_t> &shape) {
  int rank = static_cast<int>(shape.size());
  for (int axis = 0; axis < rank; ++axis) {
    int halideDim = rank - 1 - axis;
    if (shape[axis] == mlir::ShapedType::kDynamic)
      buffer.dim(halideDim).set_min(0);
    else
      buffer.dim(halideDim).set_bounds(0, static_cast<int>(shape[axis]));
  }
}

/// A model tensor passed in by the caller, seen through an (inlined) Func.
static TensorFunc bindBuffer(Halide::ImageParam &param,
                             const std::vector<int64_t> &shape,
                             const std::string &name) {
  constrainShape(param, shape);
  std::vector<Halide::Var> vars = makeModelVars(static_cast<int>(shape.size()));
  TensorFunc tensor{Halide::Func(name), shape};
  defineAt(tensor.func, vars) = param(toHalideOrder(vars));
  return tensor;
}

ForwardPipeline codegen::buildForwardPipeline(mlir::func::FuncOp function) {
  ForwardPipeline pipeline;
  pipeline.functionName = function.getName().str() + "_forward";
  LoweringScope scope;

  for (mlir::BlockArgument arg : function.getArguments()) {
    std::vector<int64_t> shape = getStaticShape(arg);
    unsigned index = arg.getArgNumber();
    auto halideType = Halide::Float(32);
    if (auto input = function.getArgAttrOfType<mlir::StringAttr>(index, "nn.input")) {
      std::string name = "input_" + toHalideName(input.getValue());
      pipeline.inputs.emplace_back(halideType, static_cast<int>(shape.size()), name);
      scope.bind(arg, bindBuffer(pipeline.inputs.back(), shape, name + "_view"));
    } else {
      auto param = function.getArgAttrOfType<mlir::StringAttr>(index, "nn.param");
      std::string name = "param_" + toHalideName(param.getValue());
      pipeline.params.emplace_back(halideType, static_cast<int>(shape.size()), name);
      scope.bind(arg, bindBuffer(pipeline.params.back(), shape, name + "_view"));
    }
  }

  for (mlir::Operation &op : function.getBody().front().without_terminator()) {
    pipeline.layers.push_back(lowerOp(&op, scope));
    scope.bind(op.getResult(0), pipeline.layers.back().output);
  }

  auto returnOp = llvm::cast<mlir::func::ReturnOp>(
      function.getBody().front().getTerminator());
  for (auto [index, value] : llvm::enumerate(returnOp.getOperands())) {
    TensorFunc output = scope.lookup(value);
    bool producedByLayer = llvm::any_of(pipeline.layers, [&](const LoweredLayer &l) {
      return l.output.func.name() == output.func.name();
    });
    bool alreadyOutput = llvm::any_of(pipeline.outputs, [&](const TensorFunc &t) {
      return t.func.name() == output.func.name();
    });
    // A model that returns an input, or one value twice, needs a copy: Halide
    // outputs are distinct computed Funcs.
    if (!producedByLayer || alreadyOutput) {
      auto name = function.getResultAttrOfType<mlir::StringAttr>(index, "nn.output");
      std::vector<Halide::Var> vars = makeModelVars(output.rank());
      TensorFunc copy{Halide::Func("output_" + toHalideName(name.getValue())),
                      output.shape};
      defineAt(copy.func, vars) = output.func(toHalideOrder(vars));
      LoweredLayer layer;
      layer.name = copy.func.name();
      layer.output = copy;
      pipeline.layers.push_back(layer);
      output = copy;
    }
    constrainShape(output.func.output_buffer(), output.shape);
    pipeline.outputs.push_back(output);
  }
  return pipeline;
}

std::vector<Halide::Argument> ForwardPipeline::getArguments() const {
  std::vector<Halide::Argument> arguments;
  for (const Halide::ImageParam &input : inputs)
    arguments.push_back(input);
  for (const Halide::ImageParam &param : params)
    arguments.push_back(param);
  return arguments;
}

Halide::Pipeline ForwardPipeline::getPipeline() const {
  std::vector<Halide::Func> funcs;
  for (const TensorFunc &output : outputs)
    funcs.push_back(output.func);
  return Halide::Pipeline(funcs);
}
