//===- TrainingPipelines.cpp - Calling the training pipelines -------------===//

#include "nncrt/TrainingPipelines.h"

#include "nncrt/Error.h"
#include "nncrt/Initializers.h"
#include "nncrt/PipelineErrors.h"

namespace nncrt {

namespace {

std::vector<HalideBufferView> wrapAll(std::vector<Tensor> &tensors) {
  std::vector<HalideBufferView> views;
  views.reserve(tensors.size());
  for (Tensor &tensor : tensors)
    views.push_back(wrapTensor(tensor));
  return views;
}

void appendViews(std::vector<void *> &args, std::vector<HalideBufferView> &views) {
  for (HalideBufferView &view : views)
    args.push_back(view.get());
}

/// Views of the entries of `tensors` (one per param) whose param is
/// trainable, or (`trainable` false) is not.
std::vector<HalideBufferView> wrapParamEntries(const ModelDesc &model,
                                               std::vector<Tensor> &tensors, bool trainable) {
  std::vector<HalideBufferView> views;
  for (int i = 0; i < model.numParams; ++i)
    if (model.params[i].nonTrainable != trainable)
      views.push_back(wrapTensor(tensors[size_t(i)]));
  return views;
}

/// inputs, target, params: the leading arguments of loss and gradient.
std::vector<void *> batchArguments(BatchViews &batch,
                                   std::vector<HalideBufferView> &params) {
  std::vector<void *> args;
  appendViews(args, batch.inputs);
  args.push_back(batch.target.get());
  appendViews(args, params);
  return args;
}

void checkStatus(int status, const ModelDesc &model, const char *pipeline) {
  if (status != 0)
    failPipelineCall(fmt::format("the {} pipeline of model '{}'", pipeline, model.name),
                     status);
}

} // namespace

const TrainDesc &requireTrainDesc(const ModelDesc &model, const char *command) {
  if (!model.train)
    fail("{}: model '{}' has no train block, so it cannot be trained or "
         "evaluated",
         command, model.name);
  return *model.train;
}

std::vector<Tensor> zerosLikeParams(const ModelDesc &model) {
  std::vector<Tensor> tensors;
  for (int i = 0; i < model.numParams; ++i)
    tensors.emplace_back(specShape(model.params[i].tensor));
  return tensors;
}

int countTrainableParams(const ModelDesc &model) {
  int count = 0;
  for (int i = 0; i < model.numParams; ++i)
    count += !model.params[i].nonTrainable;
  return count;
}

std::vector<Tensor> zerosLikeState(const ModelDesc &model) {
  const TrainDesc &train = requireTrainDesc(model, "train");
  std::vector<Tensor> tensors;
  for (int i = 0; i < countTrainableParams(model) * train.numStatePerParam; ++i)
    tensors.emplace_back(specShape(train.state[i]));
  return tensors;
}

float computeLoss(const ModelDesc &model, BatchViews &batch,
                  std::vector<Tensor> &params) {
  const TrainDesc &train = requireTrainDesc(model, "loss");
  std::vector<HalideBufferView> paramViews = wrapAll(params);
  std::vector<void *> args = batchArguments(batch, paramViews);
  float loss = 0;
  HalideBufferView lossView(&loss, {});
  args.push_back(lossView.get());
  checkStatus(train.lossFn(args.data()), model, "loss");
  return loss;
}

float computeGradient(const ModelDesc &model, BatchViews &batch,
                      std::vector<Tensor> &params,
                      std::vector<Tensor> &gradients, StepCounters counters,
                      std::vector<Tensor> *newParams, HalideBufferView *output) {
  const TrainDesc &train = requireTrainDesc(model, "gradient");
  std::vector<HalideBufferView> paramViews = wrapAll(params);
  std::vector<HalideBufferView> gradientViews = wrapParamEntries(model, gradients, true);
  // Without a place for the new moving statistics, they go to scratch.
  std::vector<Tensor> discarded;
  if (!newParams && countTrainableParams(model) != model.numParams) {
    discarded = zerosLikeParams(model);
    newParams = &discarded;
  }
  std::vector<HalideBufferView> newStateViews =
      newParams ? wrapParamEntries(model, *newParams, false) : std::vector<HalideBufferView>();
  std::vector<void *> args = batchArguments(batch, paramViews);
  // The draws wrap around after 2^32 seeds or steps.
  auto seed = int32_t(uint32_t(counters.seed));
  auto step = int32_t(uint32_t(uint64_t(counters.step)));
  if (train.gradientTakesCounters) {
    args.push_back(&seed);
    args.push_back(&step);
  }
  float loss = 0;
  HalideBufferView lossView(&loss, {});
  args.push_back(lossView.get());
  appendViews(args, gradientViews);
  appendViews(args, newStateViews);
  Tensor discardedOutput;
  std::optional<HalideBufferView> discardedOutputView;
  if (train.gradientReturnsOutput) {
    if (!output) {
      const halide_buffer_t *input = batch.inputs.front().get();
      Shape shape = specShape(model.outputs[0]);
      shape.insert(shape.begin(), input->dim[input->dimensions - 1].extent);
      discardedOutput = Tensor(shape);
      output = &discardedOutputView.emplace(wrapTensor(discardedOutput));
    }
    args.push_back(output->get());
  }
  checkStatus(train.gradientFn(args.data()), model, "gradient");
  return loss;
}

void applyUpdate(const ModelDesc &model, std::vector<Tensor> &params,
                 std::vector<Tensor> &gradients, std::vector<Tensor> &state,
                 float learningRate, int64_t iteration,
                 std::vector<Tensor> &newParams, std::vector<Tensor> &newState) {
  const TrainDesc &train = requireTrainDesc(model, "update");
  std::vector<HalideBufferView> paramViews = wrapParamEntries(model, params, true),
                                gradientViews = wrapParamEntries(model, gradients, true),
                                stateViews = wrapAll(state),
                                newParamViews = wrapParamEntries(model, newParams, true),
                                newStateViews = wrapAll(newState);
  // The iteration reaches the pipeline as a float (bias corrections use it
  // as an exponent); exact up to 2^24 steps.
  float iterationValue = float(iteration);
  std::vector<void *> args;
  appendViews(args, paramViews);
  appendViews(args, gradientViews);
  appendViews(args, stateViews);
  args.push_back(&learningRate);
  args.push_back(&iterationValue);
  appendViews(args, newParamViews);
  appendViews(args, newStateViews);
  checkStatus(train.updateFn(args.data()), model, "update");
}

} // namespace nncrt
