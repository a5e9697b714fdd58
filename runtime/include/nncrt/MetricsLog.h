//===- MetricsLog.h - One JSON object per training epoch ------------------===//
//
// `train` appends one line per finished epoch to the metrics log (JSON
// Lines), e.g.
//   {"epoch":3,"loss":0.1012,"val_loss":0.0998,"seconds":2.1,"images_per_second":28571.4}
// val_loss is null when the run has no validation data. With the accuracy
// metric, "accuracy" and "val_accuracy" (null without validation) follow
// val_loss.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_METRICSLOG_H
#define NNCRT_METRICSLOG_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace nncrt {

struct EpochMetrics {
  int64_t epoch = 0; ///< 1-based
  double loss = 0;
  std::optional<double> valLoss;
  double seconds = 0;
  double imagesPerSecond = 0;
  bool hasAccuracy = false; ///< the model asks for the accuracy metric
  double accuracy = 0;
  std::optional<double> valAccuracy;
  /// The rate of the epoch's last update ("learning_rate", as Keras's
  /// callbacks log it).
  std::optional<double> learningRate;
};

/// The JSON object of one epoch, without a newline.
std::string formatMetricsLine(const EpochMetrics &metrics);

/// Appends the line and a newline to `path` in one write (created if absent).
void appendMetrics(const std::string &path, const EpochMetrics &metrics);

/// The epochs of a metrics log in epoch order. A resumed run logs the epochs
/// after its checkpoint again: the last line of an epoch counts. A line that
/// is not such an object is an error naming the file and line.
std::vector<EpochMetrics> readMetricsLog(const std::string &path);

} // namespace nncrt

#endif // NNCRT_METRICSLOG_H
