//===- TrainingData.h - The samples a model trains and validates on -------===//
//
// An `npy` source names .npy arrays (numpy.save) of samples and labels, in
// the data folder: x and y for training, x_test and y_test for `validation =
// test`. Unsigned bytes stay bytes until a batch is gathered; `scale`
// multiplies the samples (`1/255`: the same floats as `x / 255` in NumPy).
// Labels are a class index per sample, or the whole target of each sample.
//
// An `npz` source names arrays of one .npz archive (numpy.savez), read as
// npy arrays are; the names default to those of Keras's mnist.npz.
//
// Samples of an npy source larger than the memory budget stay on disk
// (RowStream.h): each epoch visits their chunks in a shuffled order and
// the rows of each chunk shuffled (ChunkedEpochOrder).
//
// A `csv` source is a CSV file with a header row (Csv.h): its `label`
// columns are the labels, its `drop` columns are left out, the other
// columns are each sample's values, scaled like npy samples; errors name
// the file's line and column.
//
// An `idx` data folder holds MNIST-format files: train-images-idx3-ubyte,
// train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte,
// each optionally gzip-compressed (.gz). Images stay bytes in memory (60,000
// Fashion-MNIST images are 47 MB, not 188 MB as floats); each batch is
// converted to floats in [0, 1] when it is gathered. Labels are read only
// when the model's target is the labels.
//
// An `images` folder (ImageFolder.h) holds one subfolder of PNG/JPEG images
// per class, as Keras's image_dataset_from_directory reads it; with a seed
// the files are shuffled as Keras shuffles them before `validation = 0.2`
// holds out the last fifth. The class names go into the checkpoint.
//
// A `text` corpus (TextCorpus.h) becomes tokenized sentences of
// max_tokens indices (TextSequences.h); a batch gathers each sentence's
// first max_tokens - 1 tokens as the input [B, T] and its last max_tokens - 1
// as the target [B, T], indices as floats. Text training drops an epoch's
// last partial batch, as the notes' tf.data pipeline does.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_TRAININGDATA_H
#define NNCRT_TRAININGDATA_H

#include "nncrt/Augmentation.h"
#include "nncrt/Idx.h"
#include "nncrt/Inputs.h"
#include "nncrt/SampleArray.h"
#include "nncrt/ModelDesc.h"
#include "nncrt/Tensor.h"
#include "nncrt/TextSequences.h"

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace nncrt {

/// Rows [first, first + count) of a file of samples and its labels, or of
/// the sentences of a text corpus.
struct DataSplit {
  std::shared_ptr<const SampleArray> samples;
  std::shared_ptr<const SampleArray> labels; ///< null when the target is an input
  /// Text data (then `samples` and `labels` are null; samplesPath names the
  /// corpus).
  std::shared_ptr<const TextSequences> text;
  std::string samplesPath, labelsPath;
  int64_t first = 0;
  int64_t count = 0;

  /// The chunk rows of its arrays streamed from disk (RowStream.h): samples
  /// and labels stream together, in chunks of the same rows; 0 when the
  /// split is in memory.
  int64_t streamedChunkRows() const;
  /// Tells its streamed arrays the order in which the coming accesses visit
  /// the chunks (empty: the file's order).
  void planChunks(const std::vector<int64_t> &chunkOrder) const;
};

struct TrainingData {
  DataSplit train;
  DataSplit validation; ///< count 0: no validation
  /// An epoch ends with the last full batch (text data).
  bool dropPartialBatch = false;
  /// The class of each label index (images data: the class folders).
  std::vector<std::string> classNames;
};

struct DataOptions {
  std::string dir;
  int64_t limit = -1;           ///< use the first N training samples
  int64_t validationLimit = -1; ///< use the first N validation samples
  /// Where text data reports its size (one line) and warnings; may be null.
  std::ostream *out = nullptr;
  std::ostream *err = nullptr;
  /// An .npy file of samples with more bytes than this is not read whole
  /// but streamed from disk in chunks (RowStream.h) holding at most this
  /// many bytes; 0: no limit.
  int64_t memoryBudget = 0;
  /// Only the validation split is wanted (eval): with the test split as
  /// validation, the training files are neither read nor checked, and no
  /// split is required to hold training samples.
  bool validationOnly = false;
};

/// Half the machine's memory: the default budget of the data read whole.
int64_t defaultMemoryBudget();

/// `--memory-budget` values: bytes, or a number with K, M or G (binary).
int64_t parseMemoryBudget(const std::string &text);

/// The order of a split's rows in `epoch`: its chunks of `chunkRows`
/// consecutive rows in a shuffled order, each chunk's rows shuffled within
/// it (so that two chunks in memory suffice for a streamed split); with one
/// chunk, epochOrder's order. Each chunk's order is computed when the epoch
/// reaches it, so that what is held is one chunk's order, not the epoch's.
class ChunkedEpochOrder {
public:
  ChunkedEpochOrder(int64_t count, int64_t chunkRows, uint64_t seed, int64_t epoch,
                    bool shuffle);

  /// The row at `position` in [0, count) of the epoch; fastest visited in
  /// order (another chunk's position computes that chunk's order).
  int64_t operator[](int64_t position);

  /// The chunks in the order the epoch visits them.
  const std::vector<int64_t> &chunkVisits() const { return visits; }

  /// The most rows' positions held at once: one chunk's.
  int64_t heldRows() const { return int64_t(currentRows.capacity()); }

private:
  void enterVisit(size_t visit);

  int64_t count, chunkRows;
  uint64_t seed;
  int64_t epoch;
  bool shuffle;
  std::vector<int64_t> visits;
  std::vector<int64_t> visitStarts; ///< the epoch position of each visit's first row
  size_t currentVisit = SIZE_MAX;
  std::vector<int64_t> currentRows; ///< the current chunk's rows, in epoch order
};

/// The scale of the model's npy or csv data (identity for other data).
Scale dataScale(const ModelDesc &model);

/// The label and dropped columns of a train block's csv data.
CsvColumns csvColumnsOf(const TrainDesc &train);

/// How `predict` and `gradient` read input files: as training read the
/// samples of the model's data (its scale, its CSV columns).
InputFormat inputFormatOf(const ModelDesc &model);

/// Loads the training and validation splits of `model`'s train block.
TrainingData loadTrainingData(const ModelDesc &model, const DataOptions &options);

/// Loads the first `limit` (all if negative) test images of `dir` (IDX) or
/// validation samples (other data) for a model whose target is its input
/// (no labels).
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
  /// The split's rows 0 .. count - 1 themselves, kept as a count: no
  /// per-sample list in memory (streamed data sets can be large).
  TrainingSamples(int64_t count, Augmentation augmentation, uint64_t seed);

  int64_t count() const;
  /// Sample `index` (in [0, count())) of `epoch`.
  SampleRef at(int64_t index, int64_t epoch) const;

private:
  std::vector<int64_t> rows;
  int64_t identityRows = -1; ///< >= 0: the rows are 0 .. identityRows - 1
  Augmentation augmentation;
  uint64_t seed;
};

/// The order of the training rows in `epoch` (0-based): a permutation that
/// depends only on (seed, epoch), or the identity without shuffling.
std::vector<int64_t> epochOrder(int64_t count, uint64_t seed, int64_t epoch,
                                bool shuffle);

} // namespace nncrt

#endif // NNCRT_TRAININGDATA_H
