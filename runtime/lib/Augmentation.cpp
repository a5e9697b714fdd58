//===- Augmentation.cpp - Left-right flips of training images --------------===//

#include "nncrt/Augmentation.h"

#include "nncrt/Error.h"
#include "nncrt/Initializers.h"

#include <algorithm>
#include <cstring>

namespace nncrt {

Augmentation augmentationOf(const ModelDesc &model) {
  Augmentation augmentation;
  if (!model.train)
    return augmentation;
  for (int i = 0; i < model.train->numAugment; ++i) {
    const char *name = model.train->augment[i];
    if (std::strcmp(name, "flip_lr") == 0)
      augmentation.flipCopies = true;
    else if (std::strcmp(name, "random_flip_lr") == 0)
      augmentation.randomFlip = true;
    else
      fail("model '{}' asks for augmentation '{}'; this runtime knows flip_lr "
           "and random_flip_lr",
           model.name, name);
  }
  if ((augmentation.flipCopies || augmentation.randomFlip) &&
      model.numInputs == 1)
    imageGeometry(model.inputs[0]); // checks that the input is an image
  return augmentation;
}

ImageGeometry imageGeometry(const TensorSpec &input) {
  if (input.rank == 2)
    return {input.shape[0], input.shape[1], 1};
  if (input.rank == 3)
    return {input.shape[0], input.shape[1], input.shape[2]};
  fail("left-right flips need an image input of shape [H, W] or [H, W, C]; "
       "input '{}' has rank {}",
       input.name, input.rank);
}

void flipLeftRight(float *image, const ImageGeometry &geometry) {
  const int64_t channels = geometry.channels;
  for (int64_t y = 0; y < geometry.height; ++y) {
    float *row = image + y * geometry.width * channels;
    for (int64_t left = 0, right = geometry.width - 1; left < right;
         ++left, --right)
      std::swap_ranges(row + left * channels, row + (left + 1) * channels,
                       row + right * channels);
  }
}

uint64_t mixBits(uint64_t value) {
  value += 0x9e3779b97f4a7c15ull;
  value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ull;
  value = (value ^ (value >> 27)) * 0x94d049bb133111ebull;
  return value ^ (value >> 31);
}

bool randomFlipDecision(uint64_t seed, int64_t epoch, int64_t sample) {
  uint64_t bits =
      mixBits(mixBits(mixBits(seed) ^ uint64_t(epoch)) ^ uint64_t(sample));
  return (bits >> 63) != 0;
}

} // namespace nncrt
