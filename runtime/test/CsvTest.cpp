//===- CsvTest.cpp - Numeric CSV files with a header row ------------------===//
//
// data/csv/quoted.csv and the values it holds were written by Python's csv
// module and NumPy (make_csv_fixtures.py): quoting, CRLF, a byte order mark
// and numbers that float32 rounds must read as they do.
//
//===----------------------------------------------------------------------===//

#include "nncrt/Csv.h"

#include "ErrorOf.h"
#include "TempDir.h"
#include "nncrt/Npy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

using namespace nncrt;
using namespace nncrt::test;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

std::string fixture(const std::string &name) {
  return std::string(NNCRT_TEST_DATA_DIR) + "/csv/" + name;
}

} // namespace

TEST(CsvTest, ReadsWhatPythonsCsvModuleReads) {
  CsvData data = readCsv(fixture("quoted.csv"), {{"label"}, false, {"id", "name, quoted"}});
  EXPECT_THAT(data.sampleColumns, ElementsAre("x", "y", "z"));
  EXPECT_THAT(data.lines, ElementsAre(2, 3, 4)); // row 3 spans lines 4 and 5
  ASSERT_TRUE(data.hasLabels);
  ASSERT_EQ(data.samples.shape, (Shape{3, 3}));
  ASSERT_EQ(data.labels.shape, (Shape{3, 1}));
  Tensor expected = readNpy(fixture("expected.npy"));
  for (int64_t row = 0; row < 3; ++row) {
    for (int64_t k = 0; k < 3; ++k) {
      float value = data.samples.data[size_t(row * 3 + k)];
      float reference = expected.data[size_t(row * 4 + k)];
      EXPECT_EQ(value, reference) << "row " << row << ", column " << k;
      EXPECT_EQ(std::signbit(value), std::signbit(reference));
    }
    EXPECT_EQ(data.labels.data[size_t(row)], expected.data[size_t(row * 4 + 3)]);
  }
}

// Label columns are optional when reading inputs to predict on (all or
// none), and so are the dropped ones.
TEST(CsvTest, OptionalLabelsAreLeftOutWhereTheyAre) {
  TempDir dir;
  writeBytes(dir.file("with.csv"), "a,label,b\n1,2,3\n");
  writeBytes(dir.file("without.csv"), "a,b\n1,3\n");
  for (const char *name : {"with.csv", "without.csv"}) {
    CsvData data = readCsv(dir.file(name), {{"label"}, true, {}});
    EXPECT_THAT(data.samples.data, ElementsAre(1.0f, 3.0f)) << name;
  }
  // So are dropped columns.
  CsvData withoutId = readCsv(dir.file("without.csv"), {{"label"}, true, {"id"}});
  EXPECT_THAT(withoutId.samples.data, ElementsAre(1.0f, 3.0f));
  EXPECT_THAT(errorOf([&] { readCsv(dir.file("without.csv"), {{}, false, {"id"}}); }),
              HasSubstr("without.csv:1: no column 'id' to drop"));
  writeBytes(dir.file("half.csv"), "a,label,b\n1,2,3\n");
  EXPECT_THAT(errorOf([&] { readCsv(dir.file("half.csv"), {{"label", "other"}, true, {}}); }),
              HasSubstr("half.csv:1: some of the label columns are missing"));
}

TEST(CsvTest, ErrorsNameTheLineAndColumn) {
  TempDir dir;
  writeBytes(dir.file("quote.csv"), "a,b\n1,\"2\"x\n");
  EXPECT_THAT(errorOf([&] { readCsv(dir.file("quote.csv"), {}); }),
              HasSubstr("quote.csv:2:6: text after the closing quote of a field"));
  writeBytes(dir.file("nan.csv"), "a,b\n1,nan\n");
  EXPECT_THAT(errorOf([&] { readCsv(dir.file("nan.csv"), {}); }),
              HasSubstr("nan.csv:2:3: column 'b': nan is not a finite number in f32"));
  writeBytes(dir.file("word.csv"), "a,b\n1,\"x\ny\"\n");
  EXPECT_THAT(errorOf([&] { readCsv(dir.file("word.csv"), {}); }),
              HasSubstr("word.csv:2:3: column 'b': 'x\\ny' is not a number"));
}
