//===- InputsTest.cpp - Reading a model input from a data file ------------===//

#include "nncrt/Inputs.h"

#include "ErrorOf.h"
#include "TempDir.h"
#include "nncrt/Idx.h"
#include "nncrt/Npy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace nncrt;
using namespace nncrt::test;
using ::testing::HasSubstr;

namespace {

const int64_t kImageShape[] = {28, 28, 1};
const TensorSpec kImage = {"image", 3, kImageShape};

} // namespace

TEST(InputsTest, RecognisesIdxNames) {
  EXPECT_TRUE(isIdxFileName("t10k-images-idx3-ubyte"));
  EXPECT_TRUE(isIdxFileName("t10k-images-idx3-ubyte.gz"));
  EXPECT_TRUE(isIdxFileName("data.idx"));
  EXPECT_TRUE(isIdxFileName("data.idx.gz"));
  EXPECT_FALSE(isIdxFileName("data.npy"));
  EXPECT_FALSE(isIdxFileName("data.gz"));
}

TEST(InputsTest, MnistImagesFitAChannelAxis) {
  TempDir dir;
  Tensor images(Shape{3, 28, 28});
  for (size_t i = 0; i < images.data.size(); ++i)
    images.data[i] = float(i % 256);
  writeIdx(dir.file("images-idx3-ubyte.gz"), images, IdxType::UInt8);

  Tensor input = readInput(dir.file("images-idx3-ubyte.gz"), kImage);
  EXPECT_EQ(input.shape, (Shape{3, 28, 28, 1}));
  for (size_t i = 0; i < images.data.size(); ++i)
    ASSERT_EQ(input.data[i], images.data[i] / 255.0f) << i;
}

TEST(InputsTest, NpyValuesAreNotScaled) {
  TempDir dir;
  Tensor values(Shape{2, 784});
  for (size_t i = 0; i < values.data.size(); ++i)
    values.data[i] = float(i);
  writeNpy(dir.file("x.npy"), values);
  Tensor input = readInput(dir.file("x.npy"), kImage);
  EXPECT_EQ(input.shape, (Shape{2, 28, 28, 1}));
  EXPECT_EQ(input.data, values.data);
}

TEST(InputsTest, Errors) {
  TempDir dir;
  writeNpy(dir.file("wrong.npy"), Tensor(Shape{10, 28, 27}));
  EXPECT_THAT(errorOf([&] { readInput(dir.file("wrong.npy"), kImage); }),
              HasSubstr("wrong.npy: shape [10, 28, 27] does not fit input "
                        "'image' of shape [28, 28, 1]: 756 elements per "
                        "sample, expected 784"));
  writeNpy(dir.file("scalar.npy"), Tensor(Shape{}, {1}));
  EXPECT_THAT(errorOf([&] { readInput(dir.file("scalar.npy"), kImage); }),
              HasSubstr("holds a single value"));
  EXPECT_THAT(errorOf([&] { readInput(dir.file("x.txt"), kImage); }),
              HasSubstr("x.txt: unknown input format"));
}
