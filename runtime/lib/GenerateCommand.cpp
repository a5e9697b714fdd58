//===- GenerateCommand.cpp - `exe generate` --------------------------------===//

#include "nncrt/Checkpoint.h"
#include "nncrt/Error.h"
#include "nncrt/Generation.h"
#include "nncrt/SafeTensors.h"
#include "nncrt/Subcommand.h"
#include "nncrt/TextCorpus.h"
#include "nncrt/Tokenizer.h"
#include "nncrt/Trainer.h"
#include "nncrt/Weights.h"

#include <sys/stat.h>

namespace nncrt {

namespace {

GenerationOptions generationOptions(const ParsedOptions &options) {
  GenerationOptions result;
  result.maxTokens = options.integer("--max-len", 20, 1, 1000000);
  result.sample = options.has("--temperature") || options.has("--top-k");
  result.temperature = options.number("--temperature", 1.0);
  if (!(result.temperature > 0))
    fail("generate: --temperature must be positive, got {}",
         options.all("--temperature").back());
  result.topK = options.integer("--top-k", 0, 1, INT32_MAX);
  result.seed = uint64_t(options.integer("--seed", 0, 0, INT64_MAX));
  return result;
}

int runGenerate(const CommandContext &context, const ParsedOptions &options) {
  const ModelDesc &model = context.model;
  requireStepDesc(model, "generate");
  GenerationOptions settings = generationOptions(options);
  if (options.positional().empty())
    fail("generate: missing the prompt, e.g. {} generate \"i love\"",
         context.programName);
  std::string prompt;
  for (const std::string &word : options.positional())
    prompt += (prompt.empty() ? "" : " ") + word;
  if (!isValidUtf8(prompt))
    fail("generate: the prompt is not valid UTF-8");

  std::string path = options.has("--weights")
                         ? options.all("--weights").back()
                         : defaultTrainSettings(model).checkpointPath;
  struct stat info;
  if (!options.has("--weights") && ::stat(path.c_str(), &info) != 0)
    fail("generate: no weights: {} not found (train the model first, or give "
         "--weights FILE)",
         path);
  SafeTensorsFile file = readSafeTensors(path);
  auto vocabulary = file.metadata.find(kVocabularyKey);
  if (vocabulary == file.metadata.end())
    fail("{}: no vocabulary in the file's metadata; generate needs a "
         "checkpoint written by `train` on text data",
         path);
  Tokenizer tokenizer = Tokenizer::deserialize(vocabulary->second, path);
  std::vector<Tensor> params = weightsFromFile(path, std::move(file), model);

  std::string cleaned = cleanText(prompt);
  std::vector<std::string_view> words = splitWords(cleaned);
  std::vector<int32_t> tokens{tokenizer.indexOf(kStartToken)};
  std::vector<std::string> unknown;
  for (std::string_view word : words) {
    int32_t index = tokenizer.indexOf(word);
    if (index == kUnknownIndex && word != kUnknownToken)
      unknown.push_back(fmt::format("'{}'", word));
    tokens.push_back(index);
  }
  // An empty prompt ("") starts from <start> alone (and gets at least one
  // word); a prompt whose words are all unknown would only feed <unk>s,
  // which says nothing.
  if (!words.empty() && unknown.size() == words.size())
    fail("generate: no word of the prompt \"{}\" is in the vocabulary of {} "
         "words",
         prompt, tokenizer.keptWords());
  if (!unknown.empty())
    context.err << fmt::format("warning: not in the vocabulary, read as {}: "
                               "{}\n",
                               kUnknownToken, fmt::join(unknown, ", "));

  std::vector<int32_t> generated =
      continueTokens(model, params, tokens, tokenizer.indexOf(kEndToken),
                     tokenizer.vocabularySize(), settings);
  std::vector<std::string> line(words.begin(), words.end());
  for (int32_t token : generated)
    line.push_back(tokenizer.word(token));
  context.out << fmt::format("{}\n", fmt::join(line, " "));
  return 0;
}

} // namespace

const Subcommand &generateSubcommand() {
  static const Subcommand command = {
      "generate",
      "Continue a prompt with a sequence model (text generation).",
      "Cleans the prompt as the training text was cleaned, starts it with\n"
      "<start> and feeds it one token at a time through the model's step\n"
      "pipeline, carrying the LSTM states; then picks each next word and feeds\n"
      "it back, until <end> or --max-len words. Words are picked by arg-max,\n"
      "or drawn from softmax(logits / temperature) among the --top-k most\n"
      "likely ones when --temperature or --top-k is given (fixed by --seed).\n"
      "Words outside the vocabulary read as <unk>, with a warning. The\n"
      "vocabulary comes from the checkpoint, which `train` writes with it.\n"
      "Prints the prompt's words and the generated ones on one line. An empty\n"
      "prompt (\"\") starts from <start> alone and writes a line of at least\n"
      "one word; a prompt none of whose words is known is an error.\n"
      "\n"
      "Examples:\n"
      "  {exe} generate \"i love\"\n"
      "  {exe} generate \"the night\" --max-len 30 --temperature 0.8 --top-k 40 --seed 7\n"
      "  {exe} generate \"i love\" --weights lyrics.ckpt.safetensors\n",
      {
          {"--max-len", "N", "generate at most N words (default 20)"},
          {"--temperature", "T", "sample from softmax(logits / T) instead of taking the arg-max"},
          {"--top-k", "K", "sample among the K most likely words only"},
          {"--seed", "S", "seed of the sampling (default 0)"},
          {"--weights", "FILE", "checkpoint to read (default: the one `train` writes)"},
      },
      runGenerate,
      "PROMPT",
  };
  return command;
}

} // namespace nncrt
