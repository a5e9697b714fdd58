//===- BatchBuffers.h - How much a pipeline's buffers hold per sample -----===//
//
// Halide refuses a buffer of 2^31 bytes or more, so the batch a pipeline can
// take is bounded by its largest batch-sized tensor. The registry tells the
// runtime that tensor's size per sample (ModelDesc::forwardSampleBytes, ...);
// the runtime splits larger batches into chunks or refuses them.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_DRIVER_BATCHBUFFERS_H
#define NNC_DRIVER_BATCHBUFFERS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <cstdint>

namespace nnc {

/// The bytes one sample occupies in the largest tensor with a batch axis of
/// `function`: its arguments, its results and every value in between. Tensors
/// without a batch axis (parameters, gradients) do not grow with the batch
/// and are not counted; 0 when there is no batch-sized tensor, or no
/// function. Saturates at INT64_MAX rather than overflowing.
int64_t largestSampleBytes(mlir::func::FuncOp function);

} // namespace nnc

#endif // NNC_DRIVER_BATCHBUFFERS_H
