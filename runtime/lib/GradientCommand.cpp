//===- GradientCommand.cpp - `exe gradient` --------------------------------===//

#include "nncrt/BatchLimits.h"
#include "nncrt/Error.h"
#include "nncrt/Initializers.h"
#include "nncrt/SafeTensors.h"
#include "nncrt/Subcommand.h"
#include "nncrt/TrainingInputs.h"
#include "nncrt/TrainingPipelines.h"
#include "nncrt/Weights.h"

namespace nncrt {

namespace {

int runGradient(const CommandContext &context, const ParsedOptions &options) {
  const ModelDesc &model = context.model;
  requireTrainDesc(model, "gradient");
  const std::string &weightsPath = options.required("--weights", "gradient");
  const std::string &output = options.required("--output", "gradient");
  std::vector<Tensor> params = loadWeights(weightsPath, model);
  FileBatch batch = readFileBatch(model, options, "gradient");
  // The gradient of one batch: its samples cannot be split into chunks.
  requireBatchFits(model, {BatchPipeline::Gradient}, batch.inputs[0].batchSize(),
                   "gradient");

  StepCounters counters{uint64_t(options.integer("--seed", 0, 0, INT64_MAX)),
                        options.integer("--step", 1, 1, INT64_MAX)};
  std::vector<Tensor> gradients = zerosLikeParams(model);
  BatchViews views = batch.views();
  float loss = computeGradient(model, views, params, gradients, counters);

  SafeTensorsFile file;
  file.metadata = {{"model", model.name}, {"producer", "nnc gradient"}};
  file.tensors["loss"] = Tensor(Shape{}, {loss});
  // Non-trainable parameters (moving statistics) have no gradient.
  for (int i = 0; i < model.numParams; ++i)
    if (!model.params[i].nonTrainable)
      file.tensors[model.params[i].tensor.name] = std::move(gradients[size_t(i)]);
  writeSafeTensors(output, file);
  context.out << fmt::format("loss {:.6g} on {} samples; wrote {} gradients to {}\n",
                             loss, batch.inputs[0].batchSize(), countTrainableParams(model),
                             output);
  return 0;
}

} // namespace

const Subcommand &gradientSubcommand() {
  static const Subcommand command = {
      "gradient",
      "Write the loss and the gradient of every parameter for one batch.",
      "Runs the compiled gradient pipeline once on the given samples (one\n"
      "batch) and writes a safetensors file holding `loss` (shape []) and,\n"
      "under each parameter's name, the gradient of the mean loss with\n"
      "respect to it, with the model in training mode (dropout draws the\n"
      "masks of --seed and --step, as step T of a run with seed S would).\n"
      "Meant for comparing with another framework.\n"
      "\n"
      "Example:\n"
      "  {exe} gradient --weights w.safetensors --input x.npy --target y.npy \\\n"
      "      --output grads.safetensors\n",
      {
          {"--weights", "FILE", "weights (or checkpoint) to differentiate at (required)"},
          {"--input", "[NAME=]FILE", "input samples, .npy or IDX (required, repeatable)",
           /*repeatable=*/true},
          {"--target", "FILE", "targets, .npy or IDX (not for models whose target is their input)"},
          {"--output", "FILE", "safetensors file to write (required)"},
          {"--seed", "S", "the run's seed, for layers that draw while training (dropout; default 0)"},
          {"--step", "T", "the training step whose draws to use (default 1)"},
      },
      runGradient,
  };
  return command;
}

} // namespace nncrt
