//===- Augmentation.h - Left-right flips of training images ----------------===//
//
// The train block's `augment` list (TrainDesc::augment):
//  - flip_lr: the epoch sees every training image twice, as it is and
//    mirrored left-right (the set doubles, as the competition notes do it);
//  - random_flip_lr: each image is mirrored with probability 1/2, decided
//    afresh each epoch from (seed, epoch, sample) alone, so runs and resumed
//    runs repeat exactly.
// Validation and test data are never augmented.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_AUGMENTATION_H
#define NNCRT_AUGMENTATION_H

#include "nncrt/ModelDesc.h"

#include <cstdint>

namespace nncrt {

struct Augmentation {
  bool flipCopies = false; ///< flip_lr
  bool randomFlip = false; ///< random_flip_lr
};

/// The model's augmentation; an unknown name, or a flip of an input that is
/// not an image ([H, W] or [H, W, C]), is an Error.
Augmentation augmentationOf(const ModelDesc &model);

/// Height, width and channels of an image input ([H, W] has 1 channel).
struct ImageGeometry {
  int64_t height = 0, width = 0, channels = 0;
};
ImageGeometry imageGeometry(const TensorSpec &input);

/// Mirrors one row-major [H, W, C] image along W, in place.
void flipLeftRight(float *image, const ImageGeometry &geometry);

/// Whether random_flip_lr mirrors `sample` (an index into the epoch's
/// samples) in `epoch`: one bit of a hash of (seed, epoch, sample).
bool randomFlipDecision(uint64_t seed, int64_t epoch, int64_t sample);

/// A 64-bit mix (splitmix64's finalizer), for seeds derived from seeds.
uint64_t mixBits(uint64_t value);

} // namespace nncrt

#endif // NNCRT_AUGMENTATION_H
