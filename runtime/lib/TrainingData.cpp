//===- TrainingData.cpp - The samples a model trains and validates on -----===//

#include "nncrt/TrainingData.h"

#include "nncrt/Classification.h"
#include "nncrt/Csv.h"
#include "nncrt/Error.h"
#include "nncrt/ImageFolder.h"
#include "nncrt/Images.h"
#include "nncrt/Initializers.h"
#include "nncrt/NonFinite.h"
#include "nncrt/Npy.h"
#include "nncrt/Npz.h"
#include "nncrt/Summary.h"
#include "nncrt/TextCorpus.h"

#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <functional>
#include <iostream>
#include <optional>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

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

/// The model's one input; data files feed single-input models only.
const TensorSpec &singleInput(const ModelDesc &model) {
  if (model.numInputs != 1)
    fail("model '{}' has {} inputs; its data files feed exactly one",
         model.name, model.numInputs);
  return model.inputs[0];
}

/// Samples must hold as many values as the model's input: MNIST's
/// [N, 28, 28] feeds an input declared [28, 28, 1].
std::shared_ptr<const SampleArray> checkSamples(const ModelDesc &model,
                                                SampleArray samples,
                                                const std::string &path) {
  const TensorSpec &input = singleInput(model);
  Shape sample = specShape(input);
  const Shape &shape = samples.shape();
  if (shape.size() < 2 || samples.sampleSize() != numElements(sample))
    fail("{}: samples of shape {} do not fit input '{}' of shape {} ({} "
         "values per sample, expected {})",
         path,
         formatShape(Shape(shape.begin() + std::min<size_t>(1, shape.size()),
                           shape.end())),
         input.name, formatShape(sample),
         shape.size() < 2 ? 1 : samples.sampleSize(), numElements(sample));
  return std::make_shared<SampleArray>(std::move(samples));
}

/// Labels are one value per sample (a class index, or the target itself
/// when the target is one value), or the whole target of each sample (a
/// one-hot row, a regression vector).
std::string sampleRow(int64_t row) { return fmt::format("sample {}", row); }

std::shared_ptr<const SampleArray>
checkLabels(const ModelDesc &model, SampleArray labels, const std::string &path,
            const SampleArray &samples, const std::string &samplesPath,
            const std::function<std::string(int64_t)> &rowName = sampleRow) {
  const TrainDesc &train = trainOf(model);
  int64_t targetSize = numElements(specShape(train.target));
  if (labels.shape().empty() ||
      (labels.sampleSize() != 1 && labels.sampleSize() != targetSize))
    fail("{}: labels of shape {} do not fit target '{}' of shape {}: expected "
         "one class index per sample or {} values",
         path, formatShape(labels.shape()), train.target.name,
         formatShape(specShape(train.target)), targetSize);
  if (labels.count() != samples.count())
    fail("{}: {} labels for the {} samples of {}", path, labels.count(),
         samples.count(), samplesPath);
  if (labels.sampleSize() != 1 || (targetSize == 1 && !isClassifier(model)))
    return std::make_shared<SampleArray>(std::move(labels));
  // A per-sample target of several values is a one-hot encoding of the label.
  int64_t classes = targetSize;
  // A single class index per sample: the classes are the output's (the
  // compiler gives every output of a trained model one type).
  if (classes == 1)
    classes = classesOfWidth(rowWidth(model.outputs[0]));
  for (int64_t i = 0; i < labels.count(); ++i) {
    float label = labels.at(i, 0);
    if (std::isfinite(label) && label != std::floor(label))
      fail("{}: label {} of {} is not a class index (a whole number in "
           "[0, {}) for target '{}')",
           path, label, rowName(i), classes, train.target.name);
    if (!(label >= 0 && label < float(classes)))
      fail("{}: label {} of {} is outside the {} classes [0, {}) of "
           "target '{}'",
           path, label, rowName(i), classes, classes, train.target.name);
  }
  return std::make_shared<SampleArray>(std::move(labels));
}

/// IDX images are bytes divided by 255 when gathered.
SampleArray idxSamples(IdxBytes file) {
  Shape shape = file.shape;
  return SampleArray::ofBytes(std::move(shape), std::move(file.bytes),
                              file.dataOffset, Scale{1.0f, 255.0f});
}

SampleArray idxLabels(IdxBytes file, const std::string &path) {
  if (file.shape.size() != 1)
    fail("{}: labels must be a 1-dimensional IDX file, found shape {}", path,
         formatShape(file.shape));
  Shape shape{file.shape[0], 1};
  return SampleArray::ofBytes(std::move(shape), std::move(file.bytes),
                              file.dataOffset, Scale{});
}

/// The samples of `samplesPath` and, when the target is the labels, those of
/// `labelsPath`, all of them.
DataSplit readIdxSplit(const ModelDesc &model, const std::string &samplesPath,
                       const std::string &labelsPath) {
  DataSplit split;
  split.samplesPath = samplesPath;
  split.samples =
      checkSamples(model, idxSamples(readIdxBytes(samplesPath)), samplesPath);
  if (!labelsPath.empty()) {
    split.labelsPath = labelsPath;
    split.labels = checkLabels(model, idxLabels(readIdxBytes(labelsPath), labelsPath),
                               labelsPath, *split.samples, samplesPath);
  }
  split.count = split.samples->count();
  return split;
}

/// The data folder's test files (t10k-*), all of their samples.
DataSplit readTestSplit(const ModelDesc &model, const std::string &dir,
                        bool labelsNeeded) {
  return readIdxSplit(model, findDataFile(dir, "t10k-images-idx3-ubyte"),
                      labelsNeeded ? findDataFile(dir, "t10k-labels-idx1-ubyte")
                                   : std::string());
}

int64_t applyLimit(int64_t count, int64_t limit) {
  return limit < 0 ? count : std::min(count, limit);
}

/// Keras's validation_split: the last fraction of `total` samples, taken
/// before any shuffling.
int64_t heldOutCount(int64_t total, float fraction) {
  return int64_t(std::floor(double(total) * fraction));
}

/// The value of the data source's argument `name`; empty when not given.
std::string dataArgument(const TrainDesc &train, const char *name) {
  for (int i = 0; i < train.numDataArgs; ++i)
    if (std::strcmp(train.dataArgs[i].name, name) == 0)
      return train.dataArgs[i].value;
  return "";
}

/// `name` relative to the data folder `dir` (none: the working directory).
std::string inDataFolder(const std::string &dir, const std::string &name) {
  if (dir.empty() || name.empty() || name[0] == '/')
    return name;
  return dir.back() == '/' ? dir + name : dir + "/" + name;
}

/// The bytes of one row (a sample, or a label) of a .npy array.
int64_t npyRowBytes(const NpyHeader &header) {
  if (header.shape.empty() || header.shape[0] == 0)
    return header.elementSize;
  return numElements(header.shape) / header.shape[0] * header.elementSize;
}

/// The split's samples, and its labels when the target is the labels:
/// .npy files, or the arrays of the .npz archive `archive` when one is
/// given. Unsigned bytes stay bytes (scaled when gathered); the rest are
/// floats, scaled now.
DataSplit readNpySplit(const ModelDesc &model, const std::string &samplesPath,
                       const std::string &labelsPath, Scale scale,
                       const std::string &archive = "", const DataOptions *streaming = nullptr) {
  // Errors name a file, or an archive's array as "data.npz:x_train".
  auto where = [&](const std::string &name) {
    return archive.empty() ? name : archive + ":" + name;
  };
  auto read = [&](const std::string &name, Scale scaleBy) {
    std::string path = where(name);
    NpyArray array = archive.empty() ? readNpyArray(name) : readNpzArray(archive, name);
    if (array.isBytes) {
      size_t offset = array.dataOffset;
      return SampleArray::ofBytes(std::move(array.shape), std::move(array.bytes),
                                  offset, scaleBy);
    }
    Tensor values = array.toTensor();
    // A NaN sample would turn the loss into NaN epochs later, far from here.
    NonFiniteValues nonFinite = findNonFinite(values);
    if (nonFinite.count)
      fail("{}: {}; training data must be finite numbers", path,
           describeNonFinite(nonFinite, values.shape));
    if (!scaleBy.isIdentity())
      for (float &value : values.data)
        value = scaleBy.apply(value);
    return SampleArray::ofFloats(std::move(values));
  };
  // Samples larger than the budget stay in their file, and their labels in
  // theirs, read a chunk of rows at a time (RowStream.h); 0: read whole.
  int64_t chunkRows = 0;
  NpyHeader samplesHeader, labelsHeader;
  if (streaming && streaming->memoryBudget > 0) {
    samplesHeader = readNpyHeader(samplesPath);
    int64_t count = samplesHeader.shape.empty() ? 0 : samplesHeader.shape[0];
    int64_t rowBytes = npyRowBytes(samplesHeader);
    if (count > 0 && count * rowBytes > streaming->memoryBudget) {
      if (!samplesHeader.isBytes && samplesHeader.descr != "<f4")
        fail("{}: {} bytes of samples exceed the memory budget of {}, and only uint8 "
             "or float32 arrays are streamed from disk, not '{}' (save with "
             "x.astype('float32'), or raise --memory-budget)",
             samplesPath, count * rowBytes, streaming->memoryBudget, samplesHeader.descr);
      if (!labelsPath.empty())
        labelsHeader = readNpyHeader(labelsPath);
      int64_t labelBytes = labelsPath.empty() ? 0 : npyRowBytes(labelsHeader);
      // The budget holds two chunks of samples and of labels (the one in
      // use, the one read ahead) and one chunk's epoch order.
      chunkRows = std::max<int64_t>(
          1, streaming->memoryBudget / (2 * (rowBytes + labelBytes) + int64_t(sizeof(int64_t))));
      if (streaming->out)
        *streaming->out << fmt::format(
            "{}: {} MiB of samples exceed the {} MiB memory budget: streamed from disk, "
            "{} samples at a time\n",
            samplesPath, count * rowBytes >> 20, streaming->memoryBudget >> 20,
            formatWithThousandsSeparators(chunkRows));
    }
  }
  auto streamed = [&](const std::string &path, NpyHeader header, Scale scaleBy) {
    auto stream = std::make_shared<RowStream>(path, header.dataOffset, header.shape[0],
                                              npyRowBytes(header), chunkRows);
    return SampleArray::ofStream(std::move(header.shape), std::move(stream),
                                 std::move(header.descr), scaleBy, path);
  };
  DataSplit split;
  split.samplesPath = where(samplesPath);
  split.samples = checkSamples(
      model, chunkRows ? streamed(samplesPath, samplesHeader, scale) : read(samplesPath, scale),
      split.samplesPath);
  if (!labelsPath.empty()) {
    split.labelsPath = where(labelsPath);
    // Labels of another count are read whole, for checkLabels's error.
    SampleArray labels = chunkRows && !labelsHeader.shape.empty() &&
                                 labelsHeader.shape[0] == split.samples->count()
                             ? streamed(labelsPath, labelsHeader, Scale{})
                             : read(labelsPath, Scale{});
    if (labels.shape().size() == 1)
      labels.reshape({labels.count(), 1});
    split.labels = checkLabels(model, std::move(labels), split.labelsPath,
                               *split.samples, split.samplesPath);
  }
  split.count = split.samples->count();
  return split;
}

/// The training split (`readTrain`) and the validation split: the data's
/// own test split (`readTest`), or the last fraction of the training split.
/// `eval` reads the test split alone.
template <typename ReadTrain, typename ReadTest>
TrainingData loadSplits(const TrainDesc &train, const DataOptions &options,
                        ReadTrain readTrain, ReadTest readTest) {
  TrainingData data;
  if (train.validationFraction < 0 && options.validationOnly) {
    data.validation = readTest();
    data.validation.count =
        applyLimit(data.validation.count, options.validationLimit);
    return data;
  }
  DataSplit trainSplit = readTrain();
  if (train.validationFraction < 0) {
    data.validation = readTest();
  } else {
    int64_t held = heldOutCount(trainSplit.count, train.validationFraction);
    data.validation = trainSplit;
    data.validation.first = trainSplit.count - held;
    data.validation.count = held;
    trainSplit.count -= held;
  }
  data.train = std::move(trainSplit);
  data.train.count = applyLimit(data.train.count, options.limit);
  data.validation.count =
      applyLimit(data.validation.count, options.validationLimit);
  if (data.train.count == 0 && !options.validationOnly)
    fail("{}: no training samples to train on", data.train.samplesPath);
  return data;
}

TrainingData loadIdxData(const ModelDesc &model, const TrainDesc &train,
                         const DataOptions &options) {
  checkDataFolder(options.dir);
  bool labelsNeeded = train.targetInput == nullptr;
  auto readTrain = [&] {
    return readIdxSplit(model, findDataFile(options.dir, "train-images-idx3-ubyte"),
                        labelsNeeded ? findDataFile(options.dir, "train-labels-idx1-ubyte")
                                     : std::string());
  };
  auto readTest = [&] { return readTestSplit(model, options.dir, labelsNeeded); };
  return loadSplits(train, options, readTrain, readTest);
}

/// `npy(x=, y=, x_test=, y_test=, scale=)`: arrays named relative to the
/// data folder.
TrainingData loadNpyData(const ModelDesc &model, const TrainDesc &train,
                         const DataOptions &options) {
  bool labelsNeeded = train.targetInput == nullptr;
  Scale scale = dataScale(model);
  auto file = [&](const char *name) {
    return inDataFolder(options.dir, dataArgument(train, name));
  };
  auto readTrain = [&] {
    return readNpySplit(model, file("x"), labelsNeeded ? file("y") : std::string(),
                        scale, "", &options);
  };
  auto readTest = [&] {
    if (dataArgument(train, "x_test").empty())
      fail("model '{}': 'validation = test' needs the npy data's test arrays "
           "(x_test=, y_test=)",
           model.name);
    return readNpySplit(model, file("x_test"),
                        labelsNeeded ? file("y_test") : std::string(), scale, "", &options);
  };
  return loadSplits(train, options, readTrain, readTest);
}

/// `npz(path, x=, y=, x_test=, y_test=, scale=)`: arrays of one archive,
/// which `--data FILE` replaces.
TrainingData loadNpzData(const ModelDesc &model, const TrainDesc &train,
                         const DataOptions &options) {
  if (options.dir.empty())
    fail("no .npz archive: give one with --data FILE");
  bool labelsNeeded = train.targetInput == nullptr;
  Scale scale = dataScale(model);
  auto readTrain = [&] {
    return readNpySplit(model, dataArgument(train, "x"),
                        labelsNeeded ? dataArgument(train, "y") : std::string(), scale,
                        options.dir);
  };
  auto readTest = [&] {
    return readNpySplit(model, dataArgument(train, "x_test"),
                        labelsNeeded ? dataArgument(train, "y_test") : std::string(),
                        scale, options.dir);
  };
  return loadSplits(train, options, readTrain, readTest);
}

/// A CSV file's values: bytes when every one is a whole number in [0, 255]
/// (pixels: a quarter of the memory, and the same floats once gathered,
/// float(b) * multiplier / divisor), else scaled floats.
SampleArray csvSamples(Tensor values, Scale scale) {
  bool bytes = std::all_of(values.data.begin(), values.data.end(), [](float value) {
    return !std::signbit(value) && value <= 255 && value == std::floor(value);
  });
  if (bytes) {
    std::string storage(values.data.size(), '\0');
    for (size_t i = 0; i < storage.size(); ++i)
      storage[i] = char(static_cast<uint8_t>(values.data[i]));
    return SampleArray::ofBytes(std::move(values.shape), std::move(storage), 0, scale);
  }
  if (!scale.isIdentity())
    for (float &value : values.data)
      value = scale.apply(value);
  return SampleArray::ofFloats(std::move(values));
}

/// A CSV file's value columns as samples and its label columns as labels
/// (when the target is the labels; otherwise label columns are left out
/// where they are).
DataSplit readCsvSplit(const ModelDesc &model, const std::string &path,
                       bool labelsNeeded) {
  CsvColumns columns = csvColumnsOf(*model.train);
  columns.labelsOptional = !labelsNeeded;
  CsvData csv = readCsv(path, columns);
  const TensorSpec &input = singleInput(model);
  int64_t values = numElements(specShape(input));
  if (int64_t(csv.sampleColumns.size()) != values)
    fail("{}: {} value columns ({} ... {}, after the label and dropped "
         "columns) do not fit input '{}' of shape {}: expected {}",
         path, csv.sampleColumns.size(), csv.sampleColumns.front(),
         csv.sampleColumns.back(), input.name, formatShape(specShape(input)), values);
  DataSplit split;
  split.samplesPath = path;
  split.samples = checkSamples(model, csvSamples(std::move(csv.samples), dataScale(model)),
                               path);
  if (labelsNeeded) {
    split.labelsPath = path;
    std::vector<int64_t> lines = std::move(csv.lines);
    split.labels = checkLabels(
        model, SampleArray::ofFloats(std::move(csv.labels)), path, *split.samples, path,
        [&](int64_t row) { return fmt::format("line {}", lines[size_t(row)]); });
  }
  split.count = split.samples->count();
  return split;
}

/// `csv(path, label=, drop=, scale=, test=)`: the test file is beside the
/// training file.
TrainingData loadCsvData(const ModelDesc &model, const TrainDesc &train,
                         const DataOptions &options) {
  if (options.dir.empty())
    fail("no CSV file: give one with --data FILE");
  bool labelsNeeded = train.targetInput == nullptr;
  auto readTrain = [&] { return readCsvSplit(model, options.dir, labelsNeeded); };
  auto readTest = [&] {
    std::string test = dataArgument(train, "test");
    if (test.empty())
      fail("model '{}': 'validation = test' needs the csv data's test file (test=)",
           model.name);
    size_t slash = options.dir.rfind('/');
    std::string folder = slash == std::string::npos ? "" : options.dir.substr(0, slash);
    return readCsvSplit(model, inDataFolder(folder, test), labelsNeeded);
  };
  return loadSplits(train, options, readTrain, readTest);
}

/// The decode settings of a model's images data: its input's size and
/// channels (the compiler checked `size` and `color` against them).
ImageFormat imageFormatOf(const ModelDesc &model) {
  const TrainDesc &train = trainOf(model);
  ImageFormat format;
  format.height = std::stoll(dataArgument(train, "height"));
  format.width = std::stoll(dataArgument(train, "width"));
  format.channels = channelsOfColorMode(dataArgument(train, "color"));
  format.scale = dataScale(model);
  return format;
}

/// A folder of class folders: the images (in Keras's shuffled order when
/// `seed` is given) and, when the target is the labels, their classes.
DataSplit readImageSplit(const ModelDesc &model, const std::string &dir,
                         bool labelsNeeded, std::optional<uint32_t> seed,
                         std::vector<std::string> &classNames,
                         const DataOptions &options) {
  // Without labels (an autoencoder), every image under the folder, as
  // Keras's labels=None lists them; with labels, the class folders.
  ImageFolderIndex index;
  if (labelsNeeded) {
    index = indexImageFolder(dir);
  } else {
    index.files = listImageFiles(dir);
    index.labels.assign(index.files.size(), 0);
  }
  if (classNames.empty()) {
    classNames = index.classNames;
  } else if (index.classNames != classNames) {
    fail("{}: its class folders ({}) are not the training data's ({})", dir,
         fmt::join(index.classNames, ", "), fmt::join(classNames, ", "));
  }
  if (labelsNeeded) {
    int64_t classes = classesOfWidth(rowWidth(model.outputs[0]));
    if (int64_t(index.classNames.size()) > classes)
      fail("{}: {} class folders, but output '{}' scores {} classes", dir,
           index.classNames.size(), model.outputs[0].name, classes);
  }
  std::vector<std::string> files = index.files;
  std::vector<int64_t> labels = index.labels;
  if (seed) {
    std::vector<int64_t> order = numpyShuffleOrder(int64_t(files.size()), *seed);
    for (size_t i = 0; i < order.size(); ++i) {
      files[i] = index.files[size_t(order[i])];
      labels[i] = index.labels[size_t(order[i])];
    }
  }
  LoadedImages loaded = loadImages(files, imageFormatOf(model));
  reportSkippedImages(loaded.skipped, dir, options.err ? *options.err : std::cerr);
  if (loaded.kept.empty())
    fail("{}: none of its {} image files could be read", dir, files.size());
  if (options.out)
    *options.out << fmt::format(
        "{}: {} images{}\n", dir, formatWithThousandsSeparators(int64_t(loaded.kept.size())),
        labelsNeeded ? fmt::format(" in {} classes", index.classNames.size()) : "");
  DataSplit split;
  split.samplesPath = dir;
  split.samples = checkSamples(model, std::move(loaded.samples), dir);
  if (labelsNeeded) {
    Tensor keptLabels(Shape{int64_t(loaded.kept.size()), 1});
    for (size_t i = 0; i < loaded.kept.size(); ++i)
      keptLabels.data[i] = float(labels[loaded.kept[i]]);
    split.labelsPath = dir;
    split.labels = checkLabels(
        model, SampleArray::ofFloats(std::move(keptLabels)), dir, *split.samples, dir,
        [&](int64_t row) { return files[loaded.kept[size_t(row)]]; });
  }
  split.count = split.samples->count();
  return split;
}

/// `images(path, size=, color=, scale=, test=, seed=)`: the test folder is
/// beside the training folder.
TrainingData loadImageData(const ModelDesc &model, const TrainDesc &train,
                           const DataOptions &options) {
  bool labelsNeeded = train.targetInput == nullptr;
  std::vector<std::string> classNames;
  std::string seedText = dataArgument(train, "seed");
  std::optional<uint32_t> seed;
  if (!seedText.empty())
    seed = uint32_t(std::stoul(seedText));
  std::string dir = options.dir;
  while (dir.size() > 1 && dir.back() == '/')
    dir.pop_back();
  auto readTrain = [&] {
    return readImageSplit(model, dir, labelsNeeded, seed, classNames, options);
  };
  auto readTest = [&] {
    std::string test = dataArgument(train, "test");
    if (test.empty())
      fail("model '{}': 'validation = test' needs the images data's test folder "
           "(test=)",
           model.name);
    size_t slash = dir.rfind('/');
    std::string parent = slash == std::string::npos ? "" : dir.substr(0, slash);
    // The test folder keeps its files' order: nothing is held out of it.
    return readImageSplit(model, inDataFolder(parent, test), labelsNeeded,
                          std::nullopt, classNames, options);
  };
  TrainingData data = loadSplits(train, options, readTrain, readTest);
  data.classNames = std::move(classNames);
  return data;
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
  data.train.samplesPath = options.dir;
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

int64_t defaultMemoryBudget() {
  long pages = ::sysconf(_SC_PHYS_PAGES), pageSize = ::sysconf(_SC_PAGESIZE);
  if (pages <= 0 || pageSize <= 0)
    return 0;
  return int64_t(pages) * int64_t(pageSize) / 2;
}

int64_t parseMemoryBudget(const std::string &text) {
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])))
    ++digits;
  std::string unit = text.substr(digits);
  int shift = unit.empty() ? 0
              : unit == "K" || unit == "k" ? 10
              : unit == "M" || unit == "m" ? 20
              : unit == "G" || unit == "g" ? 30
                                           : -1;
  if (digits == 0 || digits > 12 || shift < 0 || std::stoll(text.substr(0, digits)) == 0)
    fail("--memory-budget: expected a positive size such as 512M or 4G, got '{}'",
         printable(text));
  return std::stoll(text.substr(0, digits)) << shift;
}

int64_t DataSplit::streamedChunkRows() const {
  return samples && samples->stream() ? samples->stream()->chunkRows() : 0;
}

void DataSplit::planChunks(const std::vector<int64_t> &chunkOrder) const {
  for (const auto *array : {samples.get(), labels.get()})
    if (array && array->stream())
      array->stream()->planChunks(chunkOrder);
}

ChunkedEpochOrder::ChunkedEpochOrder(int64_t count, int64_t chunkRows, uint64_t seed,
                                     int64_t epoch, bool shuffle)
    : count(count), chunkRows(std::max<int64_t>(1, chunkRows)), seed(seed), epoch(epoch),
      shuffle(shuffle) {
  int64_t chunks = (count + this->chunkRows - 1) / this->chunkRows;
  visits = chunks <= 1 ? std::vector<int64_t>(size_t(chunks), 0)
                       : epochOrder(chunks, seed ^ 0x6368756e6b73ull /* "chunks" */,
                                    epoch, shuffle);
  int64_t position = 0;
  for (int64_t chunk : visits) {
    visitStarts.push_back(position);
    position += std::min(this->chunkRows, count - chunk * this->chunkRows);
  }
}

void ChunkedEpochOrder::enterVisit(size_t visit) {
  int64_t chunk = visits[visit];
  int64_t first = chunk * chunkRows, rows = std::min(chunkRows, count - first);
  // A single chunk keeps the order of data read whole; several chunks each
  // have a seed of their own, the same epoch.
  uint64_t chunkSeed =
      visits.size() == 1 ? seed : seed + uint64_t(chunk + 1) * 0x9e3779b97f4a7c15ull;
  currentRows = epochOrder(rows, chunkSeed, epoch, shuffle);
  for (int64_t &row : currentRows)
    row += first;
  currentVisit = visit;
}

int64_t ChunkedEpochOrder::operator[](int64_t position) {
  if (position < 0 || position >= count)
    fail("internal: position {} outside an epoch of {} rows", position, count);
  if (currentVisit == SIZE_MAX || position < visitStarts[currentVisit] ||
      position >= visitStarts[currentVisit] + int64_t(currentRows.size()))
    enterVisit(size_t(std::upper_bound(visitStarts.begin(), visitStarts.end(), position) -
                      visitStarts.begin() - 1));
  return currentRows[size_t(position - visitStarts[currentVisit])];
}

Scale dataScale(const ModelDesc &model) {
  if (!model.train || dataArgument(*model.train, "scale_multiplier").empty())
    return {};
  return Scale{std::stof(dataArgument(*model.train, "scale_multiplier")),
               std::stof(dataArgument(*model.train, "scale_divisor"))};
}

CsvColumns csvColumnsOf(const TrainDesc &train) {
  CsvColumns columns;
  for (int i = 0; i < train.numDataArgs; ++i) {
    const DataArg &arg = train.dataArgs[i];
    if (std::strcmp(arg.name, "label") == 0)
      columns.labels.push_back(arg.value);
    else if (std::strcmp(arg.name, "drop") == 0)
      columns.dropped.push_back(arg.value);
  }
  return columns;
}

InputFormat inputFormatOf(const ModelDesc &model) {
  InputFormat format;
  std::string kind = model.train && model.train->dataKind ? model.train->dataKind : "";
  if (kind == "npy" || kind == "npz")
    format.npyScale = dataScale(model);
  if (kind == "csv") {
    format.csvScale = dataScale(model);
    format.csvColumns = csvColumnsOf(*model.train);
  }
  // Images scale as the model's samples did: IDX pixels were divided by 255.
  format.imageScale = kind == "idx" ? Scale{1.0f, 255.0f} : dataScale(model);
  format.csvColumns.labelsOptional = true;
  return format;
}

TrainingData loadTrainingData(const ModelDesc &model, const DataOptions &options) {
  const TrainDesc &train = trainOf(model);
  std::string kind = train.dataKind ? train.dataKind : "";
  if (kind == "text")
    return loadTextData(model, train, options);
  if (kind == "npy")
    return loadNpyData(model, train, options);
  if (kind == "npz")
    return loadNpzData(model, train, options);
  if (kind == "csv")
    return loadCsvData(model, train, options);
  if (kind == "images")
    return loadImageData(model, train, options);
  if (kind != "idx")
    fail("model '{}' trains on '{}' data; this runtime reads IDX folders, "
         ".npy arrays, .npz archives, CSV files, image folders and text",
         model.name, kind);
  return loadIdxData(model, train, options);
}

DataSplit loadTestImages(const ModelDesc &model, const std::string &dir,
                         int64_t limit) {
  const TrainDesc &train = trainOf(model);
  DataSplit split;
  if (train.dataKind && std::string(train.dataKind) != "idx") {
    DataOptions options;
    options.dir = dir;
    options.validationOnly = true;
    split = loadTrainingData(model, options).validation;
  } else {
    checkDataFolder(dir);
    std::string path = findDataFile(dir, "t10k-images-idx3-ubyte");
    split = readIdxSplit(model, path, "");
  }
  split.count = applyLimit(split.count, limit);
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
  int64_t sampleSize = split.samples->sampleSize();
  if (input.batchSize() < count || input.sampleSize() != sampleSize)
    fail("internal: batch tensor of shape {} cannot hold {} samples of {} "
         "values",
         formatShape(input.shape), count, sampleSize);
  for (int64_t i = 0; i < count; ++i)
    split.samples->copySample(split.first + rows[i],
                              input.data.data() + i * sampleSize);
  if (!split.labels)
    return;
  int64_t targetSize = numElements(specShape(trainOf(model).target));
  if (target.batchSize() < count || target.sampleSize() != targetSize)
    fail("internal: target tensor of shape {} cannot hold {} targets",
         formatShape(target.shape), count);
  const SampleArray &labels = *split.labels;
  for (int64_t i = 0; i < count; ++i) {
    int64_t row = split.first + rows[i];
    float *destination = target.data.data() + i * targetSize;
    if (labels.sampleSize() == targetSize) {
      labels.copySample(row, destination);
    } else {
      std::fill(destination, destination + targetSize, 0.0f);
      destination[int64_t(labels.at(row, 0))] = 1.0f;
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

TrainingSamples::TrainingSamples(int64_t count, Augmentation augmentation, uint64_t seed)
    : identityRows(count), augmentation(augmentation), seed(seed) {}

int64_t TrainingSamples::count() const {
  int64_t base = identityRows >= 0 ? identityRows : int64_t(rows.size());
  return base * (augmentation.flipCopies ? 2 : 1);
}

SampleRef TrainingSamples::at(int64_t index, int64_t epoch) const {
  int64_t base = identityRows >= 0 ? identityRows : int64_t(rows.size());
  int64_t position = index % base;
  SampleRef sample{identityRows >= 0 ? position : rows[size_t(position)], index >= base};
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
