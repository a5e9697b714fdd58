//===- GenerateTest.cpp - `generate` with a hand-written step pipeline ----===//

#include "nncrt/Generation.h"

#include "ErrorOf.h"
#include "FakeModel.h"
#include "FakeSequenceModels.h"
#include "RunCommandLine.h"
#include "TempDir.h"
#include "nncrt/CommandLine.h"
#include "nncrt/Tokenizer.h"
#include "nncrt/Weights.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <sstream>

using namespace nncrt;
using namespace nncrt::test;
using ::testing::HasSubstr;
using ::testing::StartsWith;

namespace {

Result run(std::vector<std::string> args,
           const ModelRegistry &registry = sequenceRegistry()) {
  return runProgram(registry, "/bin/lyrics", std::move(args));
}

// Indices of this vocabulary (num_words 8): <start> 2, the 3, <end> 4,
// cat 5, sat 6, dog 7 (counts 3, 3, 3, 2, 2, 1; ties in order of first
// appearance).
const std::vector<std::string> kSentences = {"<start> the cat sat <end>",
                                             "<start> the cat sat <end>",
                                             "<start> the dog <end>"};
enum : int32_t { kStart = 2, kThe = 3, kEnd = 4, kCat = 5, kSat = 6, kDog = 7 };

/// A table whose arg-max path is <start> the cat sat <end>; the pad has the
/// largest score of every row and must never be picked.
Tensor pathTable() {
  Tensor table({8, 8});
  auto set = [&](int32_t from, int32_t to, float value) {
    table.data[size_t(from * 8 + to)] = value;
  };
  for (int32_t from = 0; from < 8; ++from)
    set(from, 0, 100.0f);
  set(kStart, kThe, 5);
  set(kThe, kCat, 5);
  set(kThe, kDog, 4);
  set(kCat, kSat, 5);
  set(kSat, kEnd, 5);
  set(kDog, kDog, 5); // dog dog dog ... until --max-len
  return table;
}

class GenerateTest : public ::testing::Test {
protected:
  void SetUp() override {
    resetFakeStepCalls();
    weights = dir.file("bigram.safetensors");
    saveWeights(weights, bigramModel(), {pathTable()},
                {{"vocabulary", Tokenizer::fit(kSentences, 8).serialize()}});
  }
  TempDir dir;
  std::string weights;
};

} // namespace

TEST(PickTokenTest, ArgMaxNeverPicksThePadNorUnknown) {
  std::mt19937_64 generator(1);
  GenerationOptions greedy;
  const float logits[] = {9, 8, 3, 3, 2};
  // The first of equal maxima, and never index 0 (pad) or 1 (<unk>).
  EXPECT_EQ(pickToken(logits, 5, greedy, generator), 2);
  EXPECT_EQ(pickToken(logits, 3, greedy, generator), 2);
}

TEST(PickTokenTest, SamplesTheSoftmaxOfTheTopK) {
  // p(2) : p(3) = 1 : 3 at temperature 1; index 4 is outside the top 2,
  // pad and <unk> are never drawn.
  const float logits[] = {50, 60, 0, float(std::log(3.0)), -1};
  GenerationOptions sampled;
  sampled.sample = true;
  sampled.topK = 2;
  std::mt19937_64 generator(7);
  int counts[5] = {};
  for (int i = 0; i < 8000; ++i)
    counts[pickToken(logits, 5, sampled, generator)]++;
  EXPECT_EQ(counts[0], 0);
  EXPECT_EQ(counts[1], 0);
  EXPECT_EQ(counts[4], 0);
  EXPECT_NEAR(counts[3] / 8000.0, 0.75, 0.02);
  // A high temperature flattens the distribution towards uniform.
  sampled.temperature = 1000;
  counts[2] = counts[3] = 0;
  for (int i = 0; i < 8000; ++i)
    counts[pickToken(logits, 5, sampled, generator)]++;
  EXPECT_NEAR(counts[3] / 8000.0, 0.5, 0.03);
  // Top-1 sampling is the arg-max.
  sampled.topK = 1;
  for (int i = 0; i < 100; ++i)
    ASSERT_EQ(pickToken(logits, 5, sampled, generator), 3);
}

TEST_F(GenerateTest, GreedyFollowsTheArgMaxAndCarriesTheState) {
  Result result = run({"generate", "The", "--weights", weights});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "the cat sat\n");
  EXPECT_EQ(result.err, "");
  // <start> and the prompt, then each pick but the final <end>, one token
  // per call with batch 1, the state counting from zero.
  const FakeStepCalls &calls = fakeStepCalls();
  EXPECT_EQ(calls.tokens, (std::vector<float>{kStart, kThe, kCat, kSat}));
  EXPECT_EQ(calls.statesIn, (std::vector<float>{0, 1, 2, 3}));
  EXPECT_EQ(calls.batchExtents, (std::vector<int>{1, 1, 1, 1}));
}

TEST_F(GenerateTest, AnEmptyPromptStartsFromStartAlone) {
  Result result = run({"generate", "", "--weights", weights});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(fakeStepCalls().tokens.front(), float(kStart));
  Result withPrompt = run({"generate", "the", "--weights", weights});
  // From <start> the fake model's likeliest word is "the", so both agree.
  EXPECT_EQ(result.out, withPrompt.out);
}

TEST_F(GenerateTest, AnEmptyPromptNeverGivesAnEmptyLine) {
  // After <start> the likeliest token is <end>: a line of no word, which the
  // corpus never has. Before, `generate ""` printed an empty line.
  Tensor table = pathTable();
  table.data[size_t(kStart * 8 + kEnd)] = 9;
  table.data[size_t(kDog * 8 + kEnd)] = 9;
  saveWeights(weights, bigramModel(), {table},
              {{"vocabulary", Tokenizer::fit(kSentences, 8).serialize()}});
  Result result = run({"generate", "", "--weights", weights});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "the cat sat\n");
  // A prompt with words may end at once: the line holds them.
  EXPECT_EQ(run({"generate", "dog", "--weights", weights}).out, "dog\n");
}

TEST_F(GenerateTest, MaxLenStopsGeneration) {
  Result result = run({"generate", "the dog", "--max-len", "3", "--weights", weights});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "the dog dog dog dog\n");
  // The last pick is not fed back.
  EXPECT_EQ(fakeStepCalls().tokens.size(), 5u);
  Result one = run({"generate", "the", "--max-len=1", "--weights", weights});
  EXPECT_EQ(one.out, "the cat\n");
}

TEST_F(GenerateTest, SamplingIsSeededAndReproducible) {
  // A flat table: every word is as likely after every word.
  saveWeights(weights, bigramModel(), {Tensor({8, 8})},
              {{"vocabulary", Tokenizer::fit(kSentences, 8).serialize()}});
  std::set<std::string> outputs;
  for (const char *seed : {"1", "2", "3", "4", "5", "6"}) {
    Result first = run({"generate", "the", "--temperature", "1", "--seed", seed,
                        "--max-len", "8", "--weights", weights});
    Result second = run({"generate", "the", "--temperature", "1", "--seed", seed,
                         "--max-len", "8", "--weights", weights});
    ASSERT_EQ(first.status, 0) << first.err;
    EXPECT_EQ(first.out, second.out);
    EXPECT_THAT(first.out, StartsWith("the"));
    EXPECT_THAT(first.out, ::testing::Not(HasSubstr("<pad>")));
    outputs.insert(first.out);
  }
  EXPECT_GT(outputs.size(), 3u);
  // --top-k 1 is greedy whatever the temperature.
  saveWeights(weights, bigramModel(), {pathTable()},
              {{"vocabulary", Tokenizer::fit(kSentences, 8).serialize()}});
  Result top = run({"generate", "the", "--top-k", "1", "--temperature", "5",
                    "--weights", weights});
  EXPECT_EQ(top.out, "the cat sat\n");
}

TEST_F(GenerateTest, UnknownWordsAreWarnedAbout) {
  Result result = run({"generate", "zebra, the", "--weights", weights});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.err, "warning: not in the vocabulary, read as <unk>: 'zebra', ','\n");
  EXPECT_EQ(result.out, "zebra , the cat sat\n");
  EXPECT_EQ(fakeStepCalls().tokens[1], float(kUnknownIndex));
}

TEST_F(GenerateTest, Errors) {
  expectError(run({"generate", "zebra quagga", "--weights", weights}),
              "generate: no word of the prompt \"zebra quagga\" is in the "
              "vocabulary of 6 words");
  expectError(run({"generate", "?!", "--weights", weights}), "no word of the prompt");
  expectError(run({"generate", "the", "--max-len", "0", "--weights", weights}),
              "--max-len must be between 1 and");
  expectError(run({"generate", "the", "--temperature", "0", "--weights", weights}),
              "--temperature must be positive");
  expectError(run({"generate", "--weights", weights}), "missing the prompt");
  std::string plain = dir.file("plain.safetensors");
  saveWeights(plain, bigramModel(), {pathTable()});
  expectError(run({"generate", "the", "--weights", plain}),
              plain + ": no vocabulary in the file's metadata");
  expectError(run({"generate", "the"}), "no weights: bigram.ckpt.safetensors not found");
  expectError(run({"generate", "the"}, affineRegistry()),
              "generate: model 'affine' is not a sequence model");
  expectError(run({"predict", "the", "--weights", weights}),
              "unexpected argument 'the'");
}

TEST_F(GenerateTest, HelpShowsThePrompt) {
  Result help = run({"generate", "--help"});
  EXPECT_EQ(help.status, 0);
  EXPECT_THAT(help.out, StartsWith("Usage: lyrics generate [options] PROMPT\n"));
  EXPECT_THAT(run({"--help"}).out, HasSubstr("generate"));
}
