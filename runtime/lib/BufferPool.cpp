//===- BufferPool.cpp - Reuse of Halide's intermediate buffers ------------===//

#include "nncrt/BufferPool.h"

#include <cstdlib>
#include <map>
#include <mutex>

namespace nncrt {

namespace {

constexpr size_t kAlignment = 64;
/// Each block starts with a header holding its usable size; the header is a
/// whole alignment unit so that the memory after it stays aligned.
constexpr size_t kHeaderBytes = kAlignment;
/// Large requests are rounded up to whole pages, so that batches of nearby
/// sizes share blocks.
constexpr size_t kPageBytes = 4096;

struct Pool {
  std::mutex mutex;
  std::multimap<size_t, void *> idle; // usable size -> block (header address)
  size_t idleBytes = 0;
};

Pool &pool() {
  // Never destroyed: Halide's worker threads may still free at exit.
  static Pool *instance = new Pool;
  return *instance;
}

size_t &sizeOf(void *block) { return *static_cast<size_t *>(block); }
void *userPointer(void *block) { return static_cast<char *>(block) + kHeaderBytes; }
void *blockOf(void *user) { return static_cast<char *>(user) - kHeaderBytes; }

void *allocateBlock(size_t usable) {
  // Halide may read a few bytes past the end of a buffer: one spare unit.
  size_t total = kHeaderBytes + (usable + kAlignment - 1) / kAlignment * kAlignment +
                 kAlignment;
  void *block = std::aligned_alloc(kAlignment, total);
  if (block)
    sizeOf(block) = usable;
  return block;
}

} // namespace

void *poolMalloc(void *, size_t bytes) {
  if (bytes < kPooledBlockMinBytes) {
    void *block = allocateBlock(bytes);
    return block ? userPointer(block) : nullptr;
  }
  size_t usable = (bytes + kPageBytes - 1) / kPageBytes * kPageBytes;
  {
    Pool &p = pool();
    std::lock_guard<std::mutex> lock(p.mutex);
    // The smallest free block that fits, unless it would waste too much.
    auto it = p.idle.lower_bound(usable);
    if (it != p.idle.end() && it->first <= usable * kPooledBlockMaxWaste) {
      void *block = it->second;
      p.idleBytes -= it->first;
      p.idle.erase(it);
      return userPointer(block);
    }
  }
  void *block = allocateBlock(usable);
  return block ? userPointer(block) : nullptr;
}

void poolFree(void *, void *user) {
  if (!user)
    return;
  void *block = blockOf(user);
  size_t usable = sizeOf(block);
  if (usable >= kPooledBlockMinBytes) {
    Pool &p = pool();
    std::lock_guard<std::mutex> lock(p.mutex);
    if (p.idleBytes + usable <= kPoolMaxIdleBytes) {
      p.idle.emplace(usable, block);
      p.idleBytes += usable;
      return;
    }
  }
  std::free(block);
}

void poolReleaseIdle() {
  std::multimap<size_t, void *> idle;
  {
    Pool &p = pool();
    std::lock_guard<std::mutex> lock(p.mutex);
    idle.swap(p.idle);
    p.idleBytes = 0;
  }
  for (const auto &[size, block] : idle)
    std::free(block);
}

size_t poolIdleBytes() {
  Pool &p = pool();
  std::lock_guard<std::mutex> lock(p.mutex);
  return p.idleBytes;
}

} // namespace nncrt
