//===- Checkpoint.cpp - Training checkpoints -------------------------------===//

#include "nncrt/Checkpoint.h"

#include "nncrt/CommandLineParser.h"
#include "nncrt/Error.h"
#include "nncrt/Initializers.h"
#include "nncrt/NonFinite.h"
#include "nncrt/SafeTensors.h"
#include "nncrt/TrainingPipelines.h"
#include "nncrt/Weights.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>

#include <nlohmann/json.hpp>

namespace nncrt {

namespace {

constexpr const char *kFormatName = "nnc-checkpoint";

const TrainDesc &trainOf(const ModelDesc &model) {
  if (!model.train)
    fail("model '{}' has no train block", model.name);
  return *model.train;
}

const std::string &metadataValue(const std::string &path,
                                 const std::map<std::string, std::string> &metadata,
                                 const char *key) {
  auto it = metadata.find(key);
  if (it == metadata.end())
    fail("{}: corrupt checkpoint: __metadata__ has no '{}'", path, key);
  return it->second;
}

int64_t metadataInteger(const std::string &path,
                        const std::map<std::string, std::string> &metadata,
                        const char *key) {
  const std::string &text = metadataValue(path, metadata, key);
  try {
    return parseInteger(text, key, 0, INT64_MAX);
  } catch (const Error &) {
    fail("{}: corrupt checkpoint: __metadata__ '{}' is '{}', expected a "
         "non-negative integer",
         path, key, text);
  }
}

double metadataDouble(const std::string &path,
                      const std::map<std::string, std::string> &metadata,
                      const char *key) {
  const std::string &text = metadataValue(path, metadata, key);
  char *end = nullptr;
  errno = 0;
  double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || errno != 0 || !std::isfinite(value))
    fail("{}: corrupt checkpoint: __metadata__ '{}' is '{}', expected a "
         "finite number",
         path, key, text);
  return value;
}

/// A number that may be infinite (a callback's best before any epoch).
double metadataNumber(const std::string &path,
                      const std::map<std::string, std::string> &metadata,
                      const char *key) {
  const std::string &text = metadataValue(path, metadata, key);
  char *end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || std::isnan(value))
    fail("{}: corrupt checkpoint: __metadata__ '{}' is '{}', expected a number",
         path, key, text);
  return value;
}

/// Moves tensor `name` out of `file`, checking its shape.
Tensor takeTensor(const std::string &path, SafeTensorsFile &file,
                  const std::string &name, const Shape &expected) {
  auto it = file.tensors.find(name);
  if (it == file.tensors.end())
    fail("{}: checkpoint is missing tensor '{}' (expected shape {})", path,
         name, formatShape(expected));
  if (it->second.shape != expected)
    fail("{}: tensor '{}' has shape {}, expected {}", path, name,
         formatShape(it->second.shape), formatShape(expected));
  // A resumed run would carry NaN weights or optimizer state on, and save
  // them again.
  requireFiniteTensor(path, name, it->second);
  Tensor tensor = std::move(it->second);
  file.tensors.erase(it);
  return tensor;
}

} // namespace

std::map<std::string, std::string> classNamesMetadata(const std::vector<std::string> &names) {
  if (names.empty())
    return {};
  return {{kClassNamesKey, nlohmann::json(names).dump()}};
}

std::vector<std::string> classNamesOf(const std::map<std::string, std::string> &metadata,
                                      const std::string &path) {
  auto entry = metadata.find(kClassNamesKey);
  if (entry == metadata.end())
    return {};
  nlohmann::json names = nlohmann::json::parse(entry->second, nullptr, /*allow_exceptions=*/false);
  bool valid = names.is_array() && std::all_of(names.begin(), names.end(),
                                               [](const nlohmann::json &name) {
                                                 return name.is_string();
                                               });
  if (!valid)
    fail("{}: corrupt metadata: '{}' must be a JSON array of class names, got {}", path,
         kClassNamesKey, printable(entry->second));
  return names.get<std::vector<std::string>>();
}

std::vector<std::string> optimizerStateNames(const ModelDesc &model) {
  const TrainDesc &train = trainOf(model);
  std::vector<std::string> names;
  for (int i = 0; i < countTrainableParams(model) * train.numStatePerParam; ++i)
    names.push_back(std::string(kOptimizerStatePrefix) + train.state[i].name);
  return names;
}

void saveCheckpoint(const std::string &path, const ModelDesc &model,
                    const Checkpoint &checkpoint) {
  const TrainDesc &train = trainOf(model);
  std::vector<std::string> stateNames = optimizerStateNames(model);
  if (checkpoint.params.size() != size_t(model.numParams) ||
      checkpoint.state.size() != stateNames.size())
    fail("{}: checkpoint of model '{}' needs {} parameters and {} state "
         "tensors, got {} and {}",
         path, model.name, model.numParams, stateNames.size(),
         checkpoint.params.size(), checkpoint.state.size());
  SafeTensorsFile file;
  for (int i = 0; i < model.numParams; ++i)
    file.tensors[model.params[i].tensor.name] = checkpoint.params[i];
  for (size_t i = 0; i < stateNames.size(); ++i)
    file.tensors[stateNames[i]] = checkpoint.state[i];
  const TrainingProgress &progress = checkpoint.progress;
  file.metadata = {
      {"format", kFormatName},
      {"format_version", std::to_string(kCheckpointFormatVersion)},
      {"model", model.name},
      {"optimizer", train.optimizer},
      {"loss", train.loss},
      {"epoch", std::to_string(progress.epoch)},
      {"step", std::to_string(progress.step)},
      {"iteration", std::to_string(progress.iteration)},
      {"seed", std::to_string(progress.seed)},
      // 17 significant digits: the double reads back bit for bit.
      {"loss_sum", fmt::format("{:.17g}", progress.lossSum)},
      {"loss_count", std::to_string(progress.lossCount)},
      {"batch", std::to_string(progress.batch)},
      {"train_samples", std::to_string(progress.trainSamples)},
      {"producer", "nnc train"},
      {"correct_count", std::to_string(progress.correctCount)},
  };
  if (progress.baggingMember >= 0)
    file.metadata["bagging_member"] = std::to_string(progress.baggingMember);
  if (!checkpoint.vocabulary.empty())
    file.metadata[kVocabularyKey] = checkpoint.vocabulary;
  file.metadata.merge(classNamesMetadata(checkpoint.classNames));
  if (train.numCallbacks > 0) {
    const CallbackState &state = checkpoint.callbacks;
    auto number = [](double value) { return fmt::format("{:.17g}", value); };
    file.metadata.insert({
        {"callback_reduced_learning_rate", number(state.reducedLearningRate)},
        {"callback_stop_best", number(state.stopBest)},
        {"callback_stop_best_set", std::to_string(int(state.stopBestSet))},
        {"callback_stop_wait", std::to_string(state.stopWait)},
        {"callback_stop_best_epoch", std::to_string(state.stopBestEpoch)},
        {"callback_stopped_after", std::to_string(state.stoppedAfter)},
        {"callback_plateau_best", number(state.plateauBest)},
        {"callback_plateau_best_set", std::to_string(int(state.plateauBestSet))},
        {"callback_plateau_wait", std::to_string(state.plateauWait)},
        {"callback_plateau_cooldown", std::to_string(state.plateauCooldown)},
        {"callback_saved_best", number(state.savedBest)},
        {"callback_saved_best_set", std::to_string(int(state.savedBestSet))},
    });
    for (auto [prefix, params] : {std::pair{kBestWeightsPrefix, &checkpoint.bestParams},
                                  std::pair{kLastWeightsPrefix, &checkpoint.lastParams}})
      for (size_t i = 0; i < params->size(); ++i)
        file.tensors[prefix + std::string(model.params[i].tensor.name)] = (*params)[i];
  }
  writeSafeTensors(path, file);
}

Checkpoint loadCheckpoint(const std::string &path, const ModelDesc &model) {
  const TrainDesc &train = trainOf(model);
  SafeTensorsFile file = readSafeTensors(path);
  const auto &metadata = file.metadata;
  auto format = metadata.find("format");
  if (format == metadata.end() || format->second != kFormatName)
    fail("{}: not a training checkpoint (its __metadata__ has no format "
         "'{}'; a weights file cannot be resumed)",
         path, kFormatName);
  int64_t version = metadataInteger(path, metadata, "format_version");
  if (version != kCheckpointFormatVersion)
    fail("{}: checkpoint format version {}, this program reads version {}",
         path, version, kCheckpointFormatVersion);
  const std::string &owner = metadataValue(path, metadata, "model");
  if (owner != model.name)
    fail("{}: checkpoint belongs to model '{}', not '{}'", path, owner,
         model.name);
  const std::string &optimizer = metadataValue(path, metadata, "optimizer");
  if (optimizer != train.optimizer)
    fail("{}: checkpoint holds '{}' optimizer state, but model '{}' trains "
         "with '{}'",
         path, optimizer, model.name, train.optimizer);

  Checkpoint checkpoint;
  for (int i = 0; i < model.numParams; ++i)
    checkpoint.params.push_back(takeTensor(path, file, model.params[i].tensor.name,
                                           specShape(model.params[i].tensor)));
  std::vector<std::string> stateNames = optimizerStateNames(model);
  for (size_t i = 0; i < stateNames.size(); ++i)
    checkpoint.state.push_back(
        takeTensor(path, file, stateNames[i], specShape(train.state[i])));
  for (auto [prefix, params] : {std::pair{kBestWeightsPrefix, &checkpoint.bestParams},
                                std::pair{kLastWeightsPrefix, &checkpoint.lastParams}}) {
    bool present = train.numCallbacks > 0 && model.numParams > 0 &&
                   file.tensors.count(prefix + std::string(model.params[0].tensor.name));
    for (int i = 0; present && i < model.numParams; ++i)
      params->push_back(takeTensor(path, file, prefix + std::string(model.params[i].tensor.name),
                                   specShape(model.params[i].tensor)));
  }
  if (!file.tensors.empty())
    fail("{}: unexpected tensor '{}': model '{}' has no parameter or "
         "optimizer state of that name",
         path, file.tensors.begin()->first, model.name);

  TrainingProgress &progress = checkpoint.progress;
  progress.epoch = metadataInteger(path, metadata, "epoch");
  progress.step = metadataInteger(path, metadata, "step");
  progress.iteration = metadataInteger(path, metadata, "iteration");
  progress.seed = uint64_t(metadataInteger(path, metadata, "seed"));
  progress.lossSum = metadataDouble(path, metadata, "loss_sum");
  progress.lossCount = metadataInteger(path, metadata, "loss_count");
  progress.batch = metadataInteger(path, metadata, "batch");
  progress.trainSamples = metadataInteger(path, metadata, "train_samples");
  if (metadata.count("correct_count"))
    progress.correctCount = metadataInteger(path, metadata, "correct_count");
  if (metadata.count("bagging_member"))
    progress.baggingMember = metadataInteger(path, metadata, "bagging_member");
  if (metadata.count(kVocabularyKey))
    checkpoint.vocabulary = metadata.at(kVocabularyKey);
  checkpoint.classNames = classNamesOf(metadata, path);
  if (progress.batch == 0)
    fail("{}: corrupt checkpoint: batch size 0", path);
  // A checkpoint of the model before it had callbacks starts them afresh.
  if (train.numCallbacks > 0 && metadata.count("callback_stop_wait")) {
    CallbackState &state = checkpoint.callbacks;
    auto integer = [&](const char *key) { return metadataInteger(path, metadata, key); };
    state.reducedLearningRate =
        float(metadataDouble(path, metadata, "callback_reduced_learning_rate"));
    state.stopBest = metadataNumber(path, metadata, "callback_stop_best");
    state.stopBestSet = integer("callback_stop_best_set") != 0;
    state.stopWait = integer("callback_stop_wait");
    state.stopBestEpoch = integer("callback_stop_best_epoch");
    state.stoppedAfter = integer("callback_stopped_after");
    state.plateauBest = metadataNumber(path, metadata, "callback_plateau_best");
    state.plateauBestSet = integer("callback_plateau_best_set") != 0;
    state.plateauWait = integer("callback_plateau_wait");
    state.plateauCooldown = integer("callback_plateau_cooldown");
    if (metadata.count("callback_saved_best")) {
      state.savedBest = metadataNumber(path, metadata, "callback_saved_best");
      state.savedBestSet = integer("callback_saved_best_set") != 0;
    }
  }
  return checkpoint;
}

} // namespace nncrt
