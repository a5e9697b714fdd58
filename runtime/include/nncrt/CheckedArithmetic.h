//===- CheckedArithmetic.h - Integer arithmetic that reports overflow ------===//
//
// Sizes and counters read from files (shapes, checkpoint metadata) can be
// anything: arithmetic on them goes through these helpers, which say when a
// result does not fit instead of wrapping (signed overflow is undefined).
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_CHECKEDARITHMETIC_H
#define NNCRT_CHECKEDARITHMETIC_H

#include <cstdint>
#include <optional>

namespace nncrt {

/// a + b, or nothing when it overflows int64_t.
inline std::optional<int64_t> checkedAdd(int64_t a, int64_t b) {
  int64_t sum;
  if (__builtin_add_overflow(a, b, &sum))
    return std::nullopt;
  return sum;
}

/// a * b, or nothing when it overflows int64_t.
inline std::optional<int64_t> checkedMultiply(int64_t a, int64_t b) {
  int64_t product;
  if (__builtin_mul_overflow(a, b, &product))
    return std::nullopt;
  return product;
}

} // namespace nncrt

#endif // NNCRT_CHECKEDARITHMETIC_H
