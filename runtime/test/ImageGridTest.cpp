//===- ImageGridTest.cpp - PNG grids read back with libpng ----------------===//

#include "nncrt/ImageGrid.h"

#include "ErrorOf.h"
#include "TempDir.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <png.h>

using namespace nncrt;
using namespace nncrt::test;
using ::testing::HasSubstr;

namespace {

struct Decoded {
  uint32_t width = 0, height = 0, channels = 0;
  std::vector<uint8_t> pixels;
  uint8_t at(uint32_t x, uint32_t y, uint32_t c = 0) const {
    return pixels[(y * width + x) * channels + c];
  }
};

/// Reads a PNG with libpng's simplified API, in its own format.
Decoded readPng(const std::string &path) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  EXPECT_TRUE(png_image_begin_read_from_file(&image, path.c_str())) << image.message;
  Decoded decoded;
  decoded.width = image.width;
  decoded.height = image.height;
  decoded.channels = PNG_IMAGE_PIXEL_CHANNELS(image.format);
  EXPECT_FALSE(image.format & PNG_FORMAT_FLAG_ALPHA);
  decoded.pixels.resize(PNG_IMAGE_SIZE(image));
  EXPECT_TRUE(png_image_finish_read(&image, nullptr, decoded.pixels.data(), 0,
                                    nullptr));
  return decoded;
}

} // namespace

TEST(ImageGridTest, GreyscaleGridScaledTwiceWithGaps) {
  TempDir dir;
  // Two 2x3 images per row; values outside [0, 1] are clamped.
  Tensor top({2, 2, 3, 1}, {0, 0.5f, 1, 0.2f, 0.4f, 0.6f, //
                            1, 1, 1, 0, 0, 0});
  Tensor bottom({2, 2, 3, 1}, {-1, 2, 0.25f, 0, 0, 0, //
                               0.1f, 0.1f, 0.1f, 0.75f, 0.75f, 0.75f});
  std::string path = dir.file("grid.png");
  writeImageGridPng(path, {top, bottom});
  Decoded png = readPng(path);
  // width: 2 images * 6 + 3 gaps * 2; height: 2 rows * 4 + 3 gaps * 2.
  EXPECT_EQ(png.width, 18u);
  EXPECT_EQ(png.height, 14u);
  EXPECT_EQ(png.channels, 1u);
  EXPECT_EQ(png.at(0, 0), 255);    // gap
  EXPECT_EQ(png.at(2, 2), 0);      // top, image 0, (0, 0)
  EXPECT_EQ(png.at(3, 3), 0);      // the same pixel, scaled up
  EXPECT_EQ(png.at(4, 2), 128);    // (0, 1) = 0.5
  EXPECT_EQ(png.at(2, 4), 51);     // (1, 0) = 0.2
  EXPECT_EQ(png.at(6, 4), 153);    // (1, 2) = 0.6
  EXPECT_EQ(png.at(9, 2), 255);    // the gap between the images
  EXPECT_EQ(png.at(10, 2), 255);   // image 1 starts at x = 10: (0, 0) = 1
  EXPECT_EQ(png.at(10, 4), 0);
  EXPECT_EQ(png.at(2, 8), 0);      // bottom row at y = 8: -1 clamps to 0
  EXPECT_EQ(png.at(4, 8), 255);    // 2 clamps to 1
  EXPECT_EQ(png.at(6, 8), 64);     // 0.25
  EXPECT_EQ(png.at(15, 11), 191);  // bottom, image 1, (1, 2) = 0.75
}

TEST(ImageGridTest, RgbGrid) {
  TempDir dir;
  Tensor row({1, 1, 1, 3}, {1, 0, 0.5f});
  std::string path = dir.file("rgb.png");
  writeImageGridPng(path, {row}, GridLayout{3, 1});
  Decoded png = readPng(path);
  EXPECT_EQ(png.width, 5u);
  EXPECT_EQ(png.height, 5u);
  EXPECT_EQ(png.channels, 3u);
  EXPECT_EQ(png.at(1, 1, 0), 255);
  EXPECT_EQ(png.at(3, 3, 1), 0);
  EXPECT_EQ(png.at(2, 2, 2), 128);
  EXPECT_EQ(png.at(4, 4, 1), 255);
}

TEST(ImageGridTest, RejectsNonImages) {
  TempDir dir;
  EXPECT_THAT(errorOf([&] {
                writeImageGridPng(dir.file("x.png"), {Tensor({1, 2, 2, 2})});
              }),
              HasSubstr("cannot be drawn"));
}
