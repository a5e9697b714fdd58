//===- TrainingData.cpp - The samples a model trains and validates on -----===//

#include "nncrt/TrainingData.h"

#include "nncrt/Classification.h"
#include "nncrt/Error.h"
#include "nncrt/Initializers.h"
#include "nncrt/Summary.h"
#include "nncrt/TextCorpus.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iostream>
#include <random>
#include <sys/stat.h>

namespace nncrt {

namespace {

bool exists(const std::string &path) {
  struct stat info;
  return ::stat(path.c_str(), &info) == 0;
}

/// `dir/base` or `dir/base.gz`.
std::string findDataFile(const std::string &dir, const std::string &base) {
  std::string plain = dir + "/" + base;
  if (exists(plain))
    return plain;
  if (exists(plain + ".gz"))
    return plain + ".gz";
  fail("{}: missing {} (or {}.gz) in the data folder", dir, base, base);
}

void checkDataFolder(const std::string &dir) {
  struct stat info;
  if (dir.empty())
    fail("no data folder: give one with --data DIR");
  if (::stat(dir.c_str(), &info) != 0)
    fail("{}: data folder not found", dir);
  if (!S_ISDIR(info.st_mode))
    fail("{}: not a folder; --data expects a folder of IDX files", dir);
}

const TrainDesc &trainOf(const ModelDesc &model) {
  if (!model.train)
    fail("model '{}' has no train block", model.name);
  return *model.train;
}

/// The model's one input; IDX folders feed single-input models only.
const TensorSpec &singleInput(const ModelDesc &model) {
  if (model.numInputs != 1)
    fail("model '{}' has {} inputs; an IDX data folder feeds exactly one",
         model.name, model.numInputs);
  return model.inputs[0];
}

std::shared_ptr<const IdxBytes> readImages(const ModelDesc &model,
                                           const std::string &path) {
  auto images = std::make_shared<IdxBytes>(readIdxBytes(path));
  const TensorSpec &input = singleInput(model);
  Shape sample = specShape(input);
  if (images->shape.size() < 2 || images->sampleSize() != numElements(sample))
    fail("{}: samples of shape {} do not fit input '{}' of shape {} ({} "
         "values per sample, expected {})",
         path,
         formatShape(Shape(images->shape.begin() + std::min<size_t>(1, images->shape.size()),
                           images->shape.end())),
         input.name, formatShape(sample),
         images->shape.size() < 2 ? 1 : images->sampleSize(), numElements(sample));
  return images;
}

std::shared_ptr<const IdxBytes> readLabels(const ModelDesc &model,
                                           const std::string &path,
                                           const IdxBytes &images,
                                           const std::string &imagesPath) {
  const TrainDesc &train = trainOf(model);
  auto labels = std::make_shared<IdxBytes>(readIdxBytes(path));
  if (labels->shape.size() != 1)
    fail("{}: labels must be a 1-dimensional IDX file, found shape {}", path,
         formatShape(labels->shape));
  if (labels->shape[0] != images.shape[0])
    fail("{}: {} labels for the {} images of {}", path, labels->shape[0],
         images.shape[0], imagesPath);
  // A per-sample target of several values is a one-hot encoding of the label.
  int64_t classes = numElements(specShape(train.target));
  // A single class index per sample: the classes are the output's (the
  // compiler gives every output of a trained model one type).
  if (classes == 1 && isClassifier(model))
    classes = classesOfWidth(rowWidth(model.outputs[0]));
  if (classes > 1)
    for (int64_t i = 0; i < labels->shape[0]; ++i)
      if (labels->data()[i] >= classes)
        fail("{}: label {} of sample {} is outside the {} classes [0, {}) of "
             "target '{}'",
             path, labels->data()[i], i, classes, classes, train.target.name);
  return labels;
}

/// The data folder's test files (t10k-*), all of their samples.
DataSplit readTestSplit(const ModelDesc &model, const std::string &dir,
                        bool labelsNeeded) {
  DataSplit split;
  split.imagesPath = findDataFile(dir, "t10k-images-idx3-ubyte");
  if (labelsNeeded)
    split.labelsPath = findDataFile(dir, "t10k-labels-idx1-ubyte");
  split.images = readImages(model, split.imagesPath);
  if (labelsNeeded)
    split.labels =
        readLabels(model, split.labelsPath, *split.images, split.imagesPath);
  split.count = split.images->shape[0];
  return split;
}

int64_t applyLimit(int64_t count, int64_t limit) {
  return limit < 0 ? count : std::min(count, limit);
}

/// Keras's validation_split: the last fraction of `total` samples, taken
/// before any shuffling.
int64_t heldOutCount(int64_t total, float fraction) {
  return int64_t(std::floor(double(total) * fraction));
}

/// The model's input and target must both be one sentence less a token.
void checkTextShapes(const ModelDesc &model, const TrainDesc &train) {
  const TensorSpec &input = singleInput(model);
  Shape expected{int64_t(train.textMaxTokens) - 1};
  if (specShape(input) != expected)
    fail("model '{}': input '{}' has shape {}, but text data of max_tokens={} "
         "gives samples of {} tokens (shape {})",
         model.name, input.name, formatShape(specShape(input)),
         train.textMaxTokens, expected[0], formatShape(expected));
  if (train.targetInput || specShape(train.target) != expected)
    fail("model '{}': the target of text data is the next token at each of "
         "the {} positions (shape {}), not {}",
         model.name, expected[0], formatShape(expected),
         train.targetInput ? std::string("input '") + train.targetInput + "'"
                           : formatShape(specShape(train.target)));
  // Targets are indices below num_words: the scores must cover them.
  if (model.numOutputs < 1)
    fail("model '{}' has no output to score the next token", model.name);
  const TensorSpec &scores = model.outputs[0];
  int64_t classes = scores.rank ? scores.shape[scores.rank - 1] : 1;
  if (classes < train.textNumWords)
    fail("model '{}': output '{}' scores {} tokens, fewer than the text "
         "data's num_words={}",
         model.name, scores.name, classes, train.textNumWords);
}

TrainingData loadTextData(const ModelDesc &model, const TrainDesc &train,
                          const DataOptions &options) {
  checkTextShapes(model, train);
  std::ostream &err = options.err ? *options.err : std::cerr;
  TextCorpus corpus = readTextCorpus(options.dir, err);
  auto sequences = std::make_shared<TextSequences>(buildTextSequences(
      corpus.sentences, train.textNumWords, train.textMaxTokens));
  int64_t total = sequences->count();
  if (total == 0)
    fail("{}: no sentence of at most {} tokens among the {} cleaned lines",
         options.dir, train.textMaxTokens, corpus.sentences.size());

  TrainingData data;
  data.dropPartialBatch = true;
  data.train.text = sequences;
  data.train.imagesPath = options.dir;
  // Text has no test split: validation is a fraction of the sentences or
  // nothing.
  int64_t held = train.validationFraction < 0
                     ? 0
                     : heldOutCount(total, train.validationFraction);
  data.validation = data.train;
  data.validation.first = total - held;
  data.validation.count = applyLimit(held, options.validationLimit);
  data.train.count = applyLimit(total - held, options.limit);
  if (data.train.count == 0 && !options.validationOnly)
    fail("{}: no training sentences left after holding {} out for validation",
         options.dir, held);
  if (options.out)
    *options.out << fmt::format(
        "{}: {} sentences ({} lines cleaned, vocabulary {} of {} words), {} "
        "train / {} validation\n",
        options.dir, formatWithThousandsSeparators(total),
        formatWithThousandsSeparators(sequences->sentencesBeforeFilter),
        // Words, not indices: <pad> and <unk> would make "26 of 24 words".
        formatWithThousandsSeparators(sequences->tokenizer.keptWords()),
        formatWithThousandsSeparators(sequences->tokenizer.distinctWords()),
        formatWithThousandsSeparators(data.train.count),
        formatWithThousandsSeparators(data.validation.count));
  return data;
}

} // namespace

TrainingData loadTrainingData(const ModelDesc &model, const DataOptions &options) {
  const TrainDesc &train = trainOf(model);
  std::string kind = train.dataKind ? train.dataKind : "";
  if (kind == "text")
    return loadTextData(model, train, options);
  if (kind != "idx")
    fail("model '{}' trains on '{}' data; this runtime reads IDX folders and "
         "text",
         model.name, kind);
  checkDataFolder(options.dir);
  bool labelsNeeded = train.targetInput == nullptr;

  TrainingData data;
  DataSplit &validation = data.validation;
  if (train.validationFraction < 0 && options.validationOnly) {
    validation = readTestSplit(model, options.dir, labelsNeeded);
    validation.count = applyLimit(validation.count, options.validationLimit);
    return data;
  }
  DataSplit &trainSplit = data.train;
  trainSplit.imagesPath = findDataFile(options.dir, "train-images-idx3-ubyte");
  if (labelsNeeded)
    trainSplit.labelsPath = findDataFile(options.dir, "train-labels-idx1-ubyte");
  trainSplit.images = readImages(model, trainSplit.imagesPath);
  if (labelsNeeded)
    trainSplit.labels = readLabels(model, trainSplit.labelsPath,
                                   *trainSplit.images, trainSplit.imagesPath);
  int64_t total = trainSplit.images->shape[0];

  if (train.validationFraction < 0) {
    validation = readTestSplit(model, options.dir, labelsNeeded);
    trainSplit.count = total;
  } else {
    int64_t held = heldOutCount(total, train.validationFraction);
    validation = trainSplit;
    validation.first = total - held;
    validation.count = held;
    trainSplit.count = total - held;
  }
  trainSplit.count = applyLimit(trainSplit.count, options.limit);
  validation.count = applyLimit(validation.count, options.validationLimit);
  if (trainSplit.count == 0 && !options.validationOnly)
    fail("{}: no training samples to train on", trainSplit.imagesPath);
  return data;
}

DataSplit loadTestImages(const ModelDesc &model, const std::string &dir,
                         int64_t limit) {
  checkDataFolder(dir);
  DataSplit split;
  split.imagesPath = findDataFile(dir, "t10k-images-idx3-ubyte");
  split.images = readImages(model, split.imagesPath);
  split.count = applyLimit(split.images->shape[0], limit);
  return split;
}

namespace {

void gatherText(const DataSplit &split, const int64_t *rows, int64_t count,
                Tensor &input, Tensor &target) {
  const TextSequences &text = *split.text;
  int64_t length = text.sampleLength();
  for (Tensor *tensor : {&input, &target})
    if (tensor->batchSize() < count || tensor->sampleSize() != length)
      fail("internal: batch tensor of shape {} cannot hold {} samples of {} "
           "tokens",
           formatShape(tensor->shape), count, length);
  for (int64_t i = 0; i < count; ++i) {
    int64_t row = split.first + rows[i];
    copySampleTokens(text, row, 0, input.data.data() + i * length);
    copySampleTokens(text, row, 1, target.data.data() + i * length);
  }
}

} // namespace

void gatherBatch(const ModelDesc &model, const DataSplit &split,
                 const int64_t *rows, int64_t count, Tensor &input,
                 Tensor &target) {
  if (split.text)
    return gatherText(split, rows, count, input, target);
  int64_t sampleSize = split.images->sampleSize();
  if (input.batchSize() < count || input.sampleSize() != sampleSize)
    fail("internal: batch tensor of shape {} cannot hold {} samples of {} "
         "values",
         formatShape(input.shape), count, sampleSize);
  const uint8_t *pixels = split.images->data();
  for (int64_t i = 0; i < count; ++i) {
    const uint8_t *source = pixels + (split.first + rows[i]) * sampleSize;
    float *destination = input.data.data() + i * sampleSize;
    // Divide (not multiply by 1/255): the same floats as x / 255 in NumPy.
    for (int64_t k = 0; k < sampleSize; ++k)
      destination[k] = float(source[k]) / 255.0f;
  }
  if (!split.labels)
    return;
  int64_t targetSize = numElements(specShape(trainOf(model).target));
  if (target.batchSize() < count || target.sampleSize() != targetSize)
    fail("internal: target tensor of shape {} cannot hold {} targets",
         formatShape(target.shape), count);
  for (int64_t i = 0; i < count; ++i) {
    uint8_t label = split.labels->data()[split.first + rows[i]];
    float *destination = target.data.data() + i * targetSize;
    if (targetSize == 1) {
      destination[0] = float(label);
    } else {
      std::fill(destination, destination + targetSize, 0.0f);
      destination[label] = 1.0f;
    }
  }
}

void gatherSamples(const ModelDesc &model, const DataSplit &split,
                   const SampleRef *samples, int64_t count, Tensor &input,
                   Tensor &target) {
  std::vector<int64_t> rows(static_cast<size_t>(count));
  bool anyFlip = false;
  for (int64_t i = 0; i < count; ++i) {
    rows[size_t(i)] = samples[i].row;
    anyFlip |= samples[i].flip;
  }
  gatherBatch(model, split, rows.data(), count, input, target);
  if (!anyFlip)
    return;
  if (split.text)
    fail("internal: text samples cannot be mirrored");
  ImageGeometry geometry = imageGeometry(singleInput(model));
  for (int64_t i = 0; i < count; ++i)
    if (samples[i].flip)
      flipLeftRight(input.data.data() + i * input.sampleSize(), geometry);
}

TrainingSamples::TrainingSamples(std::vector<int64_t> rows,
                                 Augmentation augmentation, uint64_t seed)
    : rows(std::move(rows)), augmentation(augmentation), seed(seed) {}

int64_t TrainingSamples::count() const {
  return int64_t(rows.size()) * (augmentation.flipCopies ? 2 : 1);
}

SampleRef TrainingSamples::at(int64_t index, int64_t epoch) const {
  auto base = int64_t(rows.size());
  SampleRef sample{rows[size_t(index % base)], index >= base};
  if (augmentation.randomFlip && randomFlipDecision(seed, epoch, index))
    sample.flip = !sample.flip;
  return sample;
}

std::vector<int64_t> epochOrder(int64_t count, uint64_t seed, int64_t epoch,
                                bool shuffle) {
  std::vector<int64_t> order(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i)
    order[size_t(i)] = i;
  if (!shuffle)
    return order;
  // Fisher-Yates with a generator seeded from (seed, epoch) alone, and
  // indices drawn by hand: std's distributions differ between libraries.
  std::seed_seq sequence{uint32_t(seed), uint32_t(seed >> 32), uint32_t(epoch),
                         uint32_t(uint64_t(epoch) >> 32), 0x5eedu};
  std::mt19937_64 generator(sequence);
  for (int64_t i = count - 1; i > 0; --i) {
    auto j = int64_t(generator() % uint64_t(i + 1));
    std::swap(order[size_t(i)], order[size_t(j)]);
  }
  return order;
}

} // namespace nncrt
