//===- Checkpoint.h - Training checkpoints (weights + optimizer + progress) ===//
//
// A checkpoint is a safetensors file holding the parameters under their
// names (so `predict --weights` reads it like a weights file), the optimizer
// state under "optimizer/<param>.<slot>", and in `__metadata__` where the run
// stands: epochs completed, steps done in the next epoch, optimizer
// iterations, the seed, and the running loss of the epoch in progress (exact
// decimal round trip), so that a resumed run continues bit for bit. Optional
// keys (absent in older checkpoints): correct_count (running accuracy),
// bagging_member, vocabulary (text models: the tokenizer's words, see
// Tokenizer::serialize), class_names (images data), and for models with callbacks their state
// (callback_*), the best weights (tensors "best/<param>") and, once they
// replaced the weights at the end of a run, the last ones ("last/<param>").
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_CHECKPOINT_H
#define NNCRT_CHECKPOINT_H

#include "nncrt/Callbacks.h"
#include "nncrt/ModelDesc.h"
#include "nncrt/Tensor.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace nncrt {

/// Bumped when the meaning of the metadata changes.
constexpr int kCheckpointFormatVersion = 1;

/// Where a training run stands.
struct TrainingProgress {
  int64_t epoch = 0;     ///< epochs completed
  int64_t step = 0;      ///< steps done in epoch `epoch + 1` (0 at epoch ends)
  int64_t iteration = 0; ///< optimizer updates applied since the start
  uint64_t seed = 0;
  double lossSum = 0;    ///< sum of batch loss * batch size in this epoch
  int64_t lossCount = 0; ///< samples in lossSum
  int64_t batch = 0;     ///< batch size the run uses
  int64_t trainSamples = 0; ///< training samples per epoch
  /// Correct predictions among the lossCount samples (accuracy metric).
  int64_t correctCount = 0;
  /// The member of `train --bagging` this run trains, or -1.
  int64_t baggingMember = -1;
};

struct Checkpoint {
  std::vector<Tensor> params; ///< ModelDesc order
  std::vector<Tensor> state;  ///< TrainDesc::state order
  TrainingProgress progress;
  /// What the schedule's callbacks remember (metadata "callback_*"), and
  /// early_stopping's best weights under "best/<param>" (empty until kept).
  CallbackState callbacks;
  std::vector<Tensor> bestParams;
  /// After restore_best_weights replaced `params` at the end of a run: the
  /// weights the run ended with ("last/<param>"), which `--resume` continues
  /// from; empty otherwise.
  std::vector<Tensor> lastParams;
  /// The serialized vocabulary of a text model; empty for other data.
  std::string vocabulary;
  /// The class of each label index (images data); empty for other data.
  std::vector<std::string> classNames;
};

/// The names of a model's optimizer state tensors in a checkpoint.
std::vector<std::string> optimizerStateNames(const ModelDesc &model);

/// Writes the checkpoint atomically (temporary file, then rename).
void saveCheckpoint(const std::string &path, const ModelDesc &model,
                    const Checkpoint &checkpoint);

/// Reads and validates a checkpoint of `model` (which must have a train
/// block): one-line errors name the file and the problem.
Checkpoint loadCheckpoint(const std::string &path, const ModelDesc &model);

/// The metadata key of the vocabulary.
constexpr const char *kVocabularyKey = "vocabulary";
/// The metadata key of the class names: a JSON array of strings.
constexpr const char *kClassNamesKey = "class_names";

/// The metadata entry of the class names: {"class_names": JSON array}, or
/// none when there are none.
std::map<std::string, std::string> classNamesMetadata(const std::vector<std::string> &names);

/// The class names a weights or checkpoint file's metadata holds (empty
/// when it holds none); a malformed entry is an error naming `path`.
std::vector<std::string> classNamesOf(const std::map<std::string, std::string> &metadata,
                                      const std::string &path);

} // namespace nncrt

#endif // NNCRT_CHECKPOINT_H
