//===- TextSequences.cpp - Tokenized sentences a language model trains on --===//

#include "nncrt/TextSequences.h"

#include "nncrt/Error.h"

namespace nncrt {

TextSequences buildTextSequences(const std::vector<std::string> &sentences,
                                 int64_t numWords, int64_t maxTokens) {
  if (maxTokens < 2)
    fail("text data: max_tokens must be at least 2 (an input token and its "
         "next), got {}",
         maxTokens);
  TextSequences sequences{Tokenizer::fit(sentences, numWords), maxTokens, {},
                          int64_t(sentences.size())};
  for (const std::string &sentence : sentences) {
    std::vector<int32_t> tokens = sequences.tokenizer.encode(sentence);
    if (int64_t(tokens.size()) > maxTokens)
      continue;
    tokens.resize(size_t(maxTokens), kPadIndex);
    sequences.tokens.insert(sequences.tokens.end(), tokens.begin(), tokens.end());
  }
  return sequences;
}

void copySampleTokens(const TextSequences &sequences, int64_t row, int shift,
                      float *destination) {
  const int32_t *tokens = sequences.sentence(row) + shift;
  for (int64_t i = 0; i < sequences.sampleLength(); ++i)
    destination[i] = float(tokens[i]);
}

} // namespace nncrt
