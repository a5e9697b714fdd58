//===- SequenceRows.h - The rows of a batch still running at a time step --===//
//
// A language model's pipelines compute each time step of its recurrent layers
// only for the leading rows of the batch that hold a sequence still running
// (nnc's Codegen/SequencePacking.h). They ask this function, once per step
// they call, how many rows that is: the count depends on the batch's labels,
// and a Halide pipeline can take a run-time loop extent from a scalar
// argument or from a function it calls, not from a Func it computed.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_SEQUENCEROWS_H
#define NNCRT_SEQUENCEROWS_H

#include "nncrt/Tensor.h"

#include "HalideRuntime.h"

#include <cstdint>
#include <vector>

extern "C" {

/// One past the last row n of `labels` (f32 class indices [N, T], Halide
/// order (t, n)) with a label other than `ignoreClass` at some position
/// >= `step`: the leading rows that hold every sequence still running at
/// `step`. At least 1 (a step no sequence reaches computes row 0, whose
/// gradient is zero there), at most N.
int32_t nnc_running_rows(const halide_buffer_t *labels, int32_t ignoreClass, int32_t step);
}

namespace nncrt {

/// The first `count` rows of `labels` ([N, T] class indices as floats) by
/// the length of their sequences (one past the last label that is not
/// `paddingClass`), longest first, rows of one length in their order: entry
/// i is the row to put at i. Sorting a batch so makes nnc_running_rows as
/// small as it can be at every step; the mean loss and its gradient are the
/// same up to the order of their sums.
std::vector<int64_t> longestFirstOrder(const Tensor &labels, int64_t count, int paddingClass);

/// Rows 0 .. order.size() - 1 of `tensor` rearranged: row i becomes the row
/// order[i] was.
void permuteRows(Tensor &tensor, const std::vector<int64_t> &order);

} // namespace nncrt

#endif // NNCRT_SEQUENCEROWS_H
