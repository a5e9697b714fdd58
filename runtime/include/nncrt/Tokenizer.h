//===- Tokenizer.h - Words to token indices, as Keras's Tokenizer ----------===//
//
// Keras Tokenizer(num_words, oov_token='<unk>', filters='', lower=True) fit
// on the cleaned sentences (words are separated by single spaces): index 0
// pads, 1 is <unk>, then every word seen from 2 on, the most frequent first,
// ties in order of first appearance (Keras stable-sorts its insertion-ordered
// counts). Encoding keeps indices below num_words and maps the rest, and
// unknown words, to <unk>.
//
// The vocabulary (the words of the indices below num_words) is serialized
// into every checkpoint of a text model, so generation needs no corpus.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_TOKENIZER_H
#define NNCRT_TOKENIZER_H

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace nncrt {

constexpr int32_t kPadIndex = 0;
constexpr int32_t kUnknownIndex = 1;
constexpr const char *kPadToken = "<pad>";
constexpr const char *kUnknownToken = "<unk>";

class Tokenizer {
public:
  /// Fits the word index on `sentences`; `numWords` (>= 2) caps the indices
  /// that encode() produces.
  static Tokenizer fit(const std::vector<std::string> &sentences,
                       int64_t numWords);
  /// The tokenizer of a serialized vocabulary; `source` names it in errors.
  static Tokenizer deserialize(std::string_view text, std::string_view source);

  /// The token indices of a sentence (texts_to_sequences).
  std::vector<int32_t> encode(std::string_view sentence) const;
  /// A word's index if it is below numWords, else kUnknownIndex.
  int32_t indexOf(std::string_view word) const;
  /// The word of an index below vocabularySize().
  const std::string &word(int32_t index) const;

  int64_t numWords() const { return cap; }
  /// Indices encode() can produce: min(numWords, distinct words + 2).
  int64_t vocabularySize() const;
  /// Distinct words fit() saw (Keras's len(word_counts)).
  int64_t distinctWords() const { return int64_t(words.size()) - 2; }
  /// The words that keep an index of their own: the vocabulary without the
  /// pad and <unk>, which are no words.
  int64_t keptWords() const { return vocabularySize() - 2; }

  /// JSON: {"num_words": N, "words": [index 0, index 1, ...]} for the
  /// indices below vocabularySize().
  std::string serialize() const;

private:
  Tokenizer() = default;
  void addWord(std::string word);

  int64_t cap = 0;
  std::vector<std::string> words; ///< by index: <pad>, <unk>, then by count
  std::unordered_map<std::string, int32_t> indices;
};

/// Splits a cleaned sentence on single spaces (empty words dropped).
std::vector<std::string_view> splitWords(std::string_view sentence);

} // namespace nncrt

#endif // NNCRT_TOKENIZER_H
