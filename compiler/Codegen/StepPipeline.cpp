//===- StepPipeline.cpp - A pipeline a layer calls once per time step -----===//

#include "Codegen/StepPipeline.h"

#include "Codegen/Pipeline.h"

using namespace nnc;
using namespace nnc::codegen;

StepPipelineBuilder::StepPipelineBuilder(const LoweringScope &caller,
                                         const std::string &layerName,
                                         const std::string &suffix)
    : caller(caller), pipeline(std::make_shared<ModelPipeline>()),
      scope(caller.getScheduleParameters(),
            caller.getPipelineName() + "_" + layerName + "_" + suffix) {
  pipeline->functionName = scope.getPipelineName();
  pipeline->kind = caller.getPipelineKind();
  pipeline->layers.emplace_back(layerName + "_" + suffix, ScheduleClass::MultiLoop);
  scope.setBatchSize(addScalar("batch"));
}

Halide::Func StepPipelineBuilder::addBuffer(const std::string &name, int dimensions) {
  Halide::ImageParam buffer(Halide::Float(32), dimensions, name);
  // The caller's buffers are Halide's realizations; only the innermost
  // stride is known.
  buffer.set_host_alignment(sizeof(float));
  pipeline->buffers.push_back(buffer);
  pipeline->arguments.push_back(buffer);
  std::vector<Halide::Var> vars;
  for (int d = 0; d < dimensions; ++d)
    vars.emplace_back("d" + std::to_string(d));
  Halide::Func view(name + "_view");
  view(vars) = buffer(vars);
  getLayer().inlined.push_back(view);
  return view;
}

Halide::Expr StepPipelineBuilder::addScalar(const std::string &name) {
  pipeline->scalars.emplace_back(Halide::Int(32), name);
  pipeline->arguments.push_back(pipeline->scalars.back());
  return pipeline->scalars.back();
}

LoweredLayer &StepPipelineBuilder::getLayer() { return pipeline->layers.front(); }

std::string StepPipelineBuilder::finish(const Halide::Func &output) {
  LoweredLayer &layer = getLayer();
  // (j, q, n) in model order: [batch, q, units]; q and units as realized.
  layer.output = TensorFunc{output, {mlir::ShapedType::kDynamic, mlir::ShapedType::kDynamic,
                                     mlir::ShapedType::kDynamic}};
  pipeline->outputs.push_back(layer.output);
  output.output_buffer().set_host_alignment(sizeof(float));
  caller.addCalledPipeline(pipeline);
  return pipeline->functionName;
}

Halide::Func codegen::callStepPipeline(const std::string &name, const std::string &entryPoint,
                                       const std::vector<Halide::ExternFuncArgument> &arguments,
                                       LoweredLayer &layer) {
  Halide::Func call(name);
  call.define_extern(entryPoint, arguments, Halide::Float(32),
                     {Halide::Var("j"), Halide::Var("q"), Halide::Var("n")});
  layer.externStages.push_back(call);
  return call;
}
