//===- PlotCommand.cpp - `exe plot` ----------------------------------------===//

#include "nncrt/Error.h"
#include "nncrt/FileIO.h"
#include "nncrt/MetricsLog.h"
#include "nncrt/Plot.h"
#include "nncrt/Subcommand.h"
#include "nncrt/Trainer.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace nncrt {

namespace {

/// A series of `epochs`' values where `value` has one.
Series seriesOf(const std::string &name, Rgb colour, const std::vector<EpochMetrics> &epochs,
                std::optional<double> (*value)(const EpochMetrics &)) {
  Series series{name, {}, {}, colour};
  for (const EpochMetrics &metrics : epochs)
    if (std::optional<double> y = value(metrics); y && std::isfinite(*y)) {
      series.x.push_back(double(metrics.epoch));
      series.y.push_back(*y);
    }
  return series;
}

/// Loss and val_loss; accuracy and val_accuracy where logged; the learning
/// rate where a schedule or callback changed it.
std::vector<Chart> learningCurves(const std::vector<EpochMetrics> &epochs,
                                  const std::string &modelName) {
  auto chart = [&](const std::string &what, std::vector<Series> series) {
    Chart result{modelName + ": " + what, "epoch", what, {}};
    for (Series &s : series)
      if (!s.x.empty())
        result.series.push_back(std::move(s));
    return result;
  };
  std::vector<Chart> charts;
  charts.push_back(chart(
      "loss", {seriesOf("loss", kTrainingColour, epochs,
                        [](const EpochMetrics &m) { return std::optional<double>(m.loss); }),
               seriesOf("val_loss", kValidationColour, epochs,
                        [](const EpochMetrics &m) { return m.valLoss; })}));
  if (charts.back().series.empty())
    fail("the metrics log holds no finite loss to draw");
  Chart accuracy = chart(
      "accuracy",
      {seriesOf("accuracy", kTrainingColour, epochs,
                [](const EpochMetrics &m) {
                  return m.hasAccuracy ? std::optional<double>(m.accuracy) : std::nullopt;
                }),
       seriesOf("val_accuracy", kValidationColour, epochs,
                [](const EpochMetrics &m) { return m.valAccuracy; })});
  if (!accuracy.series.empty())
    charts.push_back(std::move(accuracy));
  Chart rate = chart("learning rate", {seriesOf("learning_rate", kTrainingColour, epochs,
                                                [](const EpochMetrics &m) {
                                                  return m.learningRate;
                                                })});
  if (!rate.series.empty()) {
    const std::vector<double> &rates = rate.series[0].y;
    if (std::adjacent_find(rates.begin(), rates.end(), std::not_equal_to<>()) != rates.end())
      charts.push_back(std::move(rate));
  }
  return charts;
}

int runPlot(const CommandContext &context, const ParsedOptions &options) {
  const ModelDesc &model = context.model;
  std::string log = options.has("--log") ? options.all("--log").back()
                                         : defaultTrainSettings(model).logPath;
  std::string output = options.has("--output") ? options.all("--output").back()
                                               : std::string(model.name) + ".curves.png";
  if (!endsWith(output, ".png"))
    fail("plot: --output '{}' must end in .png", output);
  std::vector<EpochMetrics> epochs = readMetricsLog(log);
  std::vector<Chart> charts;
  try {
    charts = learningCurves(epochs, model.name);
  } catch (const Error &error) {
    fail("{}: {}", log, error.what());
  }
  writeChartsPng(output, charts);
  context.out << fmt::format("wrote the learning curves of {} epochs ({}) to {}\n",
                             epochs.size(), log, output);
  return 0;
}

} // namespace

const Subcommand &plotSubcommand() {
  static const Subcommand command = {
      "plot",
      "Draw the learning curves of the metrics log as a PNG image.",
      "Reads the metrics log `train` writes (one JSON line per epoch) and\n"
      "draws loss and val_loss by epoch, accuracy and val_accuracy beside\n"
      "them where the model logs accuracy, and the learning rate where a\n"
      "schedule or callback changed it: one chart each, with axes, ticks and\n"
      "a legend. A resumed run's repeated epochs count once (the last line).\n"
      "\n"
      "Examples:\n"
      "  {exe} plot\n"
      "  {exe} plot --log run.metrics.jsonl --output run.png\n",
      {
          {"--log", "FILE", "metrics log (default <model>.metrics.jsonl)"},
          {"--output", "FILE.png", "image to write (default <model>.curves.png)"},
      },
      runPlot,
  };
  return command;
}

} // namespace nncrt
