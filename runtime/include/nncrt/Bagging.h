//===- Bagging.h - Bootstrap samples and member files of `train --bagging` ===//
//
// `train --bagging N` trains N members of one model, member k on a bootstrap
// sample of the training rows (as many rows as the split, drawn with
// replacement from a generator seeded by (seed, k)) and from initial weights
// of its own seed. Each member is a complete checkpoint of its own,
// `<stem>.member<k>.safetensors`: `predict --weights` and `eval` read any one
// of them, and an interrupted member resumes like a single run.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_BAGGING_H
#define NNCRT_BAGGING_H

#include <cstdint>
#include <string>
#include <vector>

namespace nncrt {

/// `count` row indices in [0, count), drawn with replacement; depends only on
/// (seed, member).
std::vector<int64_t> bootstrapRows(int64_t count, uint64_t seed, int64_t member);

/// The seed of member k's initial weights.
uint64_t memberInitSeed(uint64_t seed, int64_t member);

/// "clf.ckpt.safetensors" -> "clf.ckpt.member2.safetensors"; a path with
/// another extension keeps it after the member ("log.jsonl" -> "log.member2.jsonl").
std::string memberPath(const std::string &path, int64_t member);

} // namespace nncrt

#endif // NNCRT_BAGGING_H
