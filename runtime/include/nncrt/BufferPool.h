//===- BufferPool.h - Reuse of Halide's intermediate buffers ----*- C++ -*-===//
//
// A Halide pipeline allocates the whole-batch tensors it keeps between its
// stages (activations, gradients) with halide_malloc on every call and frees
// them at its end. Training calls the same pipelines with the same batch size
// at every step, so the same sizes come back each time. Through the C
// library, blocks that large are returned to the kernel when freed and every
// step faults in fresh zeroed pages again (about a quarter of a step's time
// for the autoencoder). The pool keeps freed blocks for the next request of
// (about) the same size instead. When the sizes change for good (the last,
// partial batch of an epoch, then full batches again), the trainer releases
// the free blocks (poolReleaseIdle), so that the memory held stays near what
// one step needs rather than what steps of every size needed.
//
// Blocks are 64-byte aligned (whole AVX-512 vectors). main() installs the
// pool with halide_set_custom_malloc/free, and fixes the C library's mmap
// threshold at kPooledBlockMinBytes so that released blocks go back to the
// kernel (glibc otherwise raises the threshold to the largest block freed and
// serves smaller ones from its heap, which keeps them). The functions
// themselves do not depend on the Halide runtime, so the library links
// without it.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_BUFFERPOOL_H
#define NNCRT_BUFFERPOOL_H

#include <cstddef>

namespace nncrt {

/// Blocks at least this large are kept for reuse when freed; smaller ones
/// (per-row scratch of a stage) go straight back to the C library.
constexpr size_t kPooledBlockMinBytes = size_t(64) << 10;
/// A free block serves a request of at least half its size.
constexpr size_t kPooledBlockMaxWaste = 2;
/// Free blocks beyond this many bytes are released.
constexpr size_t kPoolMaxIdleBytes = size_t(256) << 20;

/// halide_malloc_t: `bytes` of 64-byte aligned memory (null when out of memory).
void *poolMalloc(void *userContext, size_t bytes);
/// halide_free_t: returns a block of poolMalloc to the pool.
void poolFree(void *userContext, void *block);

/// Frees the blocks the pool keeps.
void poolReleaseIdle();

/// Bytes held by free blocks now (for tests).
size_t poolIdleBytes();

} // namespace nncrt

#endif // NNCRT_BUFFERPOOL_H
