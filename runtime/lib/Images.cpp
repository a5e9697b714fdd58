//===- Images.cpp - PNG and JPEG files as pixels, resized as Keras does ---===//

#include "nncrt/Images.h"

#include "nncrt/Error.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <csetjmp>
#include <cstdio>
#include <cstring>

#include <jpeglib.h>
// After jpeglib.h, which it needs: the message codes (JWRN_JPEG_EOF).
#include <jerror.h>
#include <png.h>

namespace nncrt {

namespace {

/// Larger images are refused rather than allocated (a corrupt header can
/// claim any size).
constexpr int64_t kMaxDecodedBytes = int64_t(1) << 30;

void checkSize(const std::string &path, int64_t height, int64_t width,
               int channels) {
  if (height <= 0 || width <= 0)
    fail("{}: image of {}x{} pixels", path, width, height);
  if (height * width * channels > kMaxDecodedBytes)
    fail("{}: image of {}x{} pixels is too large to decode (over {} bytes)",
         path, width, height, kMaxDecodedBytes);
}

//===----------------------------------------------------------------------===//
// PNG: libpng with TensorFlow's transformations (png_io.cc)
//===----------------------------------------------------------------------===//

/// libpng reports errors through a callback that must not return: it
/// longjmps back to decodePng with the message kept here.
struct PngReader {
  const std::string *bytes;
  size_t position = 8; // after the signature, checked before
  char message[256] = "";
};

void readPngBytes(png_structp png, png_bytep out, png_size_t length) {
  auto *reader = static_cast<PngReader *>(png_get_io_ptr(png));
  if (length > reader->bytes->size() - reader->position)
    png_error(png, "the file ends early (truncated)");
  std::memcpy(out, reader->bytes->data() + reader->position, length);
  reader->position += length;
}

void onPngError(png_structp png, png_const_charp message) {
  auto *reader = static_cast<PngReader *>(png_get_error_ptr(png));
  std::snprintf(reader->message, sizeof reader->message, "%s", message);
  png_longjmp(png, 1);
}

void ignorePngWarning(png_structp, png_const_charp) {}

DecodedImage decodePng(const std::string &bytes, const std::string &path,
                       int channels) {
  PngReader reader{&bytes};
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &reader,
                                           onPngError, ignorePngWarning);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!info) {
    png_destroy_read_struct(&png, nullptr, nullptr);
    fail("{}: out of memory decoding PNG", path);
  }
  // Nothing with a destructor lives between setjmp and the longjmp.
  DecodedImage *image = new DecodedImage;
  std::vector<png_bytep> *rows = new std::vector<png_bytep>;
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    delete image;
    delete rows;
    fail("{}: corrupt PNG: {}", path, reader.message);
  }
  png_set_read_fn(png, &reader, readPngBytes);
  png_set_sig_bytes(png, 8);
  png_read_info(png, info);
  png_uint_32 width, height;
  int bitDepth, colorType;
  png_get_IHDR(png, info, &width, &height, &bitDepth, &colorType, nullptr,
               nullptr, nullptr);

  bool hasTransparency = png_get_valid(png, info, PNG_INFO_tRNS) != 0;
  bool hasAlpha = (colorType & PNG_COLOR_MASK_ALPHA) != 0;
  if (channels == 4) {
    if (!hasAlpha && hasTransparency)
      png_set_tRNS_to_alpha(png);
    else if (!hasAlpha)
      png_set_add_alpha(png, 0xff, PNG_FILLER_AFTER);
  } else if (hasAlpha || hasTransparency) {
    png_set_strip_alpha(png);
  }
  if (bitDepth > 8)
    png_set_strip_16(png); // the high byte, as TensorFlow's uint8 decode
  png_set_packing(png);
  png_set_interlace_handling(png);
  if (colorType == PNG_COLOR_TYPE_PALETTE)
    png_set_palette_to_rgb(png);
  bool isGray = (colorType & PNG_COLOR_MASK_COLOR) == 0;
  if (isGray && bitDepth < 8)
    png_set_expand_gray_1_2_4_to_8(png);
  if (channels == 1 && !isGray)
    png_set_rgb_to_gray(png, 1, 0.299, 0.587); // ITU-R 601, as JPEG
  else if (channels > 1 && isGray)
    png_set_gray_to_rgb(png);
  png_read_update_info(png, info);
  if (png_get_channels(png, info) != channels || png_get_bit_depth(png, info) != 8) {
    std::snprintf(reader.message, sizeof reader.message,
                  "unexpected layout after conversion (%d channels of %d bits)",
                  png_get_channels(png, info), png_get_bit_depth(png, info));
    png_longjmp(png, 1);
  }
  if (int64_t(height) * width * channels > kMaxDecodedBytes) {
    std::snprintf(reader.message, sizeof reader.message,
                  "image of %ux%u pixels is too large to decode", width, height);
    png_longjmp(png, 1);
  }
  image->height = height;
  image->width = width;
  image->channels = channels;
  image->pixels.resize(size_t(height) * width * channels);
  rows->resize(height);
  for (png_uint_32 y = 0; y < height; ++y)
    (*rows)[y] = image->pixels.data() + size_t(y) * width * channels;
  png_read_image(png, rows->data());
  png_read_end(png, nullptr);
  png_destroy_read_struct(&png, &info, nullptr);
  DecodedImage result = std::move(*image);
  delete image;
  delete rows;
  return result;
}

//===----------------------------------------------------------------------===//
// JPEG: libjpeg with TensorFlow's settings (jpeg_mem.cc)
//===----------------------------------------------------------------------===//

struct JpegErrors {
  jpeg_error_mgr manager;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX] = "";
};

void onJpegError(j_common_ptr info) {
  auto *errors = reinterpret_cast<JpegErrors *>(info->err);
  (*info->err->format_message)(info, errors->message);
  std::longjmp(errors->jump, 1);
}

/// Warnings are quiet, except data that ends early: libjpeg would fill the
/// rest of the image with grey and carry on.
void onJpegMessage(j_common_ptr info, int level) {
  if (level == -1 && info->err->msg_code == JWRN_JPEG_EOF)
    onJpegError(info);
}

DecodedImage decodeJpeg(const std::string &bytes, const std::string &path,
                        int channels) {
  jpeg_decompress_struct info;
  JpegErrors errors;
  info.err = jpeg_std_error(&errors.manager);
  errors.manager.error_exit = onJpegError;
  errors.manager.emit_message = onJpegMessage;
  DecodedImage *image = new DecodedImage;
  if (setjmp(errors.jump)) {
    jpeg_destroy_decompress(&info);
    delete image;
    fail("{}: corrupt JPEG: {}", path, errors.message);
  }
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, reinterpret_cast<const unsigned char *>(bytes.data()),
               static_cast<unsigned long>(bytes.size()));
  jpeg_read_header(&info, TRUE);
  if (info.jpeg_color_space == JCS_CMYK || info.jpeg_color_space == JCS_YCCK) {
    std::snprintf(errors.message, sizeof errors.message,
                  "CMYK images are not supported (convert to RGB)");
    std::longjmp(errors.jump, 1);
  }
  info.out_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
  info.dct_method = JDCT_IFAST; // TensorFlow's default
  info.do_fancy_upsampling = TRUE;
  jpeg_start_decompress(&info);
  int64_t width = info.output_width, height = info.output_height;
  int components = info.output_components;
  if (height * width * channels > kMaxDecodedBytes) {
    std::snprintf(errors.message, sizeof errors.message,
                  "image of %lldx%lld pixels is too large to decode",
                  static_cast<long long>(width), static_cast<long long>(height));
    std::longjmp(errors.jump, 1);
  }
  image->height = height;
  image->width = width;
  image->channels = channels;
  image->pixels.assign(size_t(height * width * channels), 0xff);
  // RGB rows decode in place; RGBA spreads each row out to add opaque alpha.
  while (info.output_scanline < info.output_height) {
    unsigned char *row = image->pixels.data() +
                         size_t(info.output_scanline) * size_t(width) * channels;
    jpeg_read_scanlines(&info, &row, 1);
    if (channels == 4)
      for (int64_t x = width - 1; x >= 0; --x) {
        row[x * 4 + 3] = 0xff;
        for (int c = components - 1; c >= 0; --c)
          row[x * 4 + c] = row[x * components + c];
      }
  }
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
  DecodedImage result = std::move(*image);
  delete image;
  return result;
}

} // namespace

int channelsOfColorMode(const std::string &color) {
  if (color == "grayscale")
    return 1;
  if (color == "rgb")
    return 3;
  if (color == "rgba")
    return 4;
  fail("unknown color mode '{}': expected grayscale, rgb or rgba", color);
}

bool hasImageExtension(const std::string &path) {
  size_t dot = path.rfind('.');
  if (dot == std::string::npos || path.find('/', dot) != std::string::npos)
    return false;
  std::string extension = path.substr(dot + 1);
  for (char &c : extension)
    c = char(std::tolower(static_cast<unsigned char>(c)));
  return extension == "png" || extension == "jpg" || extension == "jpeg" ||
         extension == "bmp" || extension == "gif";
}

DecodedImage decodeImage(const std::string &bytes, const std::string &path,
                         int channels) {
  if (channels != 1 && channels != 3 && channels != 4)
    fail("internal: {} channels requested for {}", channels, path);
  static const unsigned char kPngSignature[8] = {0x89, 'P',  'N',  'G',
                                                 '\r', '\n', 0x1a, '\n'};
  if (bytes.size() >= 8 && std::memcmp(bytes.data(), kPngSignature, 8) == 0)
    return decodePng(bytes, path, channels);
  if (bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xff &&
      static_cast<unsigned char>(bytes[1]) == 0xd8 &&
      static_cast<unsigned char>(bytes[2]) == 0xff)
    return decodeJpeg(bytes, path, channels);
  if (bytes.empty())
    fail("{}: empty file, not an image", path);
  if (bytes.compare(0, 2, "BM") == 0 || bytes.compare(0, 3, "GIF") == 0)
    fail("{}: BMP and GIF images are not supported (PNG and JPEG are)", path);
  fail("{}: not a PNG or JPEG image", path);
}

void resizeBilinear(const DecodedImage &image, int64_t height, int64_t width,
                    float *destination) {
  checkSize("resize", height, width, image.channels);
  // tf.image.resize(..., "bilinear"): ResizeBilinear with half-pixel
  // centres; source coordinates clamp at the edges. The same f32 operations
  // in the same order as TensorFlow's kernel.
  struct Weight {
    int64_t lower, upper;
    float lerp;
  };
  auto weights = [](int64_t outSize, int64_t inSize) {
    float scale = float(inSize) / float(outSize);
    std::vector<Weight> result(static_cast<size_t>(outSize));
    for (int64_t i = 0; i < outSize; ++i) {
      float in = (float(i) + 0.5f) * scale - 0.5f;
      float inFloor = std::floor(in);
      result[size_t(i)] = {std::max<int64_t>(int64_t(inFloor), 0),
                           std::min<int64_t>(int64_t(std::ceil(in)), inSize - 1),
                           in - inFloor};
    }
    return result;
  };
  std::vector<Weight> ys = weights(height, image.height);
  std::vector<Weight> xs = weights(width, image.width);
  int channels = image.channels;
  const uint8_t *pixels = image.pixels.data();
  for (int64_t y = 0; y < height; ++y) {
    const uint8_t *top = pixels + ys[size_t(y)].lower * image.width * channels;
    const uint8_t *bottom = pixels + ys[size_t(y)].upper * image.width * channels;
    float yLerp = ys[size_t(y)].lerp;
    for (int64_t x = 0; x < width; ++x) {
      int64_t left = xs[size_t(x)].lower * channels, right = xs[size_t(x)].upper * channels;
      float xLerp = xs[size_t(x)].lerp;
      for (int c = 0; c < channels; ++c) {
        float topLeft = top[left + c], topRight = top[right + c];
        float bottomLeft = bottom[left + c], bottomRight = bottom[right + c];
        float topValue = topLeft + (topRight - topLeft) * xLerp;
        float bottomValue = bottomLeft + (bottomRight - bottomLeft) * xLerp;
        *destination++ = topValue + (bottomValue - topValue) * yLerp;
      }
    }
  }
}

} // namespace nncrt
