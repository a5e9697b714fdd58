//===- StepPipeline.cpp - A pipeline a layer calls once per time step -----===//

#include "Codegen/StepPipeline.h"

#include "Codegen/Pipeline.h"

using namespace nnc;
using namespace nnc::codegen;

StepPipelineBuilder::StepPipelineBuilder(const LoweringScope &caller, const std::string &layerName,
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

std::string StepPipelineBuilder::finish(Halide::Func output) {
  LoweredLayer &layer = getLayer();
  if (caller.getRunningRows()) {
    // Called for the rows still running: the others are sequences that
    // ended, zeros for what reads them (the step before, backwards; the
    // stacked sequence).
    Halide::Var j("j"), q("q"), n("n");
    Halide::RDom rows(0, scope.getBatchSize(), "running");
    Halide::Func running(output.name() + "_running");
    running(j, q, n) = 0.0f;
    running(j, q, rows.x) = output(j, q, rows.x);
    RootStage stage{running, {}};
    stage.parallelRVar = rows.x;
    layer.rootStages.push_back(stage);
    // The step's own result (a select among Funcs computed whole) is then
    // read once, where the rows are copied: not stored on the way.
    if (!output.has_update_definition()) {
      llvm::erase_if(layer.rootStages,
                     [&](const RootStage &root) { return root.func.name() == output.name(); });
      layer.inlined.push_back(output);
    }
    output = running;
  }
  // (j, q, n) in model order: [batch, q, units]; q and units as realized.
  layer.output = TensorFunc{
      output, {mlir::ShapedType::kDynamic, mlir::ShapedType::kDynamic, mlir::ShapedType::kDynamic}};
  pipeline->outputs.push_back(layer.output);
  output.output_buffer().set_host_alignment(sizeof(float));
  caller.addCalledPipeline(pipeline);
  return pipeline->functionName;
}

Halide::Expr RunningRows::at(int step) const {
  // A function of the runtime, not a Func: Halide takes a loop extent from
  // a scalar or a call, and an extern stage's arguments cannot read a Func.
  using namespace Halide::Internal;
  Halide::Expr buffer = Variable::make(Halide::type_of<halide_buffer_t *>(),
                                       labels.name() + ".buffer", labels.parameter());
  return Call::make(Halide::Int(32), "nnc_running_rows",
                    {buffer, Halide::Expr(static_cast<int>(ignoreClass)), Halide::Expr(step)},
                    Call::Extern);
}

Halide::Func codegen::callStepPipeline(const std::string &name, const std::string &entryPoint,
                                       int step,
                                       const std::vector<Halide::ExternFuncArgument> &arguments,
                                       const LoweringScope &scope, LoweredLayer &layer) {
  std::vector<Halide::ExternFuncArgument> all;
  const std::optional<RunningRows> &running = scope.getRunningRows();
  all.emplace_back(running && running->skipEnded ? running->at(step) : scope.getBatchSize());
  llvm::append_range(all, arguments);
  Halide::Func call(name);
  call.define_extern(entryPoint, all, Halide::Float(32),
                     {Halide::Var("j"), Halide::Var("q"), Halide::Var("n")});
  layer.externStages.push_back(call);
  return call;
}
