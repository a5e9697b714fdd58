//===- Classification.cpp - Classes, probabilities, accuracy, confusion ----===//

#include "nncrt/Classification.h"

#include "nncrt/Error.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace nncrt {

namespace {

bool isCrossEntropy(const char *loss) {
  return std::strcmp(loss, "sparse_categorical_crossentropy") == 0 ||
         std::strcmp(loss, "categorical_crossentropy") == 0 ||
         std::strcmp(loss, "binary_crossentropy") == 0;
}

float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

} // namespace

bool wantsAccuracy(const ModelDesc &model) {
  if (!model.train)
    return false;
  for (int i = 0; i < model.train->numMetrics; ++i)
    if (std::strcmp(model.train->metrics[i], "accuracy") == 0)
      return true;
  return false;
}

bool isClassifier(const ModelDesc &model) {
  return model.train && !model.train->targetInput &&
         (isCrossEntropy(model.train->loss) || wantsAccuracy(model));
}

bool hasOneScoreRowPerSample(const ModelDesc &model) {
  return model.numOutputs == 1 && model.outputs[0].rank <= 1;
}

int64_t rowWidth(const TensorSpec &output) {
  return output.rank == 0 ? 1 : output.shape[output.rank - 1];
}

int64_t outputRowWidth(const ModelDesc &model, const char *command) {
  if (model.numOutputs != 1)
    fail("{}: classes need a model with one output; '{}' has {}", command,
         model.name, model.numOutputs);
  return rowWidth(model.outputs[0]);
}

std::vector<float> classProbabilities(const float *row, int64_t width,
                                      bool fromLogits) {
  if (width == 1) {
    float p = fromLogits ? sigmoid(row[0]) : row[0];
    return {1.0f - p, p};
  }
  std::vector<float> probabilities(row, row + width);
  if (!fromLogits)
    return probabilities;
  // Softmax with the maximum subtracted, so large logits do not overflow.
  float maximum = *std::max_element(row, row + width);
  double sum = 0;
  for (float &p : probabilities) {
    p = std::exp(p - maximum);
    sum += p;
  }
  for (float &p : probabilities)
    p = float(p / sum);
  return probabilities;
}

int64_t predictedClass(const float *row, int64_t width, bool fromLogits) {
  if (width == 1)
    return (fromLogits ? row[0] > 0.0f : row[0] > 0.5f) ? 1 : 0;
  // Softmax is monotonic: the argmax of the logits is that of the probabilities.
  return std::max_element(row, row + width) - row;
}

ConfusionMatrix::ConfusionMatrix(int64_t classes)
    : numClasses(classes), counts(size_t(classes * classes), 0) {
  if (classes < 2)
    fail("a confusion matrix needs at least 2 classes, got {}", classes);
}

void ConfusionMatrix::add(int64_t trueClass, int64_t predicted) {
  if (trueClass < 0 || trueClass >= numClasses || predicted < 0 ||
      predicted >= numClasses)
    fail("class pair ({}, {}) is outside the {} classes", trueClass, predicted,
         numClasses);
  counts[size_t(trueClass * numClasses + predicted)]++;
  totalCount++;
}

void ConfusionMatrix::addRows(const float *scores, const float *labels,
                              int64_t rows, int64_t width, bool fromLogits) {
  for (int64_t r = 0; r < rows; ++r)
    add(int64_t(labels[r]), predictedClass(scores + r * width, width, fromLogits));
}

int64_t ConfusionMatrix::count(int64_t trueClass, int64_t predicted) const {
  return counts[size_t(trueClass * numClasses + predicted)];
}

int64_t ConfusionMatrix::correct() const {
  int64_t sum = 0;
  for (int64_t c = 0; c < numClasses; ++c)
    sum += count(c, c);
  return sum;
}

double ConfusionMatrix::accuracy() const {
  return totalCount ? double(correct()) / double(totalCount) : 0.0;
}

std::string ConfusionMatrix::format() const {
  const std::string corner = "true\\pred";
  size_t width = std::to_string(numClasses - 1).size();
  for (int64_t value : counts)
    width = std::max(width, std::to_string(value).size());
  std::string text = fmt::format("{:>{}}", corner, corner.size());
  for (int64_t p = 0; p < numClasses; ++p)
    text += fmt::format("  {:>{}}", p, width);
  text += '\n';
  for (int64_t t = 0; t < numClasses; ++t) {
    text += fmt::format("{:>{}}", t, corner.size());
    for (int64_t p = 0; p < numClasses; ++p)
      text += fmt::format("  {:>{}}", count(t, p), width);
    text += '\n';
  }
  return text;
}

} // namespace nncrt
