//===- TokenizerTest.cpp - Keras's Tokenizer and the padded sentences -----===//
//
// Hand-derived cases, and a corpus checked against a reference written by
// Python (data/make_text_fixtures.py).
//
//===----------------------------------------------------------------------===//

#include "nncrt/TextSequences.h"
#include "nncrt/Tokenizer.h"

#include "ErrorOf.h"
#include "nncrt/FileIO.h"
#include "nncrt/TextCorpus.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace nncrt;
using namespace nncrt::test;
using ::testing::HasSubstr;

namespace {

// Counts: a 3, b 2, c 2 (c seen before b), d 1, e 1, z 1.
const std::vector<std::string> kSentences = {"z c a", "c b a", "a b d e"};

std::vector<std::string> wordsOf(const Tokenizer &tokenizer) {
  std::vector<std::string> words;
  for (int32_t i = 0; i < tokenizer.vocabularySize(); ++i)
    words.push_back(tokenizer.word(i));
  return words;
}

} // namespace

TEST(TokenizerTest, IndexByCountThenFirstAppearance) {
  Tokenizer tokenizer = Tokenizer::fit(kSentences, 100);
  // Hand-derived as Keras does it: stable sort of the insertion-ordered
  // counts, descending; <pad> 0 and <unk> 1 first.
  EXPECT_EQ(wordsOf(tokenizer), (std::vector<std::string>{
                                    "<pad>", "<unk>", "a", "c", "b", "z", "d", "e"}));
  EXPECT_EQ(tokenizer.distinctWords(), 6);
  EXPECT_EQ(tokenizer.vocabularySize(), 8);
  EXPECT_EQ(tokenizer.encode("a b c z d e"),
            (std::vector<int32_t>{2, 4, 3, 5, 6, 7}));
}

TEST(TokenizerTest, UnknownWordsAndTheNumWordsCap) {
  Tokenizer tokenizer = Tokenizer::fit(kSentences, 5);
  // Indices >= num_words map to <unk>, as texts_to_sequences does.
  EXPECT_EQ(tokenizer.encode("a c b z never"),
            (std::vector<int32_t>{2, 3, 4, 1, 1}));
  EXPECT_EQ(tokenizer.vocabularySize(), 5);
  EXPECT_EQ(tokenizer.indexOf("<pad>"), kUnknownIndex);
  EXPECT_EQ(tokenizer.indexOf("<unk>"), kUnknownIndex);
  EXPECT_THAT(errorOf([&] { tokenizer.word(5); }),
              HasSubstr("outside the vocabulary of 5 words"));
  EXPECT_THAT(errorOf([] { Tokenizer::fit(kSentences, 1); }),
              HasSubstr("num_words must be at least 2"));
}

TEST(TokenizerTest, VocabularyRoundTrip) {
  Tokenizer tokenizer = Tokenizer::fit({"¿ qué pasa ?", "qué \"quoted\""}, 5);
  Tokenizer back = Tokenizer::deserialize(tokenizer.serialize(), "test");
  EXPECT_EQ(wordsOf(back), wordsOf(tokenizer));
  EXPECT_EQ(back.numWords(), 5);
  EXPECT_EQ(back.encode("qué ? pasa"), tokenizer.encode("qué ? pasa"));
  EXPECT_THAT(errorOf([] { Tokenizer::deserialize("[1, 2]", "ckpt"); }),
              HasSubstr("ckpt: corrupt vocabulary"));
  EXPECT_THAT(errorOf([] {
                Tokenizer::deserialize(R"({"num_words": 3, "words": ["<pad>", "x"]})",
                                       "ckpt");
              }),
              HasSubstr("ckpt: corrupt vocabulary"));
  EXPECT_THAT(errorOf([] { Tokenizer::deserialize("{not json", "ckpt"); }),
              HasSubstr("ckpt: corrupt vocabulary"));
}

TEST(TextSequencesTest, FilterPadAndShift) {
  std::vector<std::string> sentences = {
      "<start> a b <end>",             // 4 tokens: kept, padded
      "<start> a b c d e <end>",       // 7 tokens: dropped
      "<start> b a c d <end>",         // 6 tokens = max: kept as is
  };
  TextSequences sequences = buildTextSequences(sentences, 6, 6);
  // Counts in order of appearance: <start> 3, a 3, b 3, <end> 3, c 2, d 2,
  // e 1; so <start> 2, a 3, b 4, <end> 5, and c, d, e (>= 6) are <unk>.
  ASSERT_EQ(sequences.count(), 2);
  EXPECT_EQ(sequences.sentencesBeforeFilter, 3);
  EXPECT_EQ(sequences.sampleLength(), 5);
  EXPECT_EQ(std::vector<int32_t>(sequences.sentence(0), sequences.sentence(0) + 6),
            (std::vector<int32_t>{2, 3, 4, 5, 0, 0}));
  EXPECT_EQ(std::vector<int32_t>(sequences.sentence(1), sequences.sentence(1) + 6),
            (std::vector<int32_t>{2, 4, 3, 1, 1, 5}));
  std::vector<float> input(5), target(5);
  copySampleTokens(sequences, 0, 0, input.data());
  copySampleTokens(sequences, 0, 1, target.data());
  EXPECT_EQ(input, (std::vector<float>{2, 3, 4, 5, 0}));
  EXPECT_EQ(target, (std::vector<float>{3, 4, 5, 0, 0}));
  EXPECT_THAT(errorOf([&] { buildTextSequences(sentences, 6, 1); }),
              HasSubstr("max_tokens must be at least 2"));
}

TEST(TextFixtureTest, CorpusAndTokensMatchThePythonReference) {
  // data/lyrics.expected.json: the notes' Python cleaning and Keras's
  // Tokenizer logic, written by data/make_text_fixtures.py.
  std::string dir = NNCRT_TEST_DATA_DIR;
  nlohmann::json expected =
      nlohmann::json::parse(readFile(dir + "/lyrics.expected.json"));
  std::ostringstream warnings;
  TextCorpus corpus = readTextCorpus(dir + "/lyrics.txt", warnings);
  EXPECT_EQ(corpus.sentences, expected["sentences"].get<std::vector<std::string>>());
  TextSequences sequences =
      buildTextSequences(corpus.sentences, expected["num_words"].get<int64_t>(),
                         expected["max_tokens"].get<int64_t>());
  std::vector<std::string> words;
  for (int32_t i = 0; i < sequences.tokenizer.vocabularySize(); ++i)
    words.push_back(sequences.tokenizer.word(i));
  EXPECT_EQ(words, expected["words"].get<std::vector<std::string>>());
  EXPECT_EQ(sequences.tokenizer.distinctWords(),
            expected["distinct_words"].get<int64_t>());
  std::vector<std::vector<float>> inputs, targets;
  for (int64_t row = 0; row < sequences.count(); ++row) {
    std::vector<float> input(size_t(sequences.sampleLength())), target(input);
    copySampleTokens(sequences, row, 0, input.data());
    copySampleTokens(sequences, row, 1, target.data());
    inputs.push_back(input);
    targets.push_back(target);
  }
  EXPECT_EQ(inputs, expected["inputs"].get<std::vector<std::vector<float>>>());
  EXPECT_EQ(targets, expected["targets"].get<std::vector<std::vector<float>>>());
}
