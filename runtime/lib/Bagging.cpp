//===- Bagging.cpp - Bootstrap samples and member files of `train --bagging` ===//

#include "nncrt/Bagging.h"

#include "nncrt/Augmentation.h"

#include <random>

namespace nncrt {

std::vector<int64_t> bootstrapRows(int64_t count, uint64_t seed, int64_t member) {
  // Indices drawn by hand from mt19937_64 (std's distributions differ
  // between libraries); the modulo bias is below 2^-40 for any real data set.
  std::seed_seq sequence{uint32_t(seed), uint32_t(seed >> 32), uint32_t(member),
                         uint32_t(uint64_t(member) >> 32), 0xba99u};
  std::mt19937_64 generator(sequence);
  std::vector<int64_t> rows(size_t(count > 0 ? count : 0));
  for (int64_t &row : rows)
    row = int64_t(generator() % uint64_t(count));
  return rows;
}

uint64_t memberInitSeed(uint64_t seed, int64_t member) {
  return mixBits(seed ^ mixBits(uint64_t(member) + 1));
}

std::string memberPath(const std::string &path, int64_t member) {
  std::string tag = ".member" + std::to_string(member);
  size_t slash = path.find_last_of('/');
  size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash) ||
      dot == (slash == std::string::npos ? 0 : slash + 1))
    return path + tag;
  return path.substr(0, dot) + tag + path.substr(dot);
}

} // namespace nncrt
