//===- BatchLimits.h - The largest batch each pipeline takes --------------===//
//
// Halide refuses a buffer of 2^31 bytes or more (it indexes with 32-bit
// integers), and aborts the pipeline that would allocate one. nnc writes the
// bytes per sample of each pipeline's largest batch-sized tensor into the
// registry (ModelDesc::forwardSampleBytes, ...), so the runtime knows the
// largest batch before calling: commands whose results do not depend on the
// batch (predict, eval, reconstruct) run larger batches in chunks, those
// whose results do (train, gradient) refuse them and say what fits.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_BATCHLIMITS_H
#define NNCRT_BATCHLIMITS_H

#include "nncrt/ModelDesc.h"

#include <cstdint>
#include <initializer_list>
#include <string>

namespace nncrt {

/// Halide's limit on one buffer, in bytes (2^31 - 1).
constexpr int64_t kHalideMaxBufferBytes = 2147483647;

enum class BatchPipeline { Forward, Loss, Gradient };

/// The most samples one call of `pipeline` takes: 0 when not even one fits,
/// INT64_MAX when the registry does not say.
int64_t largestBatch(const ModelDesc &model, BatchPipeline pipeline);

/// Samples per call for a command whose results do not depend on the batch:
/// `requested`, lowered to what every one of `pipelines` takes. Fails when
/// a single sample does not fit.
int64_t chunkSize(const ModelDesc &model,
                  std::initializer_list<BatchPipeline> pipelines,
                  int64_t requested);

/// For a command whose result depends on the batch: fails with one line
/// that starts with `what` ("train: --batch 40") and gives the largest
/// batch that fits, unless every one of `pipelines` takes `batch` samples.
void requireBatchFits(const ModelDesc &model,
                      std::initializer_list<BatchPipeline> pipelines,
                      int64_t batch, const std::string &what);

} // namespace nncrt

#endif // NNCRT_BATCHLIMITS_H
