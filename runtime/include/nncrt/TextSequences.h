//===- TextSequences.h - Tokenized sentences a language model trains on ----===//
//
// The sentences of a corpus as token indices: those of at most max_tokens
// tokens (<start> and <end> included) are kept, padded at the end ('post')
// with 0 to max_tokens. A sample's input is its first max_tokens - 1 tokens,
// its target the last max_tokens - 1 (the next token at every position).
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_TEXTSEQUENCES_H
#define NNCRT_TEXTSEQUENCES_H

#include "nncrt/Tokenizer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace nncrt {

struct TextSequences {
  Tokenizer tokenizer;
  int64_t maxTokens = 0;       ///< tokens per padded sentence
  std::vector<int32_t> tokens; ///< count() rows of maxTokens indices
  int64_t sentencesBeforeFilter = 0;

  int64_t count() const { return int64_t(tokens.size()) / maxTokens; }
  const int32_t *sentence(int64_t row) const {
    return tokens.data() + row * maxTokens;
  }
  /// Input and target length: maxTokens - 1.
  int64_t sampleLength() const { return maxTokens - 1; }
};

/// Fits the tokenizer on all `sentences`, then keeps those of at most
/// `maxTokens` (>= 2) tokens, padded.
TextSequences buildTextSequences(const std::vector<std::string> &sentences,
                                 int64_t numWords, int64_t maxTokens);

/// Writes the input (shift 0) or target (shift 1) of `row` as floats.
void copySampleTokens(const TextSequences &sequences, int64_t row, int shift,
                      float *destination);

} // namespace nncrt

#endif // NNCRT_TEXTSEQUENCES_H
