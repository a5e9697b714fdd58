//===- TrainingData.h - The samples a model trains and validates on -------===//
//
// An `idx` data folder holds MNIST-format files: train-images-idx3-ubyte,
// train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte,
// each optionally gzip-compressed (.gz). Images stay bytes in memory (60,000
// Fashion-MNIST images are 47 MB, not 188 MB as floats); each batch is
// converted to floats in [0, 1] when it is gathered. Labels are read only
// when the model's target is the labels.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_TRAININGDATA_H
#define NNCRT_TRAININGDATA_H

#include "nncrt/Augmentation.h"
#include "nncrt/Idx.h"
#include "nncrt/ModelDesc.h"
#include "nncrt/Tensor.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace nncrt {

/// Rows [first, first + count) of an image file and its labels.
struct DataSplit {
  std::shared_ptr<const IdxBytes> images;
  std::shared_ptr<const IdxBytes> labels; ///< null when the target is an input
  std::string imagesPath, labelsPath;
  int64_t first = 0;
  int64_t count = 0;
};

struct TrainingData {
  DataSplit train;
  DataSplit validation; ///< count 0: no validation
};

struct DataOptions {
  std::string dir;
  int64_t limit = -1;           ///< use the first N training samples
  int64_t validationLimit = -1; ///< use the first N validation samples
};

/// Loads the training and validation splits of `model`'s train block.
TrainingData loadTrainingData(const ModelDesc &model, const DataOptions &options);

/// Loads the first `limit` (all if negative) test images of `dir` for a
/// model whose target is its input (no labels).
DataSplit loadTestImages(const ModelDesc &model, const std::string &dir,
                         int64_t limit);

/// Gathers split rows `rows[0..count)` (indices relative to the split): the
/// model's single input into `input` and, when the target is the labels,
/// the targets into `target`. Both tensors are [capacity, sample...] with
/// capacity >= count.
void gatherBatch(const ModelDesc &model, const DataSplit &split,
                 const int64_t *rows, int64_t count, Tensor &input,
                 Tensor &target);

/// One training sample: a split row, as it is or mirrored left-right.
struct SampleRef {
  int64_t row = 0;
  bool flip = false;
};

/// Like gatherBatch, mirroring the images of the samples marked `flip`.
void gatherSamples(const ModelDesc &model, const DataSplit &split,
                   const SampleRef *samples, int64_t count, Tensor &input,
                   Tensor &target);

/// The samples of a training epoch before shuffling: the split's rows (or a
/// bootstrap sample of them), followed by their mirrored copies under
/// flip_lr, each mirrored by chance under random_flip_lr.
class TrainingSamples {
public:
  TrainingSamples(std::vector<int64_t> rows, Augmentation augmentation,
                  uint64_t seed);

  int64_t count() const;
  /// Sample `index` (in [0, count())) of `epoch`.
  SampleRef at(int64_t index, int64_t epoch) const;

private:
  std::vector<int64_t> rows;
  Augmentation augmentation;
  uint64_t seed;
};

/// The order of the training rows in `epoch` (0-based): a permutation that
/// depends only on (seed, epoch), or the identity without shuffling.
std::vector<int64_t> epochOrder(int64_t count, uint64_t seed, int64_t epoch,
                                bool shuffle);

} // namespace nncrt

#endif // NNCRT_TRAININGDATA_H
