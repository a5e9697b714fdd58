//===- SafeTensorsTest.cpp - The safetensors weight format ----------------===//

#include "nncrt/SafeTensors.h"

#include "ErrorOf.h"
#include "TempDir.h"
#include "nncrt/FileIO.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

using namespace nncrt;
using namespace nncrt::test;
using ::testing::HasSubstr;

namespace {

/// A safetensors file built by hand: length prefix, header text, data.
std::string safetensorsBytes(const std::string &header, const std::string &data) {
  std::string bytes;
  for (int i = 0; i < 8; ++i)
    bytes.push_back(char((uint64_t(header.size()) >> (8 * i)) & 0xff));
  return bytes + header + data;
}

std::string floatBytes(std::vector<float> values) {
  return std::string(reinterpret_cast<const char *>(values.data()),
                     values.size() * sizeof(float));
}

SafeTensorsFile sampleFile() {
  SafeTensorsFile file;
  file.tensors["dense.kernel"] = Tensor(Shape{2, 3}, {1, 2, 3, 4, 5, 6});
  file.tensors["dense.bias"] = Tensor(Shape{3}, {-0.5f, 0, 0.25f});
  file.tensors["scalar"] = Tensor(Shape{}, {7});
  file.metadata["model"] = "boxes";
  return file;
}

} // namespace

TEST(SafeTensorsTest, ReadsHandWrittenFile) {
  std::string header = R"({"__metadata__":{"format":"pt"},)"
                       R"("b":{"dtype":"F32","shape":[2],"data_offsets":[12,20]},)"
                       R"("a":{"dtype":"F32","shape":[3,1],"data_offsets":[0,12]}}  )";
  std::string data = floatBytes({1.5f, 2.5f, 3.5f, -1, -2});
  SafeTensorsFile file = parseSafeTensors(safetensorsBytes(header, data), "x");
  ASSERT_EQ(file.tensors.size(), 2u);
  EXPECT_EQ(file.tensors["a"].shape, (Shape{3, 1}));
  EXPECT_EQ(file.tensors["a"].data, (std::vector<float>{1.5f, 2.5f, 3.5f}));
  EXPECT_EQ(file.tensors["b"].data, (std::vector<float>{-1, -2}));
  EXPECT_EQ(file.metadata.at("format"), "pt");
}

TEST(SafeTensorsTest, RoundTrip) {
  TempDir dir;
  SafeTensorsFile file = sampleFile();
  writeSafeTensors(dir.file("w.safetensors"), file);
  SafeTensorsFile read = readSafeTensors(dir.file("w.safetensors"));
  ASSERT_EQ(read.tensors.size(), 3u);
  for (const auto &[name, tensor] : file.tensors) {
    EXPECT_EQ(read.tensors[name].shape, tensor.shape) << name;
    EXPECT_EQ(read.tensors[name].data, tensor.data) << name;
  }
  EXPECT_EQ(read.metadata, file.metadata);
  // The data section starts 8-byte aligned; the length prefix is little-endian.
  std::string bytes = readFile(dir.file("w.safetensors"));
  uint64_t headerLength;
  std::memcpy(&headerLength, bytes.data(), 8);
  EXPECT_EQ(headerLength % 8, 0u);
  EXPECT_EQ(bytes.size(), 8 + headerLength + 10 * sizeof(float));
  EXPECT_EQ(listDirectory(dir.path()), "w.safetensors");
}

// PyTorch's state_dicts hold I64 counters (BatchNorm's num_batches_tracked).
TEST(SafeTensorsTest, Int64Tensors) {
  int64_t counters[] = {7, -2};
  std::string header = R"({"n":{"dtype":"I64","shape":[2],"data_offsets":[4,20]},)"
                       R"("a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})";
  std::string data = floatBytes({0.5f}) +
                     std::string(reinterpret_cast<const char *>(counters), sizeof counters);
  SafeTensorsFile file = parseSafeTensors(safetensorsBytes(header, data), "x");
  ASSERT_EQ(file.tensors.size(), 1u);
  EXPECT_EQ(file.tensors["a"].data, (std::vector<float>{0.5f}));
  ASSERT_EQ(file.int64Tensors.size(), 1u);
  EXPECT_EQ(file.int64Tensors["n"].shape, (Shape{2}));
  EXPECT_EQ(file.int64Tensors["n"].data, (std::vector<int64_t>{7, -2}));

  SafeTensorsFile back = parseSafeTensors(encodeSafeTensors(file), "y");
  EXPECT_EQ(back.tensors["a"].data, file.tensors["a"].data);
  EXPECT_EQ(back.int64Tensors["n"].data, file.int64Tensors["n"].data);
  // An I64 tensor's bytes are 8 per element.
  EXPECT_THAT(errorOf([] {
                parseSafeTensors(
                    safetensorsBytes(R"({"n":{"dtype":"I64","shape":[2],"data_offsets":[0,8]}})",
                                     std::string(8, '\0')),
                    "z");
              }),
              HasSubstr("span 8 bytes, but shape [2] of I64 needs 16"));
}

TEST(SafeTensorsTest, Errors) {
  auto parseError = [](const std::string &header, const std::string &data) {
    return errorOf([&] { parseSafeTensors(safetensorsBytes(header, data), "w.st"); });
  };
  std::string eight = floatBytes({1, 2});
  // Valid base case.
  EXPECT_EQ(parseError(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})", eight), "");

  EXPECT_THAT(errorOf([] { parseSafeTensors("abc", "w.st"); }),
              HasSubstr("w.st: not a safetensors file"));
  std::string huge = safetensorsBytes("{}", "");
  huge[0] = 0x00;
  huge[5] = 0x01; // 2^40 bytes of header
  EXPECT_THAT(errorOf([&] { parseSafeTensors(huge, "w.st"); }),
              HasSubstr("header length 1099511627776 is larger than the rest "
                        "of the file (2 bytes)"));
  EXPECT_THAT(parseError(R"({"a":{"dtype":"F32",)", eight),
              HasSubstr("w.st: header is not valid JSON"));
  EXPECT_THAT(parseError(R"([1, 2])", ""), HasSubstr("header must be a JSON object"));
  EXPECT_THAT(parseError(R"({"a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}})", "abcd"),
              HasSubstr("tensor 'a' has dtype F16; only F32 and I64 are supported"));
  EXPECT_THAT(parseError(R"({"a":{"dtype":"F32","shape":[2]}})", eight),
              HasSubstr("tensor 'a': missing 'data_offsets'"));
  EXPECT_THAT(parseError(R"({"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", eight),
              HasSubstr("shape must hold non-negative integers"));
  EXPECT_THAT(parseError(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})", eight),
              HasSubstr("data_offsets [8, 16] are outside the 8-byte data section"));
  EXPECT_THAT(parseError(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", eight),
              HasSubstr("span 8 bytes, but shape [3] of F32 needs 12"));
  EXPECT_THAT(parseError(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}})", eight),
              HasSubstr("end before they begin"));
  EXPECT_THAT(parseError(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                         R"("b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                         eight),
              HasSubstr("tensors 'a' and 'b' overlap"));
  EXPECT_THAT(parseError(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", eight),
              HasSubstr("bytes [0, 4) of the data section belong to no tensor"));
  EXPECT_THAT(parseError(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", eight),
              HasSubstr("bytes [4, 8) of the data section belong to no tensor"));
  EXPECT_THAT(parseError(R"({"__metadata__":{"epoch":3}})", ""),
              HasSubstr("__metadata__ entry 'epoch' must be a string"));
}

TEST(SafeTensorsTest, TruncatedFile) {
  TempDir dir;
  writeSafeTensors(dir.file("w.safetensors"), sampleFile());
  std::string bytes = readFile(dir.file("w.safetensors"));
  writeBytes(dir.file("w.safetensors"), bytes.substr(0, bytes.size() - 4));
  EXPECT_THAT(errorOf([&] { readSafeTensors(dir.file("w.safetensors")); }),
              HasSubstr("outside the"));
  writeBytes(dir.file("w.safetensors"), bytes.substr(0, 20));
  EXPECT_THAT(errorOf([&] { readSafeTensors(dir.file("w.safetensors")); }),
              HasSubstr("is larger than the rest of the file"));
}

TEST(SafeTensorsTest, FailedWriteKeepsThePreviousFile) {
  TempDir dir;
  std::string path = dir.file("w.safetensors");
  writeSafeTensors(path, sampleFile());
  std::string before = readFile(path);
  std::string tempPath = path + ".tmp-" + std::to_string(::getpid());
  ASSERT_EQ(::mkdir(tempPath.c_str(), 0755), 0);
  SafeTensorsFile other;
  other.tensors["x"] = Tensor(Shape{1}, {1});
  EXPECT_THAT(errorOf([&] { writeSafeTensors(path, other); }),
              HasSubstr("cannot create temporary file"));
  EXPECT_EQ(readFile(path), before);
}

TEST(SafeTensorsTest, ReadOnlyDirectoryKeepsThePreviousFile) {
  if (::geteuid() == 0)
    GTEST_SKIP() << "root ignores directory permissions";
  TempDir dir;
  std::string sub = dir.file("ro");
  ASSERT_EQ(::mkdir(sub.c_str(), 0755), 0);
  std::string path = sub + "/w.safetensors";
  writeSafeTensors(path, sampleFile());
  std::string before = readFile(path);
  ASSERT_EQ(::chmod(sub.c_str(), 0555), 0);
  EXPECT_THAT(errorOf([&] { writeSafeTensors(path, SafeTensorsFile()); }),
              HasSubstr("cannot create temporary file"));
  EXPECT_EQ(readFile(path), before);
}

TEST(SafeTensorsTest, SizesThatWouldWrapAreRefused) {
  auto parseError = [](const std::string &shape) {
    std::string header = R"({"w":{"dtype":"F32","shape":)" + shape +
                         R"(,"data_offsets":[0,0]}})";
    return errorOf([&] { parseSafeTensors(safetensorsBytes(header, ""), "w.st"); });
  };
  // 2^62 elements are 2^64 bytes: the size wrapped to 0 and passed as an
  // empty tensor, then allocating it failed without naming the file.
  EXPECT_EQ(parseError("[65536,65536,65536,16384]"),
            "w.st: tensor 'w': shape [65536, 65536, 65536, 16384] is too large: "
            "its size in bytes does not fit in 64 bits");
  // 2^64 elements: the count itself wrapped.
  EXPECT_THAT(parseError("[65536,65536,65536,65536]"), HasSubstr("is too large"));
  // Empty, but its rows would hold (2^31 - 1)^3 elements.
  EXPECT_THAT(parseError("[0,2147483647,2147483647,2147483647]"),
              HasSubstr("is too large"));
}

TEST(SafeTensorsTest, EmptyTensorsRead) {
  std::string header = R"({"e":{"dtype":"F32","shape":[0,3],"data_offsets":[0,0]},)"
                       R"("w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})";
  SafeTensorsFile file = parseSafeTensors(safetensorsBytes(header, floatBytes({2})), "x");
  EXPECT_EQ(file.tensors.at("e").shape, (Shape{0, 3}));
  EXPECT_TRUE(file.tensors.at("e").data.empty());
  EXPECT_EQ(file.tensors.at("w").data, (std::vector<float>{2}));
}

TEST(SafeTensorsTest, DuplicateKeysAreRefused) {
  auto parseError = [](const std::string &header) {
    return errorOf(
        [&] { parseSafeTensors(safetensorsBytes(header, floatBytes({1, 2})), "w.st"); });
  };
  // JSON parsers keep one of the two: which tensor was meant?
  EXPECT_EQ(parseError(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                       R"("a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})"),
            "w.st: the header has the key 'a' twice");
  EXPECT_EQ(parseError(R"({"a":{"dtype":"F32","shape":[2],"shape":[1],)"
                       R"("data_offsets":[0,8]}})"),
            "w.st: tensor 'a' has the key 'shape' twice");
  EXPECT_EQ(parseError(R"({"__metadata__":{"seed":"1","seed":"2"},)"
                       R"("a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})"),
            "w.st: __metadata__ has the key 'seed' twice");
  // Equal keys in different objects are fine.
  EXPECT_EQ(parseError(R"({"__metadata__":{"shape":"x"},)"
                       R"("a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                       R"("b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})"),
            "");
}

TEST(SafeTensorsTest, NamesFromTheFileStayOnOneLine) {
  std::string header = "{\"a\\nb\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,4]}}";
  EXPECT_EQ(errorOf([&] { parseSafeTensors(safetensorsBytes(header, "abcd"), "w.st"); }),
            "w.st: tensor 'a\\nb' has dtype F16; only F32 and I64 are supported");
  EXPECT_EQ(printable(std::string(100, 'x')), std::string(80, 'x') + "...");
  EXPECT_EQ(printable("\x01\t\x7f"), "\\x01\\t\\x7f");
  // A cut never splits a UTF-8 sequence.
  EXPECT_EQ(printable(std::string(79, 'x') + "\xc3\xa9yz"),
            std::string(79, 'x') + "\xc3\xa9...");
}
