//===- Forward.h - Running a model's forward pipeline over a dataset -------===//
//
// The AOT forward pipeline takes one halide_buffer_t per argument (inputs,
// params, outputs). A dataset is fed in slices of the batch axis so that
// temporary memory inside the pipeline stays bounded.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_FORWARD_H
#define NNCRT_FORWARD_H

#include "nncrt/ModelDesc.h"
#include "nncrt/Tensor.h"

#include <cstdint>
#include <vector>

namespace nncrt {

constexpr int64_t kDefaultBatchSize = 256;

/// Runs the forward pass over all rows of `inputs` (one tensor per model
/// input, batch first, same row count) and returns one tensor per output,
/// of shape [rows, output shape...].
std::vector<Tensor> runForward(const ModelDesc &model,
                               std::vector<Tensor> &inputs,
                               std::vector<Tensor> &params,
                               int64_t batchSize = kDefaultBatchSize);

/// One call of the forward pipeline on views of one batch: `inputs` (one
/// per model input) and `outputs` (one per model output), all with the same
/// batch extent.
void forwardBatch(const ModelDesc &model, std::vector<HalideBufferView> &inputs,
                  std::vector<HalideBufferView> &params,
                  std::vector<HalideBufferView> &outputs);

} // namespace nncrt

#endif // NNCRT_FORWARD_H
