//===- TrainingPipelines.h - Calling the loss, gradient and update pipelines ===//
//
// Thin wrappers that put halide_buffer_t arguments in TrainDesc's order
// (inputs, target, params -> outputs; update: params, gradients, state,
// &learningRate, &iteration -> new params, new state) and turn a non-zero
// Halide status into an Error.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_TRAININGPIPELINES_H
#define NNCRT_TRAININGPIPELINES_H

#include "nncrt/ModelDesc.h"
#include "nncrt/Tensor.h"

#include <vector>

namespace nncrt {

/// One batch as the pipelines see it: one view per model input, and the
/// target (which may view the same memory as an input).
struct BatchViews {
  std::vector<HalideBufferView> inputs;
  HalideBufferView target;
};

/// The model's train block, or an Error saying it has none.
const TrainDesc &requireTrainDesc(const ModelDesc &model, const char *command);

/// Zero tensors shaped like the parameters (gradients, new params).
std::vector<Tensor> zerosLikeParams(const ModelDesc &model);
/// The parameters the optimizer trains (the others: ParamSpec::nonTrainable).
int countTrainableParams(const ModelDesc &model);
/// Zero tensors shaped like the optimizer state (Keras starts it at 0).
std::vector<Tensor> zerosLikeState(const ModelDesc &model);

/// The mean loss of the batch.
float computeLoss(const ModelDesc &model, BatchViews &batch,
                  std::vector<Tensor> &params);

/// What keys the random draws of one training step (dropout masks): the
/// run's seed and the step (the iteration, counted from 1). A step's draws
/// depend on nothing else, so a resumed run draws what the uninterrupted
/// one would.
struct StepCounters {
  uint64_t seed = 0;
  int64_t step = 1;
};

/// The mean loss of the batch and its gradient w.r.t. every trainable
/// parameter (written into those entries of `gradients`, shaped like the
/// params), with the model in training mode (TrainDesc::gradientInTrainingMode)
/// drawing from `counters`. The step's new values of the non-trainable
/// parameters (moving statistics) go into their entries of `newParams`
/// (other tensors than `params`), or nowhere when it is null. When the
/// pipeline returns the model's output (TrainDesc::gradientReturnsOutput),
/// it goes into `output` (a view of the batch's rows), or nowhere.
float computeGradient(const ModelDesc &model, BatchViews &batch,
                      std::vector<Tensor> &params,
                      std::vector<Tensor> &gradients, StepCounters counters,
                      std::vector<Tensor> *newParams = nullptr,
                      HalideBufferView *output = nullptr);

/// One optimizer step of the trainable parameters: reads params/state,
/// writes their entries of newParams, and newState (which must be other
/// tensors). `iteration` counts from 1.
void applyUpdate(const ModelDesc &model, std::vector<Tensor> &params,
                 std::vector<Tensor> &gradients, std::vector<Tensor> &state,
                 float learningRate, int64_t iteration,
                 std::vector<Tensor> &newParams, std::vector<Tensor> &newState);

} // namespace nncrt

#endif // NNCRT_TRAININGPIPELINES_H
