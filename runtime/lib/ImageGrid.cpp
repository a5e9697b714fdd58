//===- ImageGrid.cpp - Rows of images written as one PNG ------------------===//

#include "nncrt/ImageGrid.h"

#include "nncrt/Error.h"
#include "nncrt/FileIO.h"

#include <png.h>

#include <algorithm>
#include <cmath>
#include <csetjmp>

namespace nncrt {

namespace {

uint8_t toByte(float value) {
  float clamped = std::isnan(value) ? 0.0f : std::clamp(value, 0.0f, 1.0f);
  return uint8_t(std::lround(clamped * 255.0f));
}

void appendToString(png_structp png, png_bytep data, png_size_t length) {
  auto *out = static_cast<std::string *>(png_get_io_ptr(png));
  out->append(reinterpret_cast<const char *>(data), length);
}

/// Encodes 8-bit rows with libpng; errors come back through setjmp.
std::string encodePng(const std::vector<uint8_t> &pixels, int width, int height,
                      int channels, const std::string &path) {
  png_structp png =
      png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  if (!png)
    fail("{}: cannot initialise libpng", path);
  png_infop info = png_create_info_struct(png);
  std::string bytes;
  std::vector<png_bytep> rowPointers(static_cast<size_t>(height));
  if (!info || setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    fail("{}: libpng failed to encode the image", path);
  }
  png_set_write_fn(png, &bytes, appendToString, nullptr);
  png_set_IHDR(png, info, png_uint_32(width), png_uint_32(height), 8,
               channels == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  for (int y = 0; y < height; ++y)
    rowPointers[size_t(y)] =
        const_cast<png_bytep>(pixels.data() + size_t(y) * size_t(width) * size_t(channels));
  png_set_rows(png, info, rowPointers.data());
  png_write_png(png, info, PNG_TRANSFORM_IDENTITY, nullptr);
  png_destroy_write_struct(&png, &info);
  return bytes;
}

} // namespace

void writeImageGridPng(const std::string &path, const std::vector<Tensor> &rows,
                       GridLayout layout) {
  if (rows.empty())
    fail("{}: no images to write", path);
  const Shape &shape = rows[0].shape;
  if (shape.size() != 4 || (shape[3] != 1 && shape[3] != 3))
    fail("{}: images of shape {} cannot be drawn: expected [N, height, width, "
         "1 or 3 channels]",
         path, formatShape(shape, "N"));
  for (const Tensor &row : rows)
    if (row.shape != shape)
      fail("{}: image rows of shapes {} and {} differ", path,
           formatShape(shape), formatShape(row.shape));
  int64_t count = shape[0], height = shape[1], width = shape[2],
          channels = shape[3];
  int64_t cellWidth = width * layout.scale, cellHeight = height * layout.scale;
  int64_t gridWidth = count * cellWidth + (count + 1) * layout.gap;
  int64_t gridHeight = int64_t(rows.size()) * cellHeight +
                       int64_t(rows.size() + 1) * layout.gap;
  if (count == 0 || gridWidth > (1 << 16) || gridHeight > (1 << 16))
    fail("{}: a grid of {} x {} pixels cannot be written", path, gridWidth,
         gridHeight);

  std::vector<uint8_t> pixels(size_t(gridWidth * gridHeight * channels), 255);
  for (size_t r = 0; r < rows.size(); ++r)
    for (int64_t n = 0; n < count; ++n) {
      int64_t left = layout.gap + n * (cellWidth + layout.gap);
      int64_t top = layout.gap + int64_t(r) * (cellHeight + layout.gap);
      for (int64_t y = 0; y < cellHeight; ++y)
        for (int64_t x = 0; x < cellWidth; ++x)
          for (int64_t c = 0; c < channels; ++c) {
            int64_t source = ((n * height + y / layout.scale) * width +
                              x / layout.scale) * channels + c;
            pixels[size_t(((top + y) * gridWidth + left + x) * channels + c)] =
                toByte(rows[r].data[size_t(source)]);
          }
    }
  writeFileAtomically(path, encodePng(pixels, int(gridWidth), int(gridHeight),
                                      int(channels), path));
}

} // namespace nncrt
