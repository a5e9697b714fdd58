//===- MetricsLog.cpp - One JSON object per training epoch ----------------===//

#include "nncrt/MetricsLog.h"

#include "nncrt/Error.h"
#include "nncrt/FileIO.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cmath>
#include <map>
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

std::vector<EpochMetrics> readMetricsLog(const std::string &path) {
  std::string text = readFile(path);
  std::map<int64_t, EpochMetrics> byEpoch;
  size_t start = 0;
  for (int64_t line = 1; start < text.size(); ++line) {
    size_t end = std::min(text.find('\n', start), text.size());
    std::string_view row(text.data() + start, end - start);
    start = end + 1;
    if (row.find_first_not_of(" \t\r") == std::string_view::npos)
      continue;
    nlohmann::json object = nlohmann::json::parse(row, nullptr, /*allow_exceptions=*/false);
    auto number = [&](const char *key, bool required) -> std::optional<double> {
      auto it = object.find(key);
      if (it == object.end() || it->is_null()) {
        if (required)
          fail("{}:{}: not a metrics line: no \"{}\"", path, line, key);
        return std::nullopt;
      }
      if (!it->is_number())
        fail("{}:{}: \"{}\" is not a number: {}", path, line, key, printable(it->dump()));
      return it->get<double>();
    };
    if (!object.is_object())
      fail("{}:{}: not a JSON object: {}", path, line, printable(row));
    EpochMetrics metrics;
    double epoch = *number("epoch", true);
    if (epoch < 1 || epoch != std::floor(epoch))
      fail("{}:{}: \"epoch\" must be a whole number from 1, got {}", path, line, epoch);
    metrics.epoch = int64_t(epoch);
    metrics.loss = *number("loss", true);
    metrics.valLoss = number("val_loss", false);
    std::optional<double> accuracy = number("accuracy", false);
    metrics.hasAccuracy = accuracy.has_value();
    metrics.accuracy = accuracy.value_or(0);
    metrics.valAccuracy = number("val_accuracy", false);
    metrics.learningRate = number("learning_rate", false);
    metrics.seconds = number("seconds", false).value_or(0);
    metrics.imagesPerSecond = number("images_per_second", false).value_or(0);
    byEpoch[metrics.epoch] = metrics;
  }
  if (byEpoch.empty())
    fail("{}: the metrics log holds no epochs", path);
  std::vector<EpochMetrics> epochs;
  for (auto &[epoch, metrics] : byEpoch)
    epochs.push_back(metrics);
  return epochs;
}

} // namespace nncrt
