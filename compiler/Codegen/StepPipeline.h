//===- StepPipeline.h - A pipeline a layer calls once per time step -*- C++ -*-===//
//
// A recurrent layer unrolled inside its pipeline makes every time step's
// Funcs Funcs of the whole pipeline, and Halide's time grows faster than the
// number of steps (lyricist_small's gradient, 14 steps: 140 s, most of it in
// passes over the nested realizations of ~400 Funcs). Instead a step is a
// pipeline of its own, compiled once into the same object as the pipeline
// that uses it, which calls it once per step as an extern stage. A Halide
// AOT pipeline already follows the extern-stage convention (buffers in,
// buffer out, bounds queries answered), so nothing sits between the two.
//
// The step's arguments are its batch (the rows a call computes: the whole
// batch, or where the caller skips padded time steps, the rows still
// running), then the buffers and int32 scalars in the order they were added;
// a call passes them in that order.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_CODEGEN_STEPPIPELINE_H
#define NNC_CODEGEN_STEPPIPELINE_H

#include "Codegen/Lowering.h"

namespace nnc::codegen {

class StepPipelineBuilder {
public:
  /// The step `suffix` of `layerName` in the pipeline `caller` builds: its
  /// entry point is `<caller's pipeline>_<layerName>_<suffix>`.
  StepPipelineBuilder(const LoweringScope &caller, const std::string &layerName,
                      const std::string &suffix);

  /// An input buffer of `dimensions` (Halide order), read through the
  /// returned Func at the caller's coordinates.
  Halide::Func addBuffer(const std::string &name, int dimensions);
  /// An int32 scalar argument.
  Halide::Expr addScalar(const std::string &name);

  /// The scope the step's definitions are written in (its batch size).
  const LoweringScope &getScope() const { return scope; }
  /// The one layer holding the step's Funcs, scheduled as MultiLoop.
  LoweredLayer &getLayer();

  /// Ends the step with `output`(j, q, n) and hands it to the caller's
  /// scope; returns its entry point. When the caller skips padded steps, the
  /// rows past the batch come out zero.
  std::string finish(Halide::Func output);

private:
  const LoweringScope &caller;
  std::shared_ptr<ModelPipeline> pipeline;
  LoweringScope scope;
};

/// A call of the step pipeline `entryPoint` for time step `step` as a
/// Func(j, q, n) of `layer`: the rows it computes, then `arguments`, the
/// step's buffers (Funcs the layer computes whole) and scalars in the order
/// the step added them.
Halide::Func callStepPipeline(const std::string &name, const std::string &entryPoint,
                              int step,
                              const std::vector<Halide::ExternFuncArgument> &arguments,
                              const LoweringScope &scope, LoweredLayer &layer);

} // namespace nnc::codegen

#endif // NNC_CODEGEN_STEPPIPELINE_H
