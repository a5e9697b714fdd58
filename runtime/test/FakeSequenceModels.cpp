//===- FakeSequenceModels.cpp - A hand-written language model for the tests ===//

#include "FakeSequenceModels.h"

#include "HalideRuntime.h"

#include <algorithm>
#include <cmath>

namespace nncrt::test {

namespace {

constexpr int kLength = 4; // tokens per sample
constexpr int kWords = 8;  // vocabulary (num_words)

halide_buffer_t *buf(void *arg) { return static_cast<halide_buffer_t *>(arg); }
float *data(void *arg) { return reinterpret_cast<float *>(buf(arg)->host); }
int batchOf(void *arg) {
  halide_buffer_t *b = buf(arg);
  return b->dim[b->dimensions - 1].extent;
}

int tokenAt(void *tokens, int n, int t, int length) {
  int index = int(data(tokens)[n * length + t]);
  return std::clamp(index, 0, kWords - 1); // as nn.embedding clamps
}

/// Softmax of a table row into p; returns log p[target].
double rowProbabilities(const float *row, int target, double p[kWords]) {
  double largest = *std::max_element(row, row + kWords), sum = 0;
  for (int v = 0; v < kWords; ++v)
    sum += p[v] = std::exp(double(row[v]) - largest);
  for (int v = 0; v < kWords; ++v)
    p[v] /= sum;
  return std::log(p[target]);
}

/// Mean cross-entropy over the non-pad targets, and its gradient when
/// `gradient` is not null. args: tokens, targets, table.
float bigramLossAndGradient(void **args, float *gradient) {
  int batch = batchOf(args[0]);
  const float *table = data(args[2]);
  double sum = 0, p[kWords];
  int counted = 0;
  std::vector<double> g(kWords * kWords, 0.0);
  for (int n = 0; n < batch; ++n)
    for (int t = 0; t < kLength; ++t) {
      int target = tokenAt(args[1], n, t, kLength);
      if (target == 0) // ignore_class=0: padding leaves the mean
        continue;
      int token = tokenAt(args[0], n, t, kLength);
      sum -= rowProbabilities(table + token * kWords, target, p);
      counted++;
      p[target] -= 1;
      for (int v = 0; v < kWords; ++v)
        g[size_t(token * kWords + v)] += p[v];
    }
  if (gradient)
    for (int i = 0; i < kWords * kWords; ++i)
      gradient[i] = counted ? float(g[size_t(i)] / counted) : 0.0f;
  return counted ? float(sum / counted) : 0.0f;
}

// tokens, targets, table -> loss
int bigramLoss(void **args) {
  data(args[3])[0] = bigramLossAndGradient(args, nullptr);
  return 0;
}

// tokens, targets, table -> loss, dtable
int bigramGradient(void **args) {
  data(args[3])[0] = bigramLossAndGradient(args, data(args[4]));
  return 0;
}

// table, dtable, &lr, &iteration -> new table (plain SGD)
int bigramUpdate(void **args) {
  float lr = *static_cast<float *>(args[2]);
  for (int i = 0; i < kWords * kWords; ++i)
    data(args[4])[i] = data(args[0])[i] - lr * data(args[1])[i];
  return 0;
}

// tokens [N, 4], table -> logits [N, 4, 8]
int bigramForward(void **args) {
  for (int n = 0; n < batchOf(args[0]); ++n)
    for (int t = 0; t < kLength; ++t)
      std::copy_n(data(args[1]) + tokenAt(args[0], n, t, kLength) * kWords,
                  kWords, data(args[2]) + (n * kLength + t) * kWords);
  return 0;
}

// token [N, 1], table, h [N, 1] -> logits [N, 1, 8], new h [N, 1]
int bigramStep(void **args) {
  FakeStepCalls &calls = fakeStepCalls();
  int batch = batchOf(args[0]);
  calls.batchExtents.push_back(batch);
  for (int n = 0; n < batch; ++n) {
    int token = tokenAt(args[0], n, 0, 1);
    calls.tokens.push_back(data(args[0])[n]);
    calls.statesIn.push_back(data(args[2])[n]);
    std::copy_n(data(args[1]) + token * kWords, kWords, data(args[3]) + n * kWords);
    data(args[4])[n] = data(args[2])[n] + 1;
  }
  return 0;
}

const int64_t kShapeLength[] = {kLength};
const int64_t kShapeLogits[] = {kLength, kWords};
const int64_t kShapeTable[] = {kWords, kWords};
const int64_t kShapeState[] = {1};
const TensorSpec kInputs[] = {{"tokens", 1, kShapeLength}};
const TensorSpec kOutputs[] = {{"logits", 2, kShapeLogits}};
const ParamSpec kParams[] = {
    {{"bigram.table", 2, kShapeTable}, Initializer::RandomUniform, 0, 0},
};
const SummaryRow kSummary[] = {
    {"tokens", "InputLayer", "[(None, 4)]", 0, ""},
    {"bigram", "Bigram", "(None, 4, 8)", 64, ""},
};
const TrainDesc kTrain = {
    "sparse_categorical_crossentropy", "sgd", 1.0f, nullptr,
    {"next_tokens", 1, kShapeLength}, 3, 2, true, 0.25f, "text", "", nullptr, 0,
    nullptr, 0, bigramLoss, bigramGradient, bigramUpdate,
    /*fromLogits=*/true, nullptr, 0, nullptr, 0,
    /*textNumWords=*/kWords, /*textMaxTokens=*/kLength + 1};
const TensorSpec kStates[] = {{"bigram.h", 1, kShapeState}};
const StepDesc kStep = {bigramStep, kStates, 1};
const ModelDesc kModels[] = {
    {"bigram", kInputs, 1, kOutputs, 1, kParams, 1, kSummary, 2,
     bigramForward, nullptr, &kTrain, &kStep},
};

int noThreads(int) { return 0; }

} // namespace

FakeStepCalls &fakeStepCalls() {
  static FakeStepCalls calls;
  return calls;
}

void resetFakeStepCalls() { fakeStepCalls() = FakeStepCalls(); }

const ModelDesc &bigramModel() { return kModels[0]; }

const ModelRegistry &sequenceRegistry() {
  static const ModelRegistry registry = {"lyrics.nn", kModels, 1, noThreads};
  return registry;
}

} // namespace nncrt::test
