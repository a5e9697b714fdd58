//===- Inputs.cpp - Reading a model input from a data file -----------------===//

#include "nncrt/Inputs.h"

#include "nncrt/CommandLineParser.h"
#include "nncrt/Csv.h"
#include "nncrt/Error.h"
#include "nncrt/FileIO.h"
#include "nncrt/Idx.h"
#include "nncrt/ImageFolder.h"
#include "nncrt/Images.h"
#include "nncrt/Initializers.h"
#include "nncrt/NonFinite.h"
#include "nncrt/Npy.h"
#include "nncrt/Npz.h"

#include <algorithm>
#include <sys/stat.h>

namespace nncrt {

bool isIdxFileName(const std::string &path) {
  std::string plain = endsWith(path, ".gz") ? path.substr(0, path.size() - 3) : path;
  return endsWith(plain, ".idx") || endsWith(plain, "-ubyte") ||
         endsWith(plain, ".idx1") || endsWith(plain, ".idx3");
}

bool isImageInput(const std::string &path) {
  struct stat info;
  if (::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode))
    return true;
  return hasImageExtension(path) && !endsWith(path, ".bmp") && !endsWith(path, ".gif");
}

namespace {

/// An image file, or a folder of them, as samples of `spec` [h, w, c].
Tensor readImages(const std::string &path, const TensorSpec &spec, Scale scale) {
  Shape sample = specShape(spec);
  if (sample.size() != 3 || (sample[2] != 1 && sample[2] != 3 && sample[2] != 4))
    fail("{}: images feed an input of shape [height, width, channels] with 1, 3 "
         "or 4 channels; input '{}' has shape {}",
         path, spec.name, formatShape(sample));
  struct stat info;
  bool folder = ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
  std::vector<std::string> files = folder ? listImageFiles(path) : std::vector{path};
  LoadedImages loaded =
      loadImages(files, ImageFormat{sample[0], sample[1], int(sample[2]), scale});
  // Every image asked for is predicted: none is silently left out.
  if (!loaded.skipped.empty())
    fail("{}{}", loaded.skipped.front(),
         loaded.skipped.size() > 1
             ? fmt::format(" (and {} more unreadable images)", loaded.skipped.size() - 1)
             : "");
  Tensor tensor(loaded.samples.shape());
  for (int64_t row = 0; row < loaded.samples.count(); ++row)
    loaded.samples.copySample(row, tensor.data.data() + row * tensor.sampleSize());
  return tensor;
}

} // namespace

Tensor readInput(const std::string &path, const TensorSpec &spec,
                 const InputFormat &format) {
  Tensor tensor;
  Scale scale;
  if (isImageInput(path)) {
    tensor = readImages(path, spec, format.imageScale);
  } else if (size_t npz = path.rfind(".npz"); npz != std::string::npos &&
                                              (npz + 4 == path.size() || path[npz + 4] == ':')) {
    // archive.npz:array, or the archive's one array.
    std::string archive = path.substr(0, npz + 4);
    std::string name = npz + 4 < path.size() ? path.substr(npz + 5) : "";
    if (name.empty()) {
      std::vector<std::string> names = npzArrayNames(archive);
      if (names.size() != 1)
        fail("{}: the archive holds {} arrays ({}): name one, as {}:{}", archive,
             names.size(), fmt::join(names, ", "), archive,
             names.empty() ? "x" : names.front());
      name = names.front();
    }
    tensor = readNpzArray(archive, name).toTensor();
    scale = format.npyScale;
  } else if (endsWith(path, ".npy")) {
    tensor = readNpy(path);
    scale = format.npyScale;
  } else if (endsWith(path, ".csv") || endsWith(path, ".csv.gz")) {
    tensor = readCsv(path, format.csvColumns).samples;
    scale = format.csvScale;
  } else if (isIdxFileName(path))
    tensor = readIdx(path, IdxReadOptions{/*scaleBytesToUnit=*/true}).tensor;
  else
    fail("{}: unknown input format: expected a .npy file, a .npz archive's "
         "array (data.npz:x_test), a .csv file, an "
         "IDX file (.idx, -ubyte, optionally .gz), a PNG or JPEG image or a "
         "folder of them",
         path);
  if (!scale.isIdentity())
    for (float &value : tensor.data)
      value = scale.apply(value);

  Shape sample = specShape(spec);
  if (tensor.shape.empty())
    fail("{}: holds a single value; input '{}' needs an array of samples "
         "[N, ...] with samples of shape {}",
         path, spec.name, formatShape(sample));
  if (tensor.sampleSize() != numElements(sample))
    fail("{}: shape {} does not fit input '{}' of shape {}: {} elements per "
         "sample, expected {}",
         path, formatShape(tensor.shape), spec.name, formatShape(sample),
         tensor.sampleSize(), numElements(sample));
  // A NaN input gives a NaN output (class 0 for a classifier), silently.
  NonFiniteValues nonFinite = findNonFinite(tensor);
  if (nonFinite.count)
    fail("{}: {}; '{}' takes finite numbers only", path,
         describeNonFinite(nonFinite, tensor.shape), spec.name);
  sample.insert(sample.begin(), tensor.batchSize());
  tensor.shape = std::move(sample);
  return tensor;
}

/// Matches `--input X` / `--input NAME=FILE` values to tensor specs: a value
/// names its tensor unless the model has exactly one.
std::map<int, std::string> bindInputFiles(const std::vector<std::string> &values,
                                          const TensorSpec *specs, int numSpecs,
                                          const char *option, const char *kind,
                                          const char *context) {
  std::vector<std::string> names;
  for (int i = 0; i < numSpecs; ++i)
    names.push_back(specs[i].name);
  std::string nameList = fmt::format("{}", fmt::join(names, ", "));

  std::map<int, std::string> bound;
  for (const std::string &value : values) {
    int index = -1;
    std::string file = value;
    size_t equals = value.find('=');
    if (equals != std::string::npos) {
      std::string name = value.substr(0, equals);
      auto it = std::find(names.begin(), names.end(), name);
      if (it != names.end()) {
        index = int(it - names.begin());
        file = value.substr(equals + 1);
      } else if (numSpecs > 1) {
        fail("{}: {} '{}': the model has no {} '{}'{}; its {}s are: {}",
             context, option, value, kind, name, didYouMean(name, names), kind, nameList);
      }
    }
    if (index < 0) {
      if (numSpecs != 1)
        fail("{}: the model has several {}s ({}): write {} NAME=FILE",
             context, kind, nameList, option);
      index = 0;
    }
    if (file.empty())
      fail("{}: {} '{}' names no file", context, option, value);
    if (!bound.emplace(index, file).second)
      fail("{}: {} '{}' given more than once", context, kind,
           names[index]);
  }
  return bound;
}


} // namespace nncrt
