//===- RowStreamTest.cpp - Samples streamed from disk in chunks -----------===//

#include "nncrt/RowStream.h"

#include "ErrorOf.h"
#include "TempDir.h"
#include "nncrt/Npy.h"
#include "nncrt/SampleArray.h"
#include "nncrt/TrainingData.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <unistd.h>

using namespace nncrt;
using namespace nncrt::test;
using ::testing::HasSubstr;

namespace {

/// [rows, 4] floats: row r holds 10r, 10r + 1, 10r + 2, 10r + 3.
std::string writeRows(const TempDir &dir, int64_t rows) {
  Tensor tensor(Shape{rows, 4});
  for (size_t i = 0; i < tensor.data.size(); ++i)
    tensor.data[i] = float((i / 4) * 10 + i % 4);
  std::string path = dir.file("rows.npy");
  writeNpy(path, tensor);
  return path;
}

/// The whole epoch's order, position by position.
std::vector<int64_t> wholeOrder(int64_t count, int64_t chunkRows, uint64_t seed,
                                int64_t epoch, bool shuffle) {
  ChunkedEpochOrder order(count, chunkRows, seed, epoch, shuffle);
  std::vector<int64_t> rows;
  for (int64_t position = 0; position < count; ++position)
    rows.push_back(order[position]);
  return rows;
}

} // namespace

TEST(RowStreamTest, ChunkedOrderVisitsEveryRowChunkByChunk) {
  int64_t count = 1000, chunkRows = 64;
  ChunkedEpochOrder epoch(count, chunkRows, 7, 3, true);
  std::vector<int64_t> order = wholeOrder(count, chunkRows, 7, 3, true);
  std::vector<int64_t> sorted = order;
  std::sort(sorted.begin(), sorted.end());
  for (int64_t i = 0; i < count; ++i)
    ASSERT_EQ(sorted[size_t(i)], i);
  // The rows come chunk by chunk, in the chunk order it reports.
  std::vector<int64_t> visited;
  for (int64_t row : order)
    if (visited.empty() || visited.back() != row / chunkRows)
      visited.push_back(row / chunkRows);
  const std::vector<int64_t> &chunks = epoch.chunkVisits();
  EXPECT_EQ(visited, chunks);
  EXPECT_EQ(std::set<int64_t>(chunks.begin(), chunks.end()).size(), 16u);
  EXPECT_NE(order, sorted); // shuffled within chunks, and the chunks too
  EXPECT_NE(chunks, std::vector<int64_t>({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}));
  // Another epoch, another order; no shuffling, the file's order.
  EXPECT_NE(wholeOrder(count, chunkRows, 7, 4, true), order);
  EXPECT_EQ(wholeOrder(count, chunkRows, 7, 3, false), sorted);
  // One chunk: the order of data read whole.
  EXPECT_EQ(wholeOrder(count, count, 7, 3, true), epochOrder(count, 7, 3, true));
  // Positions in any order (a resumed epoch starts mid-way) give the same
  // rows, and what is held is one chunk's order, whatever the epoch's size.
  for (int64_t position : {999, 0, 500, 501, 63, 64, 937, 936})
    EXPECT_EQ(epoch[position], order[size_t(position)]) << position;
  EXPECT_LE(epoch.heldRows(), chunkRows);
  ChunkedEpochOrder large(100'000'000, 1000, 7, 3, true);
  EXPECT_EQ(large.chunkVisits().size(), 100'000u);
  EXPECT_LT(large[50'000'000], 100'000'000);
  EXPECT_EQ(large.heldRows(), 1000);
}

TEST(RowStreamTest, ReadsRowsInAnyOrderHoldingTwoChunks) {
  TempDir dir;
  int64_t rows = 1000, chunkRows = 64, rowBytes = 16;
  std::string path = writeRows(dir, rows);
  NpyHeader header = readNpyHeader(path);
  auto stream = std::make_shared<RowStream>(path, header.dataOffset, rows, rowBytes, chunkRows);
  SampleArray samples =
      SampleArray::ofStream(Shape{rows, 4}, stream, "<f4", Scale{1, 2}, path);
  for (int64_t epoch = 0; epoch < 2; ++epoch) {
    ChunkedEpochOrder order(rows, chunkRows, 1, epoch, true);
    stream->planChunks(order.chunkVisits());
    float sample[4];
    for (int64_t position = 0; position < rows; ++position) {
      int64_t row = order[position];
      samples.copySample(row, sample);
      for (int k = 0; k < 4; ++k)
        ASSERT_EQ(sample[k], float(row * 10 + k) / 2) << "row " << row; // scaled
    }
  }
  // Out of plan: file order, and jumps.
  stream->planChunks({});
  float sample[4];
  for (int64_t row : {999, 0, 500, 501, 63, 64}) {
    samples.copySample(row, sample);
    EXPECT_EQ(sample[3], float(row * 10 + 3) / 2);
  }
  EXPECT_GT(stream->peakResidentBytes(), 0);
  EXPECT_LE(stream->peakResidentBytes(), 2 * chunkRows * rowBytes);
}

TEST(RowStreamTest, StreamsEveryDtypeAsNumPyWroteIt) {
  // Labels stream with their samples whatever their type: the fixtures
  // NumPy wrote (data/make_npy_fixtures.py), a row at a time.
  for (const char *name : {"f4.npy", "f8.npy", "u1.npy", "i4.npy", "i8.npy"}) {
    std::string path = std::string(NNCRT_TEST_DATA_DIR) + "/" + name;
    Tensor whole = readNpy(path);
    NpyHeader header = readNpyHeader(path);
    auto stream = std::make_shared<RowStream>(path, header.dataOffset, 2,
                                              3 * header.elementSize, /*chunkRows=*/1);
    SampleArray rows = SampleArray::ofStream(header.shape, stream, header.descr, Scale{}, path);
    float row[3];
    for (int64_t r : {1, 0}) {
      rows.copySample(r, row);
      for (int64_t k = 0; k < 3; ++k) {
        EXPECT_EQ(row[k], whole.data[size_t(r * 3 + k)]) << name;
        EXPECT_EQ(rows.at(r, k), whole.data[size_t(r * 3 + k)]) << name;
      }
    }
  }
}

TEST(RowStreamTest, ReportsFilesCutShortAndNonFiniteRows) {
  TempDir dir;
  std::string path = writeRows(dir, 100);
  NpyHeader header = readNpyHeader(path);
  {
    Tensor bad(Shape{100, 4});
    bad.data[4 * 70 + 2] = NAN;
    writeNpy(path, bad);
    auto stream = std::make_shared<RowStream>(path, header.dataOffset, 100, 16, 32);
    SampleArray samples = SampleArray::ofStream(Shape{100, 4}, stream, "<f4", Scale{}, path);
    float sample[4];
    samples.copySample(69, sample);
    EXPECT_THAT(errorOf([&] { samples.copySample(70, sample); }),
                HasSubstr("rows.npy: sample 70 holds a non-finite value (nan) at element 2"));
  }
  auto stream = std::make_shared<RowStream>(path, header.dataOffset, 100, 16, 32);
  ASSERT_EQ(::truncate(path.c_str(), off_t(header.dataOffset + 16 * 40)), 0);
  EXPECT_EQ(stream->row(10)[0], 0); // the first chunk is whole
  EXPECT_THAT(errorOf([&] { stream->row(90); }),
              HasSubstr("rows.npy: cannot read rows 64 to 95: the file ends early"));
}

TEST(RowStreamTest, MemoryBudgetsReadAsSizes) {
  EXPECT_EQ(parseMemoryBudget("4096"), 4096);
  EXPECT_EQ(parseMemoryBudget("512K"), 512 << 10);
  EXPECT_EQ(parseMemoryBudget("200M"), int64_t(200) << 20);
  EXPECT_EQ(parseMemoryBudget("4G"), int64_t(4) << 30);
  for (const char *bad : {"", "0", "1T", "M", "-1G", "1.5G"})
    EXPECT_THAT(errorOf([&] { parseMemoryBudget(bad); }),
                HasSubstr("--memory-budget: expected a positive size such as 512M or 4G"))
        << bad;
  EXPECT_GT(defaultMemoryBudget(), 0);
}
