//===- Generation.h - Continuing a token sequence with a model's step -------===//
//
// A sequence model's step pipeline (StepDesc) reads one token per row and
// the recurrent states, and gives the next token's logits and the new
// states. Generation feeds the prompt one token at a time from zero states,
// then repeatedly picks a next token from the last logits and feeds it back:
// n tokens cost n steps. The pick is the arg-max, or a draw from
// softmax(logits / temperature) over the top-k logits; the pad token 0 is
// never picked.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_GENERATION_H
#define NNCRT_GENERATION_H

#include "nncrt/ModelDesc.h"
#include "nncrt/Tensor.h"

#include <cstdint>
#include <random>
#include <vector>

namespace nncrt {

struct GenerationOptions {
  int64_t maxTokens = 20; ///< tokens generated at most (the end token included)
  bool sample = false;    ///< false: arg-max
  double temperature = 1; ///< > 0, for sampling
  int64_t topK = 0;       ///< sample among the k largest logits; 0: all
  uint64_t seed = 0;
};

/// The model's step, or an Error saying it is not a sequence model.
const StepDesc &requireStepDesc(const ModelDesc &model, const char *command);

/// The next token among indices [2, count) of `logits`: neither the pad (0)
/// nor <unk> (1), which stand for no word, nor `excluded` (when >= 0).
int32_t pickToken(const float *logits, int64_t count,
                  const GenerationOptions &options, std::mt19937_64 &generator,
                  int32_t excluded = -1);

/// The tokens that follow `prompt` (not empty; <start> first), up to and
/// without `endToken`. Only indices below `vocabularySize` are picked. After
/// <start> alone the first pick is never `endToken`: the corpus has no empty
/// line, and an empty prompt must not give one.
std::vector<int32_t> continueTokens(const ModelDesc &model,
                                    std::vector<Tensor> &params,
                                    const std::vector<int32_t> &prompt,
                                    int32_t endToken, int64_t vocabularySize,
                                    const GenerationOptions &options);

} // namespace nncrt

#endif // NNCRT_GENERATION_H
