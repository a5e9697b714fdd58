//===- TextTrainingTest.cpp - Training a language model on a text corpus --===//
//
// Text data through loadTrainingData and `train` with the hand-written
// bigram model of FakeSequenceModels.h: sentence counts, validation split,
// batches of token indices, dropped partial batches, the vocabulary in the
// checkpoint, and generation from the trained checkpoint alone.
//
//===----------------------------------------------------------------------===//

#include "nncrt/TrainingData.h"

#include "ErrorOf.h"
#include "FakeSequenceModels.h"
#include "RunCommandLine.h"
#include "TempDir.h"
#include "nncrt/Checkpoint.h"
#include "nncrt/CommandLine.h"
#include "nncrt/SafeTensors.h"
#include "nncrt/Tokenizer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>

using namespace nncrt;
using namespace nncrt::test;
using ::testing::HasSubstr;

namespace {

// 13 lines clean to sentences, 12 of at most 5 tokens. Counts: <start> 13,
// <end> 13, the 12, sat 10, cat 9, dog 3, ran 2, big, black, zebra 1; so
// with num_words 8: <start> 2, <end> 3, the 4, sat 5, cat 6, dog 7, and ran,
// big, black, zebra are <unk>.
constexpr const char *kCorpus = "the cat sat\n"
                                "the dog sat\n"
                                "the cat sat\n"
                                "the cat ran\n"
                                "Chorus:\n"
                                "the cat sat\n"
                                "\n"
                                "the dog sat\n"
                                "the big black cat sat\n"
                                "the cat sat\n"
                                "zebra\n"
                                "the cat sat\n"
                                "the cat ran\n"
                                "the dog sat\n"
                                "the cat sat\n";

Result run(std::vector<std::string> args) {
  return runProgram(sequenceRegistry(), "/bin/lyrics", std::move(args));
}

class TextTrainingTest : public ::testing::Test {
protected:
  void SetUp() override {
    writeBytes(dir.file("songs"), kCorpus);
    resetFakeStepCalls();
  }
  TempDir dir;
};

} // namespace

TEST_F(TextTrainingTest, SplitsAndGathersSentences) {
  std::ostringstream out, err;
  DataOptions options{dir.file("songs"), -1, -1, &out, &err};
  TrainingData data = loadTrainingData(bigramModel(), options);
  EXPECT_EQ(out.str(), dir.file("songs") +
                           ": 12 sentences (13 lines cleaned, vocabulary 6 of "
                           "10 words), 9 train / 3 validation\n");
  EXPECT_EQ(err.str(), "");
  EXPECT_TRUE(data.dropPartialBatch);
  EXPECT_EQ(data.train.count, 9);
  EXPECT_EQ(data.validation.first, 9);
  EXPECT_EQ(data.validation.count, 3);

  // Rows 3 ("the cat ran") and 7 ("zebra") of the training split.
  Tensor input({2, 4}), target({2, 4});
  int64_t rows[] = {3, 7};
  gatherBatch(bigramModel(), data.train, rows, 2, input, target);
  EXPECT_EQ(input.data, (std::vector<float>{2, 4, 6, 1, 2, 1, 3, 0}));
  EXPECT_EQ(target.data, (std::vector<float>{4, 6, 1, 3, 1, 3, 0, 0}));
  // The validation split starts after the training rows: "the cat ran".
  int64_t first[] = {0};
  gatherBatch(bigramModel(), data.validation, first, 1, input, target);
  EXPECT_EQ(std::vector<float>(input.data.begin(), input.data.begin() + 4),
            (std::vector<float>{2, 4, 6, 1}));

  TrainingData limited =
      loadTrainingData(bigramModel(), {dir.file("songs"), 5, 1, &out, &err});
  EXPECT_EQ(limited.train.count, 5);
  EXPECT_EQ(limited.validation.count, 1);
}

TEST_F(TextTrainingTest, ShapesMustFitTheTextData) {
  TrainDesc longer = *bigramModel().train;
  longer.textMaxTokens = 6;
  ModelDesc model = bigramModel();
  model.train = &longer;
  std::ostringstream out, err;
  EXPECT_EQ(errorOf([&] {
              loadTrainingData(model, {dir.file("songs"), -1, -1, &out, &err});
            }),
            "model 'bigram': input 'tokens' has shape [4], but text data of "
            "max_tokens=6 gives samples of 5 tokens (shape [5])");
  TrainDesc wider = *bigramModel().train;
  wider.textNumWords = 9;
  model = bigramModel();
  model.train = &wider;
  EXPECT_EQ(errorOf([&] {
              loadTrainingData(model, {dir.file("songs"), -1, -1, &out, &err});
            }),
            "model 'bigram': output 'logits' scores 8 tokens, fewer than the "
            "text data's num_words=9");
  writeBytes(dir.file("long"), "one two three four five six\n");
  EXPECT_EQ(errorOf([&] {
              loadTrainingData(bigramModel(), {dir.file("long"), -1, -1, &out, &err});
            }),
            dir.file("long") +
                ": no sentence of at most 5 tokens among the 1 cleaned lines");
}

TEST_F(TextTrainingTest, TrainsDropsPartialBatchesAndStoresTheVocabulary) {
  std::string checkpoint = dir.file("bigram.ckpt.safetensors");
  Result trained = run({"train", "--data", dir.file("songs"), "--epochs", "20",
                        "--checkpoint", checkpoint, "--log", dir.file("log.jsonl")});
  ASSERT_EQ(trained.status, 0) << trained.err;
  EXPECT_THAT(trained.out, HasSubstr("12 sentences (13 lines cleaned"));
  // 9 sentences in batches of 2: 4 steps, the ninth sentence waits for
  // another epoch's shuffle.
  EXPECT_THAT(trained.out, HasSubstr("on 9 samples, validating on 3, batch 2, "
                                     "4 steps per epoch"));

  SafeTensorsFile file = readSafeTensors(checkpoint);
  ASSERT_TRUE(file.metadata.count("vocabulary"));
  Tokenizer vocabulary = Tokenizer::deserialize(file.metadata["vocabulary"], checkpoint);
  EXPECT_EQ(vocabulary.vocabularySize(), 8);
  EXPECT_EQ(vocabulary.word(4), "the");
  EXPECT_EQ(vocabulary.word(6), "cat");
  EXPECT_EQ(loadCheckpoint(checkpoint, bigramModel()).progress.iteration, 80);

  // Generation needs the checkpoint only, not the corpus. The bigram
  // counts of the training split make "the" -> "cat" -> "sat" -> <end> the
  // most likely path.
  std::remove(dir.file("songs").c_str());
  Result generated = run({"generate", "the", "--weights", checkpoint});
  ASSERT_EQ(generated.status, 0) << generated.err;
  EXPECT_EQ(generated.out, "the cat sat\n");

  // Resuming on other text would continue with another vocabulary.
  // A long line is dropped, but its words are counted: zebra moves up.
  writeBytes(dir.file("other"),
             std::string(kCorpus) + "zebra zebra zebra zebra zebra zebra zebra\n");
  Result resumed = run({"train", "--data", dir.file("other"), "--epochs", "21",
                        "--checkpoint", checkpoint, "--resume"});
  EXPECT_EQ(resumed.status, 1);
  EXPECT_THAT(resumed.err, HasSubstr("was trained on another vocabulary"));
}

TEST_F(TextTrainingTest, FewerSentencesThanABatch) {
  Result result = run({"train", "--data", dir.file("songs"), "--batch", "10",
                       "--checkpoint", dir.file("c.safetensors"), "--log",
                       dir.file("l.jsonl")});
  EXPECT_EQ(result.status, 1);
  EXPECT_THAT(result.err, HasSubstr("9 training samples do not fill one batch "
                                    "of 10"));
}

TEST_F(TextTrainingTest, CheckpointVocabularyRoundTrip) {
  Checkpoint checkpoint;
  checkpoint.params = {Tensor({8, 8})};
  checkpoint.progress.batch = 2;
  checkpoint.vocabulary =
      Tokenizer::fit({"<start> ¿ qué \"pasa\" ? <end>"}, 8).serialize();
  std::string path = dir.file("c.safetensors");
  saveCheckpoint(path, bigramModel(), checkpoint);
  EXPECT_EQ(loadCheckpoint(path, bigramModel()).vocabulary, checkpoint.vocabulary);
  // Checkpoints of other data hold none.
  checkpoint.vocabulary.clear();
  saveCheckpoint(path, bigramModel(), checkpoint);
  EXPECT_EQ(readSafeTensors(path).metadata.count("vocabulary"), 0u);
  EXPECT_EQ(loadCheckpoint(path, bigramModel()).vocabulary, "");
}
