//===- ImagesTest.cpp - Image folders read as Keras reads them ------------===//
//
// data/images/folder holds PNG (grey, RGB, RGBA, palette, 16-bit) and JPEG
// (colour 4:2:0, grey) files of odd sizes in three class folders
// (make_image_fixtures.py). What Keras 3.15 on TensorFlow 2.21 makes of it
// (gen_image_reference.py): its file order and classes, the pixels
// tf.io.decode_image gives, and image_dataset_from_directory's images
// resized to 4x6. numpy's RandomState shuffles (make_shuffle_fixture.py)
// give Keras's file order with a seed.
//
//===----------------------------------------------------------------------===//

#include "nncrt/ImageFolder.h"
#include "nncrt/Images.h"

#include "ErrorOf.h"
#include "TempDir.h"
#include "nncrt/FileIO.h"
#include "nncrt/Npy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace nncrt;
using namespace nncrt::test;
using ::testing::HasSubstr;

namespace {

std::string fixture(const std::string &name) {
  return std::string(NNCRT_TEST_DATA_DIR) + "/images/" + name;
}

std::vector<std::string> lines(const std::string &path) {
  std::ifstream in(path);
  std::vector<std::string> result;
  for (std::string line; std::getline(in, line);)
    result.push_back(line);
  return result;
}

/// The fixture's files in Keras's order, as paths.
std::vector<std::string> expectedFiles() {
  std::vector<std::string> files;
  for (const std::string &name : lines(fixture("expected_files.txt")))
    files.push_back(fixture("folder/" + name));
  return files;
}

/// "cat/z_photo.jpeg" -> "cat_z_photo.npy", the reference's naming.
std::string decodedName(const std::string &relative) {
  std::string name = relative;
  name[name.find('/')] = '_';
  return name.substr(0, name.rfind('.')) + ".npy";
}

} // namespace

TEST(ImagesTest, IndexesTheFolderAsKeras) {
  ImageFolderIndex index = indexImageFolder(fixture("folder"));
  EXPECT_EQ(index.classNames, lines(fixture("expected_classes.txt")));
  EXPECT_EQ(index.files, expectedFiles());
  Tensor labels = readNpy(fixture("expected_labels.npy"));
  ASSERT_EQ(index.labels.size(), labels.data.size());
  for (size_t i = 0; i < labels.data.size(); ++i)
    EXPECT_EQ(float(index.labels[i]), labels.data[i]) << index.files[i];
}

TEST(ImagesTest, DecodesAsTensorFlow) {
  for (const std::string &relative : lines(fixture("expected_files.txt"))) {
    std::string path = fixture("folder/" + relative);
    for (auto [channels, folder] : {std::pair{3, "decoded_tf_rgb/"},
                                    std::pair{1, "decoded_tf_grayscale/"}}) {
      DecodedImage image = decodeImage(readFile(path), path, channels);
      Tensor expected = readNpy(fixture(folder + decodedName(relative)));
      ASSERT_EQ(expected.shape, (Shape{image.height, image.width, channels})) << path;
      for (size_t i = 0; i < expected.data.size(); ++i)
        ASSERT_EQ(float(image.pixels[i]), expected.data[i])
            << path << " channels " << channels << " element " << i;
    }
  }
}

TEST(ImagesTest, ResizesAsImageDatasetFromDirectory) {
  for (auto [channels, name] :
       {std::pair{3, "expected_rgb.npy"}, std::pair{1, "expected_grayscale.npy"}}) {
    LoadedImages loaded = loadImages(expectedFiles(), ImageFormat{4, 6, channels, {}});
    EXPECT_TRUE(loaded.skipped.empty());
    Tensor expected = readNpy(fixture(name));
    ASSERT_EQ(loaded.samples.shape(), expected.shape);
    std::vector<float> sample(size_t(loaded.samples.sampleSize()));
    for (int64_t row = 0; row < loaded.samples.count(); ++row) {
      loaded.samples.copySample(row, sample.data());
      for (size_t k = 0; k < sample.size(); ++k)
        ASSERT_EQ(sample[k], expected.data[size_t(row) * sample.size() + k])
            << name << " image " << row << " element " << k; // bit for bit
    }
  }
}

TEST(ImagesTest, KeepsBytesWhenNoImageNeedsResizing) {
  // B_gray.PNG is 5x5: at its own size the pixels are the decoded bytes,
  // scaled when gathered as IDX pixels are.
  std::string path = fixture("folder/ant/B_gray.PNG");
  LoadedImages loaded = loadImages({path}, ImageFormat{5, 5, 1, {1.0f, 255.0f}});
  DecodedImage image = decodeImage(readFile(path), path, 1);
  std::vector<float> sample(25);
  loaded.samples.copySample(0, sample.data());
  for (size_t i = 0; i < 25; ++i)
    EXPECT_EQ(sample[i], float(image.pixels[i]) * 1.0f / 255.0f);
}

TEST(ImagesTest, AddsOpaqueAlphaOrKeepsIt) {
  // An opaque image in rgba: its rgb pixels, each followed by 255.
  for (std::string path : {fixture("folder/ant/a_rgb.png"), fixture("folder/dog/photo.jpg")}) {
    DecodedImage opaque = decodeImage(readFile(path), path, 4);
    DecodedImage colours = decodeImage(readFile(path), path, 3);
    for (int64_t p = 0; p < opaque.height * opaque.width; ++p) {
      EXPECT_EQ(opaque.pixels[size_t(p * 4 + 3)], 255) << path;
      for (int c = 0; c < 3; ++c)
        EXPECT_EQ(opaque.pixels[size_t(p * 4 + c)], colours.pixels[size_t(p * 3 + c)]) << path;
    }
  }
  // rgba.png's alpha varies: kept, not made opaque.
  std::string rgba = fixture("folder/cat/rgba.png");
  DecodedImage translucent = decodeImage(readFile(rgba), rgba, 4);
  bool anyTranslucent = false;
  for (int64_t p = 0; p < translucent.height * translucent.width; ++p)
    anyTranslucent |= translucent.pixels[size_t(p * 4 + 3)] != 255;
  EXPECT_TRUE(anyTranslucent);
}

TEST(ImagesTest, ShufflesAsNumpysRandomState) {
  for (auto [seed, count] : {std::pair<uint32_t, int64_t>{0, 9}, {1337, 100},
                             {4294967295u, 1000}}) {
    Tensor expected = readNpy(
        fixture(fmt::format("shuffle_{}_{}.npy", seed, count)));
    std::vector<int64_t> order = numpyShuffleOrder(count, seed);
    ASSERT_EQ(int64_t(order.size()), count);
    for (int64_t i = 0; i < count; ++i)
      ASSERT_EQ(float(order[size_t(i)]), expected.data[size_t(i)])
          << "seed " << seed << " position " << i;
  }
}

TEST(ImagesTest, BadFilesFailNamingThem) {
  TempDir dir;
  std::string png = readFile(fixture("folder/ant/a_rgb.png"));
  std::string jpeg = readFile(fixture("folder/dog/photo.jpg"));
  auto errorFor = [&](const std::string &name, const std::string &bytes) {
    std::string path = dir.file(name);
    writeBytes(path, bytes);
    return errorOf([&] { decodeImage(readFile(path), path, 3); });
  };
  EXPECT_THAT(errorFor("truncated.png", png.substr(0, png.size() / 2)),
              HasSubstr("truncated.png: corrupt PNG: the file ends early"));
  std::string flipped = png;
  flipped[40] = char(flipped[40] ^ 0x55); // inside IHDR or IDAT: a CRC error
  EXPECT_THAT(errorFor("crc.png", flipped), HasSubstr("crc.png: corrupt PNG"));
  EXPECT_THAT(errorFor("truncated.jpg", jpeg.substr(0, jpeg.size() / 2)),
              HasSubstr("truncated.jpg: corrupt JPEG"));
  EXPECT_THAT(errorFor("header.jpg", jpeg.substr(0, 20)),
              HasSubstr("header.jpg: corrupt JPEG"));
  EXPECT_THAT(errorFor("text.png", "hello\n"), HasSubstr("text.png: not a PNG or JPEG image"));
  EXPECT_THAT(errorFor("empty.jpg", ""), HasSubstr("empty.jpg: empty file"));
  EXPECT_THAT(errorFor("old.bmp", "BM\x36\x00"), HasSubstr("BMP and GIF images are not supported"));
  EXPECT_THAT(errorFor("zero.png", png.substr(0, 8) + std::string(30, '\0')),
              HasSubstr("zero.png: corrupt PNG"));
}

TEST(ImagesTest, UnreadableImagesAreSkippedWithTheirErrors) {
  TempDir dir;
  std::string good = fixture("folder/ant/a_rgb.png");
  std::string bad = dir.file("bad.png");
  writeBytes(bad, "not an image");
  LoadedImages loaded = loadImages({good, bad, good}, ImageFormat{4, 6, 3, {}});
  EXPECT_EQ(loaded.samples.count(), 2);
  EXPECT_EQ(loaded.kept, (std::vector<size_t>{0, 2}));
  ASSERT_EQ(loaded.skipped.size(), 1u);
  EXPECT_THAT(loaded.skipped[0], HasSubstr("bad.png: not a PNG or JPEG image"));
  std::ostringstream err;
  reportSkippedImages(std::vector<std::string>(12, "x.png: corrupt"), "data", err, 10);
  EXPECT_THAT(err.str(), HasSubstr("warning: ... and 2 more\n"));
  EXPECT_THAT(err.str(), HasSubstr("warning: data: skipped 12 files that could not be "
                                   "read as images\n"));
}

TEST(ImagesTest, FolderErrorsNameTheFolder) {
  TempDir dir;
  EXPECT_THAT(errorOf([&] { indexImageFolder(dir.file("missing")); }),
              HasSubstr("missing: image folder not found"));
  EXPECT_THAT(errorOf([&] { indexImageFolder(dir.path()); }),
              HasSubstr("no class folders"));
  std::filesystem::create_directory(dir.file("cat"));
  writeBytes(dir.file("cat/readme.txt"), "no images here");
  EXPECT_THAT(errorOf([&] { indexImageFolder(dir.path()); }),
              HasSubstr("/cat: class folder holds no images"));
  EXPECT_THAT(errorOf([&] { listImageFiles(dir.path()); }),
              HasSubstr("no images (.png, .jpg, .jpeg) in the folder"));
}
