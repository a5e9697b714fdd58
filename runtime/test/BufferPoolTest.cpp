//===- BufferPoolTest.cpp - Reuse of Halide's intermediate buffers --------===//

#include "nncrt/BufferPool.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>

using namespace nncrt;

namespace {

bool isAligned(void *pointer) { return reinterpret_cast<uintptr_t>(pointer) % 64 == 0; }

TEST(BufferPoolTest, BlocksAreAlignedAndWritable) {
  for (size_t bytes : {size_t(1), size_t(100), size_t(4096), size_t(1) << 20}) {
    void *block = poolMalloc(nullptr, bytes);
    ASSERT_NE(block, nullptr);
    EXPECT_TRUE(isAligned(block)) << bytes;
    std::memset(block, 0xab, bytes);
    poolFree(nullptr, block);
  }
}

TEST(BufferPoolTest, ALargeFreedBlockServesTheNextRequestOfItsSize) {
  size_t bytes = 3 * kPooledBlockMinBytes + 12;
  void *first = poolMalloc(nullptr, bytes);
  size_t idleBefore = poolIdleBytes();
  poolFree(nullptr, first);
  EXPECT_GT(poolIdleBytes(), idleBefore);
  void *second = poolMalloc(nullptr, bytes);
  EXPECT_EQ(second, first);
  EXPECT_EQ(poolIdleBytes(), idleBefore);
  poolFree(nullptr, second);
}

TEST(BufferPoolTest, AFreeBlockServesOnlyRequestsOfAtLeastHalfItsSize) {
  // Larger than any block the other tests leave in the pool.
  size_t big = size_t(32) << 20;
  void *block = poolMalloc(nullptr, big);
  poolFree(nullptr, block);
  void *half = poolMalloc(nullptr, big / kPooledBlockMaxWaste);
  EXPECT_EQ(half, block);
  poolFree(nullptr, half);
  void *small = poolMalloc(nullptr, big / kPooledBlockMaxWaste / 2);
  EXPECT_NE(small, block);
  poolFree(nullptr, small);
}

TEST(BufferPoolTest, ReleasingFreesEveryKeptBlock) {
  poolFree(nullptr, poolMalloc(nullptr, 2 * kPooledBlockMinBytes));
  EXPECT_GT(poolIdleBytes(), size_t(0));
  poolReleaseIdle();
  EXPECT_EQ(poolIdleBytes(), size_t(0));
}

TEST(BufferPoolTest, SmallBlocksAreNotKept) {
  size_t idleBefore = poolIdleBytes();
  poolFree(nullptr, poolMalloc(nullptr, kPooledBlockMinBytes / 2));
  EXPECT_EQ(poolIdleBytes(), idleBefore);
  poolFree(nullptr, nullptr);
}

} // namespace
