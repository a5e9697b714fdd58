//===- FakeSequenceModels.h - A hand-written language model for the tests ===//
//
// "bigram": the smallest model that trains on text and generates: input
// tokens [4] (text max_tokens 5, num_words 8), param bigram.table [8, 8]
// (RandomUniform), output logits [4, 8] with logits[t] = table[token[t]];
// sparse categorical cross-entropy from logits that ignores the pad target
// 0, plain SGD (no optimizer state), validation fraction 0.25, batch 2.
// Its step pipeline gives table[token] for one token and carries a state
// "bigram.h" [1] that counts the tokens fed, so tests see whether the
// runtime starts it at zero and carries it from step to step.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_TEST_FAKESEQUENCEMODELS_H
#define NNCRT_TEST_FAKESEQUENCEMODELS_H

#include "nncrt/ModelDesc.h"

#include <vector>

namespace nncrt::test {

/// What the bigram step pipeline saw.
struct FakeStepCalls {
  std::vector<float> tokens;      ///< the token of each call
  std::vector<float> statesIn;    ///< bigram.h as each call received it
  std::vector<int> batchExtents;
};
FakeStepCalls &fakeStepCalls();
void resetFakeStepCalls();

const ModelDesc &bigramModel();
/// Holds "bigram" only.
const ModelRegistry &sequenceRegistry();

} // namespace nncrt::test

#endif // NNCRT_TEST_FAKESEQUENCEMODELS_H
