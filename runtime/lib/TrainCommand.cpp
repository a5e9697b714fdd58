//===- TrainCommand.cpp - `exe train` --------------------------------------===//

#include "nncrt/Bagging.h"
#include "nncrt/Error.h"
#include "nncrt/Subcommand.h"
#include "nncrt/Trainer.h"
#include "nncrt/TrainingPipelines.h"

#include <iostream>
#include <sys/stat.h>
#include <unistd.h>

namespace nncrt {

namespace {

int trainBagging(const ModelDesc &model, TrainSettings settings,
                 int64_t members, const CommandContext &context);

int runTrain(const CommandContext &context, const ParsedOptions &options) {
  const ModelDesc &model = context.model;
  const TrainDesc &desc = requireTrainDesc(model, "train");
  TrainSettings settings = defaultTrainSettings(model);
  if (options.has("--data"))
    settings.dataDir = options.all("--data").back();
  settings.epochs = options.integer("--epochs", desc.epochs, 1, 1000000);
  settings.batch = options.integer("--batch", 0, 1, 1 << 20);
  settings.learningRate = float(options.number("--lr", desc.learningRate));
  settings.seedGiven = options.has("--seed");
  settings.seed = uint64_t(options.integer("--seed", 0, 0, INT64_MAX));
  if (options.has("--checkpoint"))
    settings.checkpointPath = options.all("--checkpoint").back();
  if (options.has("--log"))
    settings.logPath = options.all("--log").back();
  settings.resume = options.has("--resume");
  settings.limit = options.integer("--limit", -1, 1, INT64_MAX);
  if (options.has("--memory-budget"))
    settings.memoryBudget = parseMemoryBudget(options.all("--memory-budget").back());
  settings.validationLimit =
      options.integer("--validation-limit", -1, 0, INT64_MAX);
  settings.programName = context.programName;
  // Redraw in place only on a terminal; pipes and files get one line per epoch.
  settings.interactive = &context.out == &std::cout && ::isatty(STDOUT_FILENO);
  if (!options.has("--bagging"))
    return train(model, settings, context.out, context.err);
  int64_t members = options.integer("--bagging", 0, 0, 1000);
  if (members == 0)
    fail("train: --bagging 0 trains no model; give the number of ensemble "
         "members (1 or more)");
  return trainBagging(model, settings, members, context);
}

/// N members, each a complete run of its own into its own checkpoint and
/// log; the data is read once for all of them.
int trainBagging(const ModelDesc &model, TrainSettings settings,
                 int64_t members, const CommandContext &context) {
  settings.data = std::make_shared<TrainingData>(loadTrainingData(
      model,
      DataOptions{settings.dataDir, settings.limit, settings.validationLimit,
                  &context.out, &context.err, settings.memoryBudget}));
  std::vector<std::string> paths;
  std::string resume =
      fmt::format("{} train --bagging {} --resume", settings.programName, members);
  if (settings.checkpointPath != defaultTrainSettings(model).checkpointPath)
    resume += " --checkpoint " + settings.checkpointPath;
  for (int64_t k = 0; k < members; ++k) {
    TrainSettings member = settings;
    member.baggingMember = k;
    member.checkpointPath = memberPath(settings.checkpointPath, k);
    member.logPath = memberPath(settings.logPath, k);
    member.resumeCommand = resume;
    // Members after the one an interrupt stopped have not started yet.
    struct stat info;
    if (member.resume && ::stat(member.checkpointPath.c_str(), &info) != 0)
      member.resume = false;
    context.out << fmt::format("Bagging member {}/{}: a bootstrap sample of "
                               "the training data, into {}\n",
                               k + 1, members, member.checkpointPath);
    int status = train(model, member, context.out, context.err);
    if (status != 0)
      return status;
    paths.push_back(member.checkpointPath);
  }
  context.out << fmt::format("trained {} bagging members; combine them with:\n"
                             "  {} eval --ensemble {}\n",
                             members, settings.programName,
                             fmt::join(paths, " "));
  return 0;
}

} // namespace

const Subcommand &trainSubcommand() {
  static const Subcommand command = {
      "train",
      "Train the model as its train block says (flags override it).",
      "Trains from seeded initial weights (or, with --resume, from the\n"
      "checkpoint) on an IDX data folder: train-images-idx3-ubyte and\n"
      "t10k-images-idx3-ubyte (plus the -labels- files when the model learns\n"
      "labels), each optionally .gz, as MNIST and Fashion-MNIST ship them.\n"
      "Validation uses the test split, or the fraction of the training data\n"
      "the train block names. Each epoch shuffles the data in an order fixed\n"
      "by the seed, prints a progress line, appends one JSON line to the\n"
      "metrics log and saves a checkpoint (weights + optimizer state), which\n"
      "`predict --weights` and `eval` read directly.\n"
      "\n"
      "Ctrl-C finishes the current step, saves a checkpoint and exits (status\n"
      "130); `train --resume` then continues exactly where it stopped: the\n"
      "same seed and --threads give the same losses as an uninterrupted run.\n"
      "A loss that becomes NaN or infinite stops training; the last good\n"
      "checkpoint is left as it was.\n"
      "\n"
      "Classifiers with the accuracy metric show acc and val_acc and log\n"
      "accuracy and val_accuracy; the training accuracy is counted from the\n"
      "outputs the training step computes anyway (in training mode, as\n"
      "Keras counts it), at no extra pass. The train\n"
      "block's augment = [flip_lr] trains on every image and its left-right\n"
      "mirror (twice the steps); random_flip_lr mirrors each image with\n"
      "probability 1/2 each epoch. Validation data is never augmented.\n"
      "\n"
      "--bagging N trains N members one after the other, member k on a\n"
      "bootstrap sample of the training data (as many samples, drawn with\n"
      "replacement, fixed by the seed and k) from its own initial weights,\n"
      "into <checkpoint stem>.member<k>.safetensors and <log stem>.member<k>\n"
      ".jsonl: N checkpoints, so each member is a model of its own for predict\n"
      "and eval, and resumes like a single run. `eval --ensemble` and\n"
      "`predict --ensemble` combine them by majority vote.\n"
      "\n"
      "Language models train on text (`data = text(PATH, num_words=,\n"
      "max_tokens=)`): a file, or the .txt files of a folder, cleaned line by\n"
      "line and tokenized as Keras's Tokenizer does; sentences of at most\n"
      "max_tokens tokens are kept, each predicting its next tokens. An epoch\n"
      "drops its last partial batch. The checkpoint holds the vocabulary, so\n"
      "`generate` needs no corpus.\n"
      "\n"
      "Examples:\n"
      "  {exe} train\n"
      "  {exe} train --data /usr/share/datasets/fashion-mnist --epochs 5 --batch 128\n"
      "  {exe} train --epochs 50 --resume\n"
      "  {exe} train --limit 2000 --validation-limit 500 --epochs 2 --log quick.jsonl\n"
      "  {exe} train --bagging 5 --seed 3\n",
      {
          {"--data", "PATH", "IDX or npy folder, .npz or CSV file, image folder, text file/folder (default: the train block's data)"},
          {"--epochs", "N", "train until N epochs are done (default: the train block's)"},
          {"--batch", "N", "samples per step (default: the train block's)"},
          {"--lr", "X", "learning rate (default: the train block's)"},
          {"--seed", "S", "seed of the initial weights and the shuffling (default 0)"},
          {"--checkpoint", "PATH", "checkpoint to write and resume from (default <model>.ckpt.safetensors)"},
          {"--resume", nullptr, "continue from the checkpoint instead of starting afresh"},
          {"--log", "PATH", "metrics log, one JSON line per epoch (default <model>.metrics.jsonl)"},
          {"--limit", "N", "train on the first N training samples only"},
          {"--memory-budget", "SIZE", "larger .npy samples are streamed from disk (e.g. 1G; default: half the memory)"},
          {"--validation-limit", "N", "validate on the first N validation samples only (0: none)"},
          {"--bagging", "N", "train N ensemble members on bootstrap samples (N checkpoints)"},
      },
      runTrain,
  };
  return command;
}

} // namespace nncrt
