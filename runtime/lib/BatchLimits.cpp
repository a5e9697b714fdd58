//===- BatchLimits.cpp - The largest batch each pipeline takes ------------===//

#include "nncrt/BatchLimits.h"

#include "nncrt/Error.h"
#include "nncrt/Summary.h"

#include <algorithm>

namespace nncrt {

namespace {

const char *pipelineName(BatchPipeline pipeline) {
  switch (pipeline) {
  case BatchPipeline::Forward:
    return "forward";
  case BatchPipeline::Loss:
    return "loss";
  case BatchPipeline::Gradient:
    return "gradient";
  }
  return "?";
}

int64_t sampleBytes(const ModelDesc &model, BatchPipeline pipeline) {
  switch (pipeline) {
  case BatchPipeline::Forward:
    return model.forwardSampleBytes;
  case BatchPipeline::Loss:
    return model.lossSampleBytes;
  case BatchPipeline::Gradient:
    return model.gradientSampleBytes;
  }
  return 0;
}

/// The pipeline of `pipelines` that takes the fewest samples.
BatchPipeline tightest(const ModelDesc &model,
                       std::initializer_list<BatchPipeline> pipelines) {
  return *std::min_element(pipelines.begin(), pipelines.end(),
                           [&](BatchPipeline a, BatchPipeline b) {
                             return largestBatch(model, a) < largestBatch(model, b);
                           });
}

std::string bufferLimitText(const ModelDesc &model, BatchPipeline pipeline) {
  return fmt::format("the {} pipeline's largest buffer holds {} bytes per "
                     "sample, and Halide takes at most {} bytes per buffer",
                     pipelineName(pipeline),
                     formatWithThousandsSeparators(sampleBytes(model, pipeline)),
                     formatWithThousandsSeparators(kHalideMaxBufferBytes));
}

[[noreturn]] void failNoSampleFits(const ModelDesc &model, BatchPipeline pipeline,
                                   const std::string &what) {
  fail("{}: not even one sample fits: {}", what, bufferLimitText(model, pipeline));
}

} // namespace

int64_t largestBatch(const ModelDesc &model, BatchPipeline pipeline) {
  int64_t bytes = sampleBytes(model, pipeline);
  return bytes <= 0 ? INT64_MAX : kHalideMaxBufferBytes / bytes;
}

int64_t chunkSize(const ModelDesc &model,
                  std::initializer_list<BatchPipeline> pipelines,
                  int64_t requested) {
  BatchPipeline limiting = tightest(model, pipelines);
  int64_t largest = largestBatch(model, limiting);
  if (largest == 0)
    failNoSampleFits(model, limiting, fmt::format("model '{}'", model.name));
  return std::min(requested, largest);
}

void requireBatchFits(const ModelDesc &model,
                      std::initializer_list<BatchPipeline> pipelines,
                      int64_t batch, const std::string &what) {
  BatchPipeline limiting = tightest(model, pipelines);
  int64_t largest = largestBatch(model, limiting);
  if (largest == 0)
    failNoSampleFits(model, limiting, what);
  if (batch > largest)
    fail("{}: a batch of {} samples is too large: {}; the largest batch that "
         "fits is {}",
         what, formatWithThousandsSeparators(batch),
         bufferLimitText(model, limiting), formatWithThousandsSeparators(largest));
}

} // namespace nncrt
