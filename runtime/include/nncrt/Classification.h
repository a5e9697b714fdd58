//===- Classification.h - Classes, probabilities, accuracy, confusion ------===//
//
// A classifier's output row (the last axis of its single output) holds one
// score per class, or one unit for two classes (sigmoid: class 1 when the
// probability is above 0.5). Scores are probabilities, or logits when the
// loss says from_logits (then softmax, or sigmoid for one unit, makes them
// probabilities). The predicted class is the first maximum, as numpy's argmax.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_CLASSIFICATION_H
#define NNCRT_CLASSIFICATION_H

#include "nncrt/ModelDesc.h"

#include <cstdint>
#include <string>
#include <vector>

namespace nncrt {

/// Whether the model learns class labels: a cross-entropy loss on the data
/// set's labels, or an `accuracy` metric.
bool isClassifier(const ModelDesc &model);

/// Whether the model's single output is one row of scores per sample, so
/// that a sample has one predicted class (a sequence model scores every
/// position instead: [T, classes]).
bool hasOneScoreRowPerSample(const ModelDesc &model);

/// Whether the train block asks for the `accuracy` metric.
bool wantsAccuracy(const ModelDesc &model);

/// Values per row of `output`: its last extent (1 for a scalar).
int64_t rowWidth(const TensorSpec &output);

/// Values per output row: the last extent of the model's single output
/// (an Error when the model has several outputs). `command` words errors.
int64_t outputRowWidth(const ModelDesc &model, const char *command);

/// Classes of a row of `width` scores: `width`, or 2 for a single unit.
inline int64_t classesOfWidth(int64_t width) { return width == 1 ? 2 : width; }

/// The class probabilities of one row of scores (size classesOfWidth(width)).
std::vector<float> classProbabilities(const float *row, int64_t width,
                                      bool fromLogits);

/// The predicted class of one row: the first maximum score (one unit:
/// probability > 0.5, i.e. logit > 0).
int64_t predictedClass(const float *row, int64_t width, bool fromLogits);

struct ClassPrediction {
  int64_t label = 0;
  float probability = 0; ///< of that class
};

/// Counts of (true class, predicted class) pairs.
class ConfusionMatrix {
public:
  explicit ConfusionMatrix(int64_t classes);

  int64_t classes() const { return numClasses; }
  void add(int64_t trueClass, int64_t predicted);
  /// Adds `rows` rows of `width` scores against their labels (class indices
  /// stored as floats).
  void addRows(const float *scores, const float *labels, int64_t rows,
               int64_t width, bool fromLogits);

  int64_t count(int64_t trueClass, int64_t predicted) const;
  int64_t total() const { return totalCount; }
  int64_t correct() const;
  /// correct / total (0 when empty).
  double accuracy() const;

  /// Rows are true classes, columns predicted classes, headed by the class
  /// indices, right-aligned in columns of one width.
  std::string format() const;

private:
  int64_t numClasses;
  int64_t totalCount = 0;
  std::vector<int64_t> counts; ///< [true][predicted]
};

} // namespace nncrt

#endif // NNCRT_CLASSIFICATION_H
