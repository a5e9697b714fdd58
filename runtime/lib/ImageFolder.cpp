//===- ImageFolder.cpp - A folder of images, one subfolder per class ------===//

#include "nncrt/ImageFolder.h"

#include "nncrt/Error.h"
#include "nncrt/FileIO.h"
#include "nncrt/Images.h"
#include "nncrt/Summary.h"

#include <algorithm>
#include <filesystem>
#include <random>
#include <utility>

namespace nncrt {

namespace fs = std::filesystem;

namespace {

void checkFolder(const std::string &dir, const char *what) {
  std::error_code error;
  if (dir.empty())
    fail("no {} given: give one with --data DIR", what);
  fs::file_status status = fs::status(dir, error);
  if (error || !fs::exists(status))
    fail("{}: {} not found", dir, what);
  if (!fs::is_directory(status))
    fail("{}: not a folder; images data is a folder with one subfolder of "
         "images per class",
         dir);
}

/// Keras's _recursive_list: folder by folder in sorted order of their
/// paths, each folder's files in sorted order (Python sorts str by code
/// point, as UTF-8 bytes compare). Folder links are not followed.
std::vector<std::string> imageFilesUnder(const fs::path &dir) {
  std::vector<std::pair<std::string, std::string>> found; // (folder, name)
  std::error_code error;
  for (fs::recursive_directory_iterator it(dir, error), end; !error && it != end;
       it.increment(error)) {
    if (!it->is_regular_file(error))
      continue;
    std::string name = it->path().filename().string();
    if (hasImageExtension(name))
      found.emplace_back(it->path().parent_path().string(), name);
  }
  if (error)
    fail("{}: cannot list the folder: {}", dir.string(), error.message());
  std::sort(found.begin(), found.end());
  std::vector<std::string> files;
  for (auto &[folder, name] : found)
    files.push_back(folder + "/" + name);
  return files;
}

} // namespace

ImageFolderIndex indexImageFolder(const std::string &dir) {
  checkFolder(dir, "image folder");
  std::vector<std::string> classFolders;
  std::error_code error;
  for (fs::directory_iterator it(dir, error), end; !error && it != end;
       it.increment(error))
    // Keras leaves hidden folders (".ipynb_checkpoints") out.
    if (it->is_directory(error) && it->path().filename().string()[0] != '.')
      classFolders.push_back(it->path().filename().string());
  if (error)
    fail("{}: cannot list the folder: {}", dir, error.message());
  std::sort(classFolders.begin(), classFolders.end());
  if (classFolders.empty())
    fail("{}: no class folders; images data is a folder with one subfolder "
         "of images per class (as Keras's image_dataset_from_directory)",
         dir);

  ImageFolderIndex index;
  for (const std::string &name : classFolders) {
    std::vector<std::string> files = imageFilesUnder(fs::path(dir) / name);
    if (files.empty())
      fail("{}/{}: class folder holds no images (.png, .jpg, .jpeg)", dir, name);
    for (std::string &file : files) {
      index.files.push_back(std::move(file));
      index.labels.push_back(int64_t(index.classNames.size()));
    }
    index.classNames.push_back(name);
  }
  return index;
}

std::vector<std::string> listImageFiles(const std::string &dir) {
  checkFolder(dir, "image folder");
  std::vector<std::string> files = imageFilesUnder(dir);
  if (files.empty())
    fail("{}: no images (.png, .jpg, .jpeg) in the folder", dir);
  return files;
}

std::vector<int64_t> numpyShuffleOrder(int64_t count, uint32_t seed) {
  std::vector<int64_t> order(size_t(std::max<int64_t>(count, 0)));
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = int64_t(i);
  // RandomState(seed) is MT19937's init_genrand(seed), as std::mt19937's;
  // shuffle draws j in [0, i] by masked rejection (numpy's random_interval).
  std::mt19937 generator(seed);
  for (int64_t i = count - 1; i > 0; --i) {
    auto max = uint32_t(i);
    uint32_t mask = max;
    for (int shift : {1, 2, 4, 8, 16})
      mask |= mask >> shift;
    uint32_t j;
    while ((j = uint32_t(generator()) & mask) > max) {
    }
    std::swap(order[size_t(i)], order[size_t(j)]);
  }
  return order;
}

LoadedImages loadImages(const std::vector<std::string> &files,
                        const ImageFormat &format) {
  int64_t sampleSize = format.height * format.width * format.channels;
  LoadedImages loaded;
  // Bytes while every image has the model's size; floats from the first
  // one that needs resizing.
  std::string bytes;
  std::vector<float> floats;
  bool asBytes = true;
  for (size_t i = 0; i < files.size(); ++i) {
    DecodedImage image;
    try {
      image = decodeImage(readFile(files[i]), files[i], format.channels);
    } catch (const Error &error) {
      loaded.skipped.push_back(error.what());
      continue;
    }
    bool nativeSize = image.height == format.height && image.width == format.width;
    if (asBytes && !nativeSize) {
      asBytes = false;
      floats.reserve(files.size() * size_t(sampleSize));
      for (char byte : bytes)
        floats.push_back(format.scale.apply(float(static_cast<unsigned char>(byte))));
      std::string().swap(bytes);
    }
    if (asBytes) {
      bytes.append(reinterpret_cast<const char *>(image.pixels.data()),
                   image.pixels.size());
    } else {
      size_t start = floats.size();
      floats.resize(start + size_t(sampleSize));
      resizeBilinear(image, format.height, format.width, floats.data() + start);
      if (!format.scale.isIdentity())
        for (size_t k = start; k < floats.size(); ++k)
          floats[k] = format.scale.apply(floats[k]);
    }
    loaded.kept.push_back(i);
  }
  Shape shape{int64_t(loaded.kept.size()), format.height, format.width,
              format.channels};
  if (asBytes) {
    loaded.samples = SampleArray::ofBytes(std::move(shape), std::move(bytes), 0,
                                          format.scale);
  } else {
    Tensor tensor;
    tensor.shape = std::move(shape);
    tensor.data = std::move(floats);
    loaded.samples = SampleArray::ofFloats(std::move(tensor));
  }
  return loaded;
}

void reportSkippedImages(const std::vector<std::string> &skipped,
                         const std::string &where, std::ostream &err,
                         size_t limit) {
  if (skipped.empty())
    return;
  for (size_t i = 0; i < skipped.size() && i < limit; ++i)
    err << "warning: " << skipped[i] << "; skipped\n";
  if (skipped.size() > limit)
    err << fmt::format("warning: ... and {} more\n", skipped.size() - limit);
  err << fmt::format("warning: {}: skipped {} {} that could not be read as "
                     "images\n",
                     where, formatWithThousandsSeparators(int64_t(skipped.size())),
                     skipped.size() == 1 ? "file" : "files");
}

} // namespace nncrt
