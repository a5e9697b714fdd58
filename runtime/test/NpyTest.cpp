//===- NpyTest.cpp - NumPy .npy files -------------------------------------===//
//
// The fixtures in data/ were written by NumPy (make_npy_fixtures.py): each
// holds 0..5 in shape (2, 3), scaled per dtype.
//
//===----------------------------------------------------------------------===//

#include "nncrt/Npy.h"

#include "ErrorOf.h"
#include "TempDir.h"
#include "nncrt/FileIO.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace nncrt;
using namespace nncrt::test;
using ::testing::HasSubstr;

namespace {

std::string fixture(const char *name) {
  return std::string(NNCRT_TEST_DATA_DIR) + "/" + name;
}

std::vector<float> scaled(float factor) {
  std::vector<float> values;
  for (int i = 0; i < 6; ++i)
    values.push_back(float(i) * factor);
  return values;
}

/// A v1 .npy file with the given header dict and data, built by hand.
std::string npyBytes(const std::string &dict, const std::string &data) {
  std::string header = dict + "\n";
  std::string bytes = "\x93NUMPY\x01";
  bytes.push_back(0);
  bytes.push_back(char(header.size() & 0xff));
  bytes.push_back(char(header.size() >> 8));
  return bytes + header + data;
}

} // namespace

TEST(NpyTest, ReadsEveryDtypeWrittenByNumPy) {
  struct Case {
    const char *file;
    std::vector<float> values;
  } cases[] = {
      {"f4.npy", scaled(-1.5f)},       {"f8.npy", scaled(-1.5f)},
      {"u1.npy", scaled(40)},          {"i4.npy", scaled(-100000)},
      {"i8.npy", scaled(-100000)},     {"v2_f4.npy", scaled(-1.5f)},
  };
  for (const Case &c : cases) {
    Tensor tensor = readNpy(fixture(c.file));
    EXPECT_EQ(tensor.shape, (Shape{2, 3})) << c.file;
    EXPECT_EQ(tensor.data, c.values) << c.file;
  }
  Tensor scalar = readNpy(fixture("scalar_f4.npy"));
  EXPECT_TRUE(scalar.shape.empty());
  EXPECT_EQ(scalar.data, std::vector<float>{2.5f});
}

TEST(NpyTest, UnsupportedLayoutsAreClearErrors) {
  EXPECT_THAT(errorOf([] { readNpy(fixture("big_endian_f4.npy")); }),
              HasSubstr("big-endian data ('>f4') is not supported"));
  EXPECT_THAT(errorOf([] { readNpy(fixture("fortran_f4.npy")); }),
              HasSubstr("Fortran-order arrays are not supported"));
  EXPECT_THAT(errorOf([] { readNpy(fixture("i2.npy")); }),
              HasSubstr("i2.npy: unsupported dtype '<i2'"));
}

TEST(NpyTest, WriteThenReadRoundTrips) {
  TempDir dir;
  for (Shape shape : {Shape{}, Shape{4}, Shape{2, 3}, Shape{2, 1, 2, 1}}) {
    Tensor tensor(shape);
    for (size_t i = 0; i < tensor.data.size(); ++i)
      tensor.data[i] = float(i) * 0.1f - 0.3f;
    writeNpy(dir.file("t.npy"), tensor);
    Tensor read = readNpy(dir.file("t.npy"));
    EXPECT_EQ(read.shape, shape);
    EXPECT_EQ(read.data, tensor.data);
  }
}

TEST(NpyTest, WrittenFileIsByteIdenticalToNumPys) {
  Tensor tensor(Shape{2, 3}, scaled(-1.5f));
  EXPECT_EQ(encodeNpy(tensor), readFile(fixture("f4.npy")));
  EXPECT_NE(encodeNpy(Tensor(Shape{3})).find("'shape': (3,)"), std::string::npos);
}

TEST(NpyTest, Errors) {
  TempDir dir;
  auto readError = [&](const std::string &bytes) {
    writeBytes(dir.file("bad.npy"), bytes);
    return errorOf([&] { readNpy(dir.file("bad.npy")); });
  };
  const std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
  // The well-formed base case reads fine.
  EXPECT_EQ(readError(npyBytes(dict, std::string(8, '\0'))), "");
  EXPECT_THAT(errorOf([&] { readNpy(dir.file("missing.npy")); }),
              HasSubstr("missing.npy: cannot open"));
  EXPECT_THAT(readError("\x93NUMPZ\x01\x00"), HasSubstr("bad.npy: not a .npy file (bad magic)"));
  EXPECT_THAT(readError("hello"), HasSubstr("bad magic"));
  EXPECT_THAT(readError(std::string("\x93NUMPY\x07\x00\x10\x00", 10)),
              HasSubstr("unsupported .npy format version 7"));
  EXPECT_THAT(readError(npyBytes(dict, "").substr(0, 30)),
              HasSubstr("truncated .npy header"));
  EXPECT_THAT(readError(npyBytes(dict, std::string(5, '\0'))),
              HasSubstr("truncated: expected 8 bytes of data, found 5"));
  EXPECT_THAT(readError(npyBytes(dict, std::string(12, '\0'))),
              HasSubstr("4 bytes of trailing garbage"));
  EXPECT_THAT(readError(npyBytes("{'descr': '<f4', 'shape': (2,)}", std::string(8, '\0'))),
              HasSubstr("missing or malformed 'fortran_order'"));
  EXPECT_THAT(readError(npyBytes("{'descr': '<f4' 'fortran_order': False}", "")),
              HasSubstr("bad .npy header: expected '}'"));
  EXPECT_THAT(readError(npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1), }", "")),
              HasSubstr("bad .npy header: expected a non-negative integer"));
  EXPECT_THAT(readError(npyBytes("{'descr': '<f4', 'fortran_order': Maybe}", "")),
              HasSubstr("expected a string, True/False or a tuple"));
  EXPECT_THAT(readError(npyBytes("['descr']", "")), HasSubstr("expected '{'"));
}

TEST(NpyTest, HeaderErrorsAreOneLine) {
  TempDir dir;
  // As NumPy writes it: padded with spaces, ended by a newline.
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,) ";
  header.append(128 - 10 - header.size() - 1, ' ');
  writeBytes(dir.file("bad.npy"), npyBytes(header, std::string(8, '\0')));
  EXPECT_EQ(errorOf([&] { readNpy(dir.file("bad.npy")); }),
            dir.file("bad.npy") + ": bad .npy header: expected '}' (header: "
                                  "{'descr': '<f4', 'fortran_order': False, "
                                  "'shape': (2,))");
  writeBytes(dir.file("bad.npy"),
             npyBytes("{'descr': '<f4',\n'fortran_order': False, 'shape': (2,) ]", ""));
  EXPECT_THAT(errorOf([&] { readNpy(dir.file("bad.npy")); }),
              HasSubstr("(header: {'descr': '<f4',\\n'fortran_order'"));
}

TEST(NpyTest, ShapesWhoseCountWouldWrapAreRefused) {
  TempDir dir;
  auto readError = [&](const std::string &shape) {
    writeBytes(dir.file("big.npy"),
               npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }",
                        ""));
    return errorOf([&] { readNpy(dir.file("big.npy")); });
  };
  // 2^16 * 2^48 = 2^64 wrapped to 0 elements: read as empty before.
  EXPECT_EQ(readError("(65536, 281474976710656)"),
            dir.file("big.npy") + ": shape [65536, 281474976710656] is too large: "
                                  "more than 2^31 - 1 elements");
  // Empty, but each sample would have 10^28 elements.
  EXPECT_THAT(readError("(0, 100000000000000, 100000000000000)"),
              HasSubstr("is too large"));
  EXPECT_EQ(readError("(0, 3)"), "");
}
