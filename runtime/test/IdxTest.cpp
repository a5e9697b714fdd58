//===- IdxTest.cpp - IDX files (the MNIST format) -------------------------===//

#include "nncrt/Idx.h"

#include "ErrorOf.h"
#include "TempDir.h"
#include "nncrt/FileIO.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace nncrt;
using namespace nncrt::test;
using ::testing::HasSubstr;

namespace {

/// An IDX header written byte by byte, independently of the writer.
std::string idxHeader(uint8_t type, std::vector<uint32_t> dims) {
  std::string bytes = {0, 0, char(type), char(dims.size())};
  for (uint32_t extent : dims)
    for (int shift = 24; shift >= 0; shift -= 8)
      bytes.push_back(char((extent >> shift) & 0xff));
  return bytes;
}

} // namespace

TEST(IdxTest, ReadsHandWrittenUnsignedBytes) {
  TempDir dir;
  // Two 2x3 "images", as in MNIST's idx3-ubyte files.
  std::string bytes = idxHeader(0x08, {2, 2, 3});
  for (int i = 0; i < 12; ++i)
    bytes.push_back(char(i * 20));
  writeBytes(dir.file("images-idx3-ubyte"), bytes);

  IdxData raw = readIdx(dir.file("images-idx3-ubyte"));
  EXPECT_EQ(raw.type, IdxType::UInt8);
  EXPECT_EQ(raw.tensor.shape, (Shape{2, 2, 3}));
  for (int i = 0; i < 12; ++i)
    EXPECT_EQ(raw.tensor.data[i], float(i * 20));

  IdxData scaled = readIdx(dir.file("images-idx3-ubyte"), {true});
  for (int i = 0; i < 12; ++i)
    EXPECT_EQ(scaled.tensor.data[i], float(i * 20) / 255.0f);
  EXPECT_EQ(scaled.tensor.data[0], 0.0f);
}

TEST(IdxTest, ReadsHandWrittenBigEndianTypes) {
  TempDir dir;
  std::string int16 = idxHeader(0x0B, {2});
  int16 += std::string("\x01\x02\xff\xfe", 4); // 258, -2
  writeBytes(dir.file("a.idx"), int16);
  EXPECT_EQ(readIdx(dir.file("a.idx")).tensor.data, (std::vector<float>{258, -2}));

  std::string float32 = idxHeader(0x0D, {1});
  float32 += std::string("\x3f\xc0\x00\x00", 4); // 1.5f
  writeBytes(dir.file("b.idx"), float32);
  EXPECT_EQ(readIdx(dir.file("b.idx")).tensor.data, (std::vector<float>{1.5f}));

  std::string float64 = idxHeader(0x0E, {1});
  float64 += std::string("\xc0\x04\x00\x00\x00\x00\x00\x00", 8); // -2.5
  writeBytes(dir.file("c.idx"), float64);
  EXPECT_EQ(readIdx(dir.file("c.idx")).tensor.data, (std::vector<float>{-2.5f}));
}

TEST(IdxTest, RoundTripsEveryTypePlainAndGzipped) {
  TempDir dir;
  Tensor tensor(Shape{2, 3}, {0, 1, 2, 100, 127, 5});
  Tensor signedTensor(Shape{2, 3}, {-128, -1, 0, 1, 2, 127});
  Tensor wide(Shape{3}, {-40000, 70000, 123456});
  Tensor real(Shape{2}, {0.125f, -3.75e-5f});
  struct Case {
    IdxType type;
    const Tensor &tensor;
  } cases[] = {{IdxType::UInt8, tensor},       {IdxType::Int8, signedTensor},
               {IdxType::Int16, signedTensor}, {IdxType::Int32, wide},
               {IdxType::Float32, real},       {IdxType::Float64, real}};
  for (const Case &c : cases) {
    for (const char *name : {"t.idx", "t.idx.gz"}) {
      std::string path = dir.file(name);
      writeIdx(path, c.tensor, c.type);
      IdxData read = readIdx(path);
      EXPECT_EQ(read.type, c.type) << name;
      EXPECT_EQ(read.tensor.shape, c.tensor.shape) << name;
      EXPECT_EQ(read.tensor.data, c.tensor.data) << name;
    }
  }
  // The .gz file really is compressed (starts with the gzip magic).
  EXPECT_EQ(readFile(dir.file("t.idx.gz")).substr(0, 2), "\x1f\x8b");
}

TEST(IdxTest, WriterRejectsValuesThatDoNotFit) {
  TempDir dir;
  EXPECT_THAT(errorOf([&] {
                writeIdx(dir.file("x.idx"), Tensor(Shape{1}, {256}), IdxType::UInt8);
              }),
              HasSubstr("does not fit"));
  EXPECT_FALSE(fileExists(dir.file("x.idx")));
}

TEST(IdxTest, Errors) {
  TempDir dir;
  auto readError = [&](const std::string &bytes) {
    writeBytes(dir.file("bad.idx"), bytes);
    return errorOf([&] { readIdx(dir.file("bad.idx")); });
  };
  EXPECT_THAT(errorOf([&] { readIdx(dir.file("missing.idx")); }),
              HasSubstr("missing.idx: cannot open"));
  EXPECT_THAT(readError(std::string("\x00\x00\x08", 3)), HasSubstr("too short"));
  EXPECT_THAT(readError("PK\x03\x04 zip file"),
              HasSubstr("not an IDX file: bad magic 0x504b0304"));
  EXPECT_THAT(readError(idxHeader(0x07, {1}) + "x"),
              HasSubstr("unknown IDX element type code 0x07"));
  EXPECT_THAT(readError(idxHeader(0x08, {})), HasSubstr("0 dimensions"));
  EXPECT_THAT(readError(idxHeader(0x08, {1, 1, 1, 1, 1}) + "x"),
              HasSubstr("5 dimensions; expected 1 to 4"));
  EXPECT_THAT(readError(idxHeader(0x08, {1, 2}).substr(0, 9)),
              HasSubstr("truncated: expected 12 header bytes, found 9"));
  EXPECT_THAT(readError(idxHeader(0x08, {10000, 28, 28}) + std::string(1200, 'x')),
              HasSubstr("bad.idx: truncated: expected 7840000 bytes of data, "
                        "found 1200"));
  EXPECT_THAT(readError(idxHeader(0x0C, {2}) + std::string(9, '\0')),
              HasSubstr("1 bytes of trailing garbage after the 8 bytes"));
}

TEST(IdxTest, TruncatedGzippedFile) {
  TempDir dir;
  Tensor tensor(Shape{100, 100});
  for (size_t i = 0; i < tensor.data.size(); ++i)
    tensor.data[i] = float(i % 200);
  writeIdx(dir.file("x.idx.gz"), tensor, IdxType::UInt8);
  std::string compressed = readFile(dir.file("x.idx.gz"));
  writeBytes(dir.file("x.idx.gz"), compressed.substr(0, compressed.size() - 12));
  EXPECT_THAT(errorOf([&] { readIdx(dir.file("x.idx.gz")); }),
              HasSubstr("x.idx.gz: "));
}

TEST(IdxTest, EmptyShapesWithHugeSamplesAreRefused) {
  TempDir dir;
  // No elements, but (2^32 - 1)^3 per sample: the count of the empty file
  // passed, the sample size overflowed later.
  writeBytes(dir.file("e.idx"), idxHeader(0x08, {0, 0xffffffff, 0xffffffff, 0xffffffff}));
  EXPECT_EQ(errorOf([&] { readIdx(dir.file("e.idx")); }),
            dir.file("e.idx") + ": IDX shape [0, 4294967295, 4294967295, "
                                "4294967295] is too large: more than 2^31 - 1 elements");
  writeBytes(dir.file("e.idx"), idxHeader(0x08, {0, 28, 28}));
  EXPECT_EQ(readIdx(dir.file("e.idx")).tensor.shape, (Shape{0, 28, 28}));
}
