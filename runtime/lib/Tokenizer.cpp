//===- Tokenizer.cpp - Words to token indices, as Keras's Tokenizer --------===//

#include "nncrt/Tokenizer.h"

#include "nncrt/Error.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace nncrt {

std::vector<std::string_view> splitWords(std::string_view sentence) {
  std::vector<std::string_view> result;
  while (!sentence.empty()) {
    size_t space = sentence.find(' ');
    std::string_view word = sentence.substr(0, space);
    if (!word.empty())
      result.push_back(word);
    sentence.remove_prefix(space == std::string_view::npos ? sentence.size()
                                                           : space + 1);
  }
  return result;
}

void Tokenizer::addWord(std::string word) {
  indices.emplace(word, int32_t(words.size()));
  words.push_back(std::move(word));
}

Tokenizer Tokenizer::fit(const std::vector<std::string> &sentences,
                         int64_t numWords) {
  if (numWords < 2)
    fail("text data: num_words must be at least 2 (0 pads, 1 is {}), got {}",
         kUnknownToken, numWords);
  // Counts in order of first appearance, as Keras's OrderedDict keeps them.
  std::vector<std::pair<std::string_view, int64_t>> counts;
  std::unordered_map<std::string_view, size_t> slot;
  for (const std::string &sentence : sentences)
    for (std::string_view word : splitWords(sentence)) {
      auto [it, inserted] = slot.emplace(word, counts.size());
      if (inserted)
        counts.emplace_back(word, 0);
      counts[it->second].second++;
    }
  std::stable_sort(counts.begin(), counts.end(),
                   [](const auto &a, const auto &b) { return a.second > b.second; });
  Tokenizer tokenizer;
  tokenizer.cap = numWords;
  tokenizer.addWord(kPadToken);
  tokenizer.addWord(kUnknownToken);
  for (const auto &[word, count] : counts)
    tokenizer.addWord(std::string(word));
  return tokenizer;
}

int32_t Tokenizer::indexOf(std::string_view word) const {
  auto it = indices.find(std::string(word));
  if (it == indices.end() || it->second >= cap || it->second == kPadIndex)
    return kUnknownIndex;
  return it->second;
}

std::vector<int32_t> Tokenizer::encode(std::string_view sentence) const {
  std::vector<int32_t> tokens;
  for (std::string_view word : splitWords(sentence))
    tokens.push_back(indexOf(word));
  return tokens;
}

const std::string &Tokenizer::word(int32_t index) const {
  if (index < 0 || index >= vocabularySize())
    fail("token index {} is outside the vocabulary of {} words", index,
         vocabularySize());
  return words[size_t(index)];
}

int64_t Tokenizer::vocabularySize() const {
  return std::min<int64_t>(cap, int64_t(words.size()));
}

std::string Tokenizer::serialize() const {
  nlohmann::json json;
  json["num_words"] = cap;
  json["words"] = std::vector<std::string>(words.begin(),
                                           words.begin() + vocabularySize());
  return json.dump();
}

Tokenizer Tokenizer::deserialize(std::string_view text, std::string_view source) {
  nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || !json.contains("num_words") ||
      !json["num_words"].is_number_integer() || !json.contains("words") ||
      !json["words"].is_array())
    fail("{}: corrupt vocabulary: expected {{\"num_words\": N, \"words\": "
         "[...]}}",
         source);
  Tokenizer tokenizer;
  tokenizer.cap = json["num_words"].get<int64_t>();
  for (const nlohmann::json &word : json["words"]) {
    if (!word.is_string())
      fail("{}: corrupt vocabulary: word {} is not a string", source,
           tokenizer.words.size());
    tokenizer.addWord(word.get<std::string>());
  }
  if (tokenizer.words.size() < 2 || tokenizer.words[kPadIndex] != kPadToken ||
      tokenizer.words[kUnknownIndex] != kUnknownToken ||
      int64_t(tokenizer.words.size()) > tokenizer.cap ||
      tokenizer.indices.size() != tokenizer.words.size())
    fail("{}: corrupt vocabulary: it must start with {} and {}, hold distinct "
         "words and at most num_words ({}) of them",
         source, kPadToken, kUnknownToken, tokenizer.cap);
  return tokenizer;
}

} // namespace nncrt
