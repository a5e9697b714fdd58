//===- NonFinite.cpp - Finding NaN and infinity in tensors read from files -===//

#include "nncrt/NonFinite.h"

#include "nncrt/Error.h"

#include <cmath>

namespace nncrt {

NonFiniteValues findNonFinite(const Tensor &tensor) {
  NonFiniteValues found;
  for (size_t i = 0; i < tensor.data.size(); ++i) {
    if (std::isfinite(tensor.data[i]))
      continue;
    if (found.count++ == 0) {
      found.firstIndex = int64_t(i);
      found.firstValue = tensor.data[i];
    }
  }
  return found;
}

std::string formatPosition(const Shape &shape, int64_t index) {
  Shape position(shape.size());
  for (size_t axis = shape.size(); axis-- > 0;) {
    int64_t extent = std::max<int64_t>(shape[axis], 1);
    position[axis] = index % extent;
    index /= extent;
  }
  return formatShape(position);
}

std::string describeNonFinite(const NonFiniteValues &values, const Shape &shape) {
  return fmt::format("{} non-finite value{} (the first, {}, at {})", values.count,
                     values.count == 1 ? "" : "s", values.firstValue,
                     formatPosition(shape, values.firstIndex));
}

void requireFiniteTensor(const std::string &path, const std::string &name,
                         const Tensor &tensor) {
  NonFiniteValues values = findNonFinite(tensor);
  if (values.count)
    fail("{}: tensor '{}' holds {}; parameters and optimizer state must be "
         "finite",
         path, name, describeNonFinite(values, tensor.shape));
}

} // namespace nncrt
