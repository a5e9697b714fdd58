//===- MetricsLog.cpp - One JSON object per training epoch ----------------===//

#include "nncrt/MetricsLog.h"

#include "nncrt/Error.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace nncrt {

std::string formatMetricsLine(const EpochMetrics &metrics) {
  // An ordered_json keeps the keys in the documented order.
  nlohmann::ordered_json line;
  line["epoch"] = metrics.epoch;
  line["loss"] = metrics.loss;
  line["val_loss"] = metrics.valLoss ? nlohmann::ordered_json(*metrics.valLoss)
                                     : nlohmann::ordered_json(nullptr);
  if (metrics.hasAccuracy) {
    line["accuracy"] = metrics.accuracy;
    line["val_accuracy"] = metrics.valAccuracy
                               ? nlohmann::ordered_json(*metrics.valAccuracy)
                               : nlohmann::ordered_json(nullptr);
  }
  if (metrics.learningRate)
    line["learning_rate"] = *metrics.learningRate;
  line["seconds"] = metrics.seconds;
  line["images_per_second"] = metrics.imagesPerSecond;
  return line.dump();
}

void appendMetrics(const std::string &path, const EpochMetrics &metrics) {
  std::string line = formatMetricsLine(metrics) + "\n";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0)
    fail("{}: cannot open the metrics log: {}", path, systemErrorText(errno));
  // One write with O_APPEND: the line is never interleaved or half written
  // unless the disk is full.
  ssize_t written = ::write(fd, line.data(), line.size());
  int savedErrno = errno;
  ::close(fd);
  if (written != ssize_t(line.size()))
    fail("{}: cannot append to the metrics log: {}", path,
         written < 0 ? systemErrorText(savedErrno) : "short write");
}

} // namespace nncrt
