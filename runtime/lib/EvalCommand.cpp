//===- EvalCommand.cpp - `exe eval` ----------------------------------------===//

#include "nncrt/Error.h"
#include "nncrt/Subcommand.h"
#include "nncrt/Summary.h"
#include "nncrt/Trainer.h"
#include "nncrt/TrainingPipelines.h"
#include "nncrt/Weights.h"

namespace nncrt {

namespace {

int runEval(const CommandContext &context, const ParsedOptions &options) {
  const ModelDesc &model = context.model;
  const TrainDesc &desc = requireTrainDesc(model, "eval");
  std::string weightsPath = chooseWeightsFile(model, options, "eval");
  int64_t batch = options.integer("--batch", desc.batch > 0 ? desc.batch : 256,
                                  1, 1 << 20);
  std::vector<Tensor> params = loadWeights(weightsPath, model);
  DataOptions dataOptions;
  dataOptions.dir = options.has("--data") ? options.all("--data").back()
                                          : defaultTrainSettings(model).dataDir;
  dataOptions.validationLimit = options.integer("--limit", -1, 1, INT64_MAX);
  TrainingData data = loadTrainingData(model, dataOptions);
  if (data.validation.count == 0)
    fail("eval: model '{}' has no validation data (its train block sets "
         "validation to 0)",
         model.name);
  double loss = evaluateLoss(model, data.validation, params, batch);
  context.out << fmt::format(
      "{} {:.6f} on {} {} samples\n", desc.loss, loss,
      formatWithThousandsSeparators(data.validation.count),
      desc.validationFraction < 0 ? "test" : "validation");
  return 0;
}

} // namespace

const Subcommand &evalSubcommand() {
  static const Subcommand command = {
      "eval",
      "Compute the loss on the validation (or test) data.",
      "Loads the weights (a weights file or a training checkpoint) and prints\n"
      "the model's loss on the data `train` validates on: the test split of\n"
      "the data folder, or the validation fraction of its training split. The\n"
      "loss is the mean over all samples.\n"
      "\n"
      "Examples:\n"
      "  {exe} eval\n"
      "  {exe} eval --weights w.safetensors --data /usr/share/datasets/fashion-mnist\n",
      {
          {"--weights", "FILE", "weights or checkpoint to evaluate"},
          {"--checkpoint", "FILE", "same as --weights (default <model>.ckpt.safetensors)"},
          {"--data", "DIR", "folder of IDX files (default: the train block's data)"},
          {"--batch", "N", "samples per loss call (default: the train block's batch)"},
          {"--limit", "N", "evaluate on the first N samples only"},
      },
      runEval,
  };
  return command;
}

} // namespace nncrt
