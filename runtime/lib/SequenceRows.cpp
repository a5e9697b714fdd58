//===- SequenceRows.cpp - The rows of a batch still running at a step -----===//

#include "nncrt/SequenceRows.h"

#include <algorithm>
#include <numeric>

extern "C" int32_t nnc_running_rows(const halide_buffer_t *labels, int32_t ignoreClass,
                                    int32_t step) {
  const halide_dimension_t &positions = labels->dim[0], &rows = labels->dim[1];
  // A bounds query passes no data: every row.
  if (!labels->host)
    return rows.extent;
  const float *base = reinterpret_cast<const float *>(labels->host);
  const float ignored = static_cast<float>(ignoreClass);
  for (int32_t n = rows.extent - 1; n > 0; --n) {
    const float *row = base + int64_t(n) * rows.stride;
    for (int32_t i = std::max(0, step - positions.min); i < positions.extent; ++i)
      if (row[int64_t(i) * positions.stride] != ignored)
        return n + 1;
  }
  return 1;
}

std::vector<int64_t> nncrt::longestFirstOrder(const Tensor &labels, int64_t count,
                                              int paddingClass) {
  const int64_t steps = labels.shape.size() == 2 ? labels.shape[1] : 1;
  const float padding = static_cast<float>(paddingClass);
  std::vector<int64_t> length(static_cast<size_t>(count), 0);
  for (int64_t n = 0; n < count; ++n)
    for (int64_t t = steps; t > 0; --t)
      if (labels.data[size_t(n * steps + t - 1)] != padding) {
        length[size_t(n)] = t;
        break;
      }
  std::vector<int64_t> order(static_cast<size_t>(count));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int64_t a, int64_t b) { return length[size_t(a)] > length[size_t(b)]; });
  return order;
}

void nncrt::permuteRows(Tensor &tensor, const std::vector<int64_t> &order) {
  if (order.empty())
    return;
  const size_t rowSize = tensor.data.size() / size_t(tensor.batchSize());
  std::vector<float> rows(order.size() * rowSize);
  for (size_t i = 0; i < order.size(); ++i)
    std::copy_n(tensor.data.begin() + order[i] * int64_t(rowSize), rowSize,
                rows.begin() + int64_t(i * rowSize));
  std::copy(rows.begin(), rows.end(), tensor.data.begin());
}
