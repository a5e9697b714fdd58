//===- ImageFolder.h - A folder of images, one subfolder per class --------===//
//
// Keras's image_dataset_from_directory(labels="inferred"): the subfolders
// of a folder, in sorted order, are the classes; each holds its images,
// nested folders included, listed folder by folder in sorted order. With
// a seed, the list is shuffled as Keras shuffles it (numpy's
// RandomState(seed).shuffle), so that `validation = 0.2` holds out the
// same files as Keras's validation_split=0.2 with that seed.
//
// Images are decoded and resized once, at load (Images.h). A file that is
// not a readable PNG or JPEG is reported and skipped, with a count. When
// every image already has the model's size, pixels stay bytes in memory
// (scaled when a batch is gathered), otherwise they are resized floats.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_IMAGEFOLDER_H
#define NNCRT_IMAGEFOLDER_H

#include "nncrt/SampleArray.h"

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace nncrt {

/// The image files of a folder of class folders, in Keras's order.
struct ImageFolderIndex {
  std::vector<std::string> classNames;
  std::vector<std::string> files;
  std::vector<int64_t> labels; ///< the class of each file
};

/// Lists `dir` as Keras does: files whose names end in .png, .jpg, .jpeg,
/// .bmp or .gif (any case). A missing folder, a folder without class
/// folders and a class folder without images are errors naming the folder.
ImageFolderIndex indexImageFolder(const std::string &dir);

/// The images of a folder without classes (predict's input, an
/// autoencoder's data): its image files, nested folders included, in the
/// order of Keras's labels=None.
std::vector<std::string> listImageFiles(const std::string &dir);

/// numpy.random.RandomState(seed).shuffle applied to [0, count): the
/// permutation Keras applies to its file list.
std::vector<int64_t> numpyShuffleOrder(int64_t count, uint32_t seed);

/// What to decode images into.
struct ImageFormat {
  int64_t height = 0;
  int64_t width = 0;
  int channels = 0;
  Scale scale;
};

/// Decoded images and the files they came from.
struct LoadedImages {
  SampleArray samples;            ///< [N, height, width, channels]
  std::vector<size_t> kept;       ///< index into the file list of each sample
  std::vector<std::string> skipped; ///< one message per unreadable file
};

/// Decodes `files` to `format`, skipping unreadable ones.
LoadedImages loadImages(const std::vector<std::string> &files,
                        const ImageFormat &format);

/// Prints up to `limit` skipped-file messages as warnings, then a count.
void reportSkippedImages(const std::vector<std::string> &skipped,
                         const std::string &where, std::ostream &err,
                         size_t limit = 10);

} // namespace nncrt

#endif // NNCRT_IMAGEFOLDER_H
