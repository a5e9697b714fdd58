//===- Images.h - PNG and JPEG files as pixels, resized as Keras does -----===//
//
// Decoding follows TensorFlow's decode_image, which Keras's
// image_dataset_from_directory uses, so that a folder of images gives the
// same pixels here as there: 16-bit PNG channels keep their high byte,
// palettes and transparency expand, alpha is dropped or added (opaque),
// colour becomes grey with libpng's rgb_to_gray(0.299, 0.587) for PNG and
// libjpeg's own luma for JPEG, and JPEG uses the fast integer DCT with fancy
// upsampling (TensorFlow's default). The format is told by the file's
// signature, not its name.
//
// Resizing is TensorFlow's ResizeBilinear with half-pixel centres and no
// antialiasing (tf.image.resize's "bilinear"), computed in f32 as it does.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_IMAGES_H
#define NNCRT_IMAGES_H

#include <cstdint>
#include <string>
#include <vector>

namespace nncrt {

/// Channels of Keras's color_mode: grayscale 1, rgb 3, rgba 4.
int channelsOfColorMode(const std::string &color);

/// An image as bytes, row-major [height, width, channels].
struct DecodedImage {
  int64_t height = 0;
  int64_t width = 0;
  int channels = 0;
  std::vector<uint8_t> pixels;
};

/// Whether `path` names a file Keras's image_dataset_from_directory lists
/// (.png, .jpg, .jpeg, .bmp, .gif, in any case).
bool hasImageExtension(const std::string &path);

/// Decodes the PNG or JPEG `bytes` of `path` into `channels` channels (1,
/// 3 or 4). A file that is not a PNG or JPEG, or is corrupt or truncated,
/// fails with a message naming `path` and the problem.
DecodedImage decodeImage(const std::string &bytes, const std::string &path,
                         int channels);

/// `image` resized to [height, width, channels] as floats in [0, 255]
/// (tf.image.resize, bilinear), written to `destination`.
void resizeBilinear(const DecodedImage &image, int64_t height, int64_t width,
                    float *destination);

} // namespace nncrt

#endif // NNCRT_IMAGES_H
