//===- NonFinite.h - Finding NaN and infinity in tensors read from files ---===//
//
// A NaN or an infinity in the weights or the inputs spreads through every
// layer: relu hides it, a checkpoint saves it again, a prediction comes out
// as class 0. Such values are refused where files are read, with the file,
// the tensor and the position of the first one.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_NONFINITE_H
#define NNCRT_NONFINITE_H

#include "nncrt/Tensor.h"

#include <cstdint>
#include <string>

namespace nncrt {

struct NonFiniteValues {
  int64_t count = 0;      ///< NaNs and infinities
  int64_t firstIndex = 0; ///< flat index of the first, when count > 0
  float firstValue = 0;
};

NonFiniteValues findNonFinite(const Tensor &tensor);

/// "[2, 0, 13]": the position of flat (row-major) element `index` in `shape`.
std::string formatPosition(const Shape &shape, int64_t index);

/// "3 non-finite values (the first, nan, at [2, 0, 13])".
std::string describeNonFinite(const NonFiniteValues &values, const Shape &shape);

/// Fails unless every value of tensor `name` (a parameter or optimizer state
/// read from `path`) is finite.
void requireFiniteTensor(const std::string &path, const std::string &name,
                         const Tensor &tensor);

} // namespace nncrt

#endif // NNCRT_NONFINITE_H
