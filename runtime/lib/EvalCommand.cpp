//===- EvalCommand.cpp - `exe eval` ----------------------------------------===//

#include "nncrt/BatchLimits.h"
#include "nncrt/Classification.h"
#include "nncrt/Ensemble.h"
#include "nncrt/Error.h"
#include "nncrt/Subcommand.h"
#include "nncrt/Summary.h"
#include "nncrt/Trainer.h"
#include "nncrt/TrainingPipelines.h"
#include "nncrt/Weights.h"

namespace nncrt {

namespace {

const char *splitName(const TrainDesc &desc) {
  return desc.validationFraction < 0 ? "test" : "validation";
}

std::string accuracyLine(const ConfusionMatrix &confusion) {
  return fmt::format("accuracy {:.4f} ({} of {})", confusion.accuracy(),
                     formatWithThousandsSeparators(confusion.correct()),
                     formatWithThousandsSeparators(confusion.total()));
}

const char *kConfusionTitle =
    "confusion matrix (rows: true class, columns: predicted class):\n";

/// Each member's accuracy, then the majority vote's with its confusion matrix.
int evalEnsemble(const CommandContext &context, const ParsedOptions &options,
                 const DataSplit &split, int64_t batch) {
  const ModelDesc &model = context.model;
  const TrainDesc &desc = *model.train;
  if (!isClassifier(model))
    fail("eval: --ensemble votes on classes, but model '{}' is not a "
         "classifier (its loss is {})",
         model.name, desc.loss);
  const std::vector<std::string> &paths = options.all("--ensemble");
  std::vector<std::vector<Tensor>> members =
      loadEnsembleMembers(paths, model, "eval");
  int64_t width = accuracyRowWidth(model, "eval");
  int64_t classes = classesOfWidth(width);
  std::vector<Tensor> probabilities;
  for (size_t m = 0; m < members.size(); ++m) {
    Tensor outputs = splitOutputs(model, split, members[m], batch);
    ConfusionMatrix confusion(classes);
    for (int64_t i = 0; i < split.count; ++i)
      confusion.add(splitLabel(split, i),
                    predictedClass(outputs.data.data() + i * width, width,
                                   desc.fromLogits));
    context.out << fmt::format("member {} ({}): {}\n", m + 1, paths[m],
                               accuracyLine(confusion));
    probabilities.push_back(outputProbabilities(outputs, width, desc.fromLogits));
  }
  std::vector<ClassPrediction> votes = majorityVote(probabilities);
  ConfusionMatrix ensemble(classes);
  for (int64_t i = 0; i < split.count; ++i)
    ensemble.add(splitLabel(split, i), votes[size_t(i)].label);
  context.out << fmt::format(
      "ensemble (majority vote of {} members): {} on {} {} samples\n",
      members.size(), accuracyLine(ensemble),
      formatWithThousandsSeparators(split.count), splitName(desc));
  context.out << kConfusionTitle << ensemble.format();
  return 0;
}

int runEval(const CommandContext &context, const ParsedOptions &options) {
  const ModelDesc &model = context.model;
  const TrainDesc &desc = requireTrainDesc(model, "eval");
  int64_t batch = options.integer("--batch", desc.batch > 0 ? desc.batch : 256,
                                  1, 1 << 20);
  if (options.has("--ensemble") &&
      (options.has("--weights") || options.has("--checkpoint")))
    fail("eval: give --ensemble FILE... or --weights/--checkpoint, not both");
  std::string weightsPath = options.has("--ensemble")
                                ? std::string()
                                : chooseWeightsFile(model, options, "eval");
  std::vector<Tensor> params;
  if (!weightsPath.empty())
    params = loadWeights(weightsPath, model);
  DataOptions dataOptions;
  dataOptions.dir = options.has("--data") ? options.all("--data").back()
                                          : defaultTrainSettings(model).dataDir;
  dataOptions.validationLimit = options.integer("--limit", -1, 1, INT64_MAX);
  dataOptions.validationOnly = true;
  TrainingData data = loadTrainingData(model, dataOptions);
  if (data.validation.count == 0)
    fail("eval: model '{}' has no validation data (its train block sets "
         "validation to 0)",
         model.name);
  if (options.has("--ensemble"))
    return evalEnsemble(context, options, data.validation, batch);

  // Accuracy needs one predicted class per sample; a sequence model (one
  // per position) gets its loss, the mean per token as train's val_loss.
  bool classifier = isClassifier(model) && hasOneScoreRowPerSample(model);
  int64_t chunk =
      classifier
          ? chunkSize(model, {BatchPipeline::Loss, BatchPipeline::Forward}, batch)
          : chunkSize(model, {BatchPipeline::Loss}, batch);
  if (chunk < std::min(batch, data.validation.count))
    context.err << fmt::format("note: the pipelines take at most {} samples per "
                               "call (Halide's buffer limit); running --batch "
                               "{} in chunks of {}\n",
                               formatWithThousandsSeparators(chunk), batch,
                               formatWithThousandsSeparators(chunk));
  SplitEvaluation evaluation =
      evaluateSplit(model, data.validation, params, batch, classifier);
  bool text = data.validation.text != nullptr;
  int64_t count = data.validation.count;
  context.out << fmt::format("{} {:.6f}{} on {} {} {}{}\n", desc.loss,
                             evaluation.loss, text ? " per token" : "",
                             formatWithThousandsSeparators(count), splitName(desc),
                             text ? "sentence" : "sample", count == 1 ? "" : "s");
  if (evaluation.confusion)
    context.out << accuracyLine(*evaluation.confusion) << "\n"
                << kConfusionTitle << evaluation.confusion->format();
  return 0;
}

} // namespace

const Subcommand &evalSubcommand() {
  static const Subcommand command = {
      "eval",
      "Compute the loss (and a classifier's accuracy) on the validation data.",
      "Loads the weights (a weights file or a training checkpoint) and prints\n"
      "the model's loss on the data `train` validates on: the test split of\n"
      "the data folder, or the validation fraction of its training split. The\n"
      "loss is the mean over all samples. Classifiers also get their accuracy\n"
      "and a confusion matrix (rows: true class, columns: predicted class).\n"
      "\n"
      "--ensemble FILE... evaluates several members of the model (e.g. the\n"
      "checkpoints of `train --bagging`): each member's accuracy, then that of\n"
      "their majority vote (ties go to the class with the highest mean\n"
      "probability) with its confusion matrix.\n"
      "\n"
      "Examples:\n"
      "  {exe} eval\n"
      "  {exe} eval --weights w.safetensors --data /usr/share/datasets/fashion-mnist\n"
      "  {exe} eval --ensemble m.member0.safetensors m.member1.safetensors m.member2.safetensors\n",
      {
          {"--weights", "FILE", "weights or checkpoint to evaluate"},
          {"--checkpoint", "FILE", "same as --weights (default <model>.ckpt.safetensors)"},
          {"--data", "PATH", "folder of IDX files or of the npy data's arrays, or text file/folder (default: the train block's data)"},
          {"--batch", "N", "samples per loss call (default: the train block's batch)"},
          {"--limit", "N", "evaluate on the first N samples only"},
          {"--ensemble", "FILE...", "evaluate these members and their majority vote",
           /*repeatable=*/true, /*manyValues=*/true},
      },
      runEval,
  };
  return command;
}

} // namespace nncrt
