//===- EvalCommand.cpp - `exe eval` ----------------------------------------===//

#include "nncrt/BatchLimits.h"
#include "nncrt/Classification.h"
#include "nncrt/Ensemble.h"
#include "nncrt/Error.h"
#include "nncrt/Plot.h"
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

/// The matrix as text, and as an image with --confusion-image.
void reportConfusion(const CommandContext &context, const ParsedOptions &options,
                     const ConfusionMatrix &confusion,
                     const std::vector<std::string> &classNames, const std::string &title) {
  context.out << kConfusionTitle << confusion.format();
  if (!options.has("--confusion-image"))
    return;
  const std::string &path = options.all("--confusion-image").back();
  writeConfusionPng(path, confusion, classNames, title);
  context.out << fmt::format("wrote the confusion matrix to {}\n", path);
}

/// Each member's accuracy, then the majority vote's with its confusion matrix.
int evalEnsemble(const CommandContext &context, const ParsedOptions &options,
                 const DataSplit &split, const std::vector<std::string> &classNames,
                 int64_t batch) {
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
  reportConfusion(context, options, ensemble, classNames,
                  fmt::format("{}: majority vote of {} members", model.name, members.size()));
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
  dataOptions.memoryBudget = options.has("--memory-budget")
                                 ? parseMemoryBudget(options.all("--memory-budget").back())
                                 : defaultMemoryBudget();
  dataOptions.validationOnly = true;
  TrainingData data = loadTrainingData(model, dataOptions);
  if (data.validation.count == 0)
    fail("eval: model '{}' has no validation data (its train block sets "
         "validation to 0)",
         model.name);
  if (options.has("--ensemble"))
    return evalEnsemble(context, options, data.validation, data.classNames, batch);

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
  if (options.has("--confusion-image") && !evaluation.confusion)
    fail("eval: --confusion-image needs a classifier with one class per sample; "
         "model '{}' is not one",
         model.name);
  if (evaluation.confusion) {
    context.out << accuracyLine(*evaluation.confusion) << "\n";
    reportConfusion(context, options, *evaluation.confusion, data.classNames,
                    fmt::format("{}: accuracy {:.4f} on {} {} samples", model.name,
                                evaluation.confusion->accuracy(),
                                formatWithThousandsSeparators(count), splitName(desc)));
  }
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
      "and a confusion matrix (rows: true class, columns: predicted class),\n"
      "which --confusion-image FILE.png also draws as a heat map (named by\n"
      "the class folders of images data).\n"
      "\n"
      "--ensemble FILE... evaluates several members of the model (e.g. the\n"
      "checkpoints of `train --bagging`): each member's accuracy, then that of\n"
      "their majority vote (ties go to the class with the highest mean\n"
      "probability) with its confusion matrix.\n"
      "\n"
      "Examples:\n"
      "  {exe} eval\n"
      "  {exe} eval --weights w.safetensors --data /usr/share/datasets/fashion-mnist\n"
      "  {exe} eval --confusion-image confusion.png\n"
      "  {exe} eval --ensemble m.member0.safetensors m.member1.safetensors m.member2.safetensors\n",
      {
          {"--weights", "FILE", "weights or checkpoint to evaluate"},
          {"--checkpoint", "FILE", "same as --weights (default <model>.ckpt.safetensors)"},
          {"--data", "PATH", "the data as train reads it: IDX or npy folder, .npz or CSV file, image folder, text (default: the train block's data)"},
          {"--batch", "N", "samples per loss call (default: the train block's batch)"},
          {"--limit", "N", "evaluate on the first N samples only"},
          {"--memory-budget", "SIZE", "larger .npy samples are streamed from disk (e.g. 1G; default: half the memory)"},
          {"--confusion-image", "FILE", "also draw the confusion matrix as a PNG image"},
          {"--ensemble", "FILE...", "evaluate these members and their majority vote",
           /*repeatable=*/true, /*manyValues=*/true},
      },
      runEval,
  };
  return command;
}

} // namespace nncrt
