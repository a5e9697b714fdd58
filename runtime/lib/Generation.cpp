//===- Generation.cpp - Continuing a token sequence with a model's step -----===//

#include "nncrt/Generation.h"

#include "nncrt/Error.h"
#include "nncrt/Initializers.h"
#include "nncrt/PipelineErrors.h"
#include "nncrt/Tokenizer.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace nncrt {

namespace {

/// The step's shape of a model output: a per-position output [T, ...] of a
/// model with input [T] becomes [1, ...]; a per-sequence one stays.
Shape stepOutputShape(const ModelDesc &model, const TensorSpec &output) {
  Shape shape = specShape(output);
  Shape input = specShape(model.inputs[0]);
  if (shape.size() >= 2 && shape[0] == input[0])
    shape[0] = 1;
  return shape;
}

/// Tensors for one step of one row: input [1, 1], outputs, states.
struct StepBuffers {
  Tensor token{Shape{1, 1}};
  std::vector<Tensor> outputs;
  std::vector<Tensor> states, nextStates;

  StepBuffers(const ModelDesc &model, const StepDesc &step) {
    for (int i = 0; i < model.numOutputs; ++i) {
      Shape shape = stepOutputShape(model, model.outputs[i]);
      shape.insert(shape.begin(), 1);
      outputs.emplace_back(shape);
    }
    for (int i = 0; i < step.numStates; ++i) {
      Shape shape = specShape(step.states[i]);
      shape.insert(shape.begin(), 1);
      states.emplace_back(shape); // zeros: the state before the first token
      nextStates.emplace_back(shape);
    }
  }

  /// Runs the step on `token`, then makes the new states current.
  void run(const StepDesc &step, std::vector<HalideBufferView> &params,
           int32_t index) {
    token.data[0] = float(index);
    std::vector<HalideBufferView> views{wrapTensor(token)};
    views.insert(views.end(), params.begin(), params.end());
    for (Tensor &state : states)
      views.push_back(wrapTensor(state));
    for (Tensor &output : outputs)
      views.push_back(wrapTensor(output));
    for (Tensor &state : nextStates)
      views.push_back(wrapTensor(state));
    std::vector<void *> args;
    for (HalideBufferView &view : views)
      args.push_back(view.get());
    int status = step.stepFn(args.data());
    if (status != 0)
      failPipelineCall("step pipeline", status);
    std::swap(states, nextStates);
  }
};

} // namespace

const StepDesc &requireStepDesc(const ModelDesc &model, const char *command) {
  if (!model.step || !model.step->stepFn)
    fail("{}: model '{}' is not a sequence model that reads forwards (it has "
         "no recurrent layer to step through, or a bidirectional one, which "
         "needs the whole sequence)",
         command, model.name);
  if (model.numInputs != 1 || model.inputs[0].rank != 1)
    fail("{}: model '{}' must take one sequence of tokens as its input",
         command, model.name);
  return *model.step;
}

int32_t pickToken(const float *logits, int64_t count,
                  const GenerationOptions &options, std::mt19937_64 &generator,
                  int32_t excluded) {
  // Never the pad (0) nor <unk> (1): what is generated is made of words.
  constexpr int32_t firstWord = kUnknownIndex + 1;
  std::vector<int32_t> candidates;
  for (int32_t index = firstWord; index < count; ++index)
    if (index != excluded)
      candidates.push_back(index);
  if (candidates.empty())
    fail("internal: no word to pick among {} logits", count);
  auto larger = [&](int32_t a, int32_t b) {
    return logits[a] > logits[b] || (logits[a] == logits[b] && a < b);
  };
  if (!options.sample)
    return *std::min_element(candidates.begin(), candidates.end(), larger);
  size_t keep = options.topK > 0
                    ? std::min(candidates.size(), size_t(options.topK))
                    : candidates.size();
  std::partial_sort(candidates.begin(), candidates.begin() + keep,
                    candidates.end(), larger);
  candidates.resize(keep);
  // softmax(logits / T), shifted by the largest logit against overflow.
  std::vector<double> weights;
  double largest = logits[candidates[0]], total = 0;
  for (int32_t index : candidates) {
    weights.push_back(
        std::exp((double(logits[index]) - largest) / options.temperature));
    total += weights.back();
  }
  // A 53-bit uniform by hand: std's distributions differ between libraries.
  double draw = double(generator() >> 11) * 0x1.0p-53 * total;
  for (size_t i = 0; i < candidates.size(); ++i) {
    draw -= weights[i];
    if (draw < 0)
      return candidates[i];
  }
  return candidates.back();
}

std::vector<int32_t> continueTokens(const ModelDesc &model,
                                    std::vector<Tensor> &params,
                                    const std::vector<int32_t> &prompt,
                                    int32_t endToken, int64_t vocabularySize,
                                    const GenerationOptions &options) {
  const StepDesc &step = requireStepDesc(model, "generate");
  if (prompt.empty())
    fail("generate: empty prompt");
  if (model.numOutputs < 1)
    fail("generate: model '{}' has no output", model.name);
  StepBuffers buffers(model, step);
  const Tensor &logits = buffers.outputs[0];
  int64_t classes = logits.shape.back();
  int64_t choices = std::min(classes, vocabularySize);
  if (choices < 2)
    fail("generate: output '{}' has {} token scores, too few to pick a word",
         model.outputs[0].name, classes);

  std::vector<HalideBufferView> paramViews;
  for (Tensor &param : params)
    paramViews.push_back(wrapTensor(param));
  std::seed_seq sequence{uint32_t(options.seed), uint32_t(options.seed >> 32),
                         0x9e4e7a7eu};
  std::mt19937_64 generator(sequence);

  for (int32_t token : prompt)
    buffers.run(step, paramViews, token);
  std::vector<int32_t> generated;
  for (int64_t i = 0; i < options.maxTokens; ++i) {
    // The scores of the last (only) position.
    const float *scores = logits.data.data() + logits.numElements() - classes;
    bool firstOfLine = i == 0 && prompt.size() == 1;
    int32_t next = pickToken(scores, choices, options, generator,
                             firstOfLine ? endToken : -1);
    if (next == endToken)
      break;
    generated.push_back(next);
    if (i + 1 < options.maxTokens)
      buffers.run(step, paramViews, next);
  }
  return generated;
}

} // namespace nncrt
