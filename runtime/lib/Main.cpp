//===- Main.cpp - main() of every executable nnc produces ------------------===//

#include "nncrt/BufferPool.h"
#include "nncrt/CommandLine.h"

#include "HalideRuntime.h"

#include <malloc.h>

int main(int argc, char **argv) {
  // Halide's intermediate buffers come back with the same sizes at every
  // training step: keep them (BufferPool.h).
  mallopt(M_MMAP_THRESHOLD, int(nncrt::kPooledBlockMinBytes));
  halide_set_custom_malloc(nncrt::poolMalloc);
  halide_set_custom_free(nncrt::poolFree);
  return nncrt::runCommandLine(nnc_model_registry, argc, argv);
}
