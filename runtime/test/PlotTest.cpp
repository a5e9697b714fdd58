//===- PlotTest.cpp - Learning curves and confusion matrices as images ----===//
//
// Ticks and frames against hand-computed values; the images are decoded
// back (libpng, Images.h) and read at the pixels the values map to.
//
//===----------------------------------------------------------------------===//

#include "nncrt/MetricsLog.h"
#include "nncrt/Plot.h"

#include "ErrorOf.h"
#include "TempDir.h"
#include "nncrt/FileIO.h"
#include "nncrt/Images.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

using namespace nncrt;
using namespace nncrt::test;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

std::vector<double> rounded(const std::vector<double> &values) {
  std::vector<double> result;
  for (double value : values)
    result.push_back(std::round(value * 1e6) / 1e6);
  return result;
}

struct Pixel {
  int red, green, blue;
  bool operator==(const Pixel &other) const {
    return red == other.red && green == other.green && blue == other.blue;
  }
};

std::ostream &operator<<(std::ostream &os, const Pixel &pixel) {
  return os << "(" << pixel.red << ", " << pixel.green << ", " << pixel.blue << ")";
}

Pixel pixelAt(const DecodedImage &image, double x, double y) {
  size_t offset = (size_t(std::lround(y)) * size_t(image.width) + size_t(std::lround(x))) * 3;
  return {image.pixels[offset], image.pixels[offset + 1], image.pixels[offset + 2]};
}

Pixel pixelOf(Rgb colour) {
  return {int(std::lround(colour.red * 255)), int(std::lround(colour.green * 255)),
          int(std::lround(colour.blue * 255))};
}

const Pixel kWhite{255, 255, 255};

} // namespace

TEST(PlotTest, TicksAreRoundValuesCoveringTheRange) {
  // (0.71 - 0.23) / 5 = 0.096: the next of 1, 2, 5 x 10^k is 0.1.
  EXPECT_THAT(rounded(niceTicks(0.23, 0.71)), ElementsAre(0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8));
  EXPECT_THAT(rounded(niceTicks(0, 1000)), ElementsAre(0, 200, 400, 600, 800, 1000));
  EXPECT_THAT(rounded(niceTicks(1, 4, 8)), ElementsAre(1, 1.5, 2, 2.5, 3, 3.5, 4));
  EXPECT_THAT(rounded(niceTicks(-0.003, 0.0042)),
              ElementsAre(-0.004, -0.002, 0, 0.002, 0.004, 0.006));
}

TEST(PlotTest, FrameWidensTheValuesAsMatplotlibDoes) {
  Chart chart{"t", "epoch", "loss", {{"loss", {1, 2, 3, 4, 5}, {0.9, 0.7, 0.6, 0.55, 0.5}, kTrainingColour}}};
  ChartFrame frame = chartFrame(chart);
  // x: [1, 5] widened by 5% of 4; y: [0.5, 0.9] by 5% of 0.4.
  EXPECT_DOUBLE_EQ(frame.xLow, 0.8);
  EXPECT_DOUBLE_EQ(frame.xHigh, 5.2);
  EXPECT_DOUBLE_EQ(frame.yLow, 0.48);
  EXPECT_DOUBLE_EQ(frame.yHigh, 0.92);
  EXPECT_THAT(rounded(frame.xTicks), ElementsAre(1, 2, 3, 4, 5)); // whole epochs only
  EXPECT_THAT(rounded(frame.yTicks), ElementsAre(0.5, 0.6, 0.7, 0.8, 0.9));
  EXPECT_DOUBLE_EQ(frame.pixelX(0.8), frame.left);
  EXPECT_DOUBLE_EQ(frame.pixelY(0.48), frame.top + frame.height);

  Chart single{"t", "epoch", "loss", {{"loss", {1}, {0.5}, kTrainingColour}}};
  ChartFrame one = chartFrame(single);
  EXPECT_DOUBLE_EQ(one.xLow, 0);
  EXPECT_DOUBLE_EQ(one.xHigh, 2);
  EXPECT_DOUBLE_EQ(one.yLow, 0.45);
  EXPECT_DOUBLE_EQ(one.yHigh, 0.55);
}

TEST(PlotTest, ChartsDrawEveryValueWhereTheFrameMapsIt) {
  TempDir dir;
  Chart loss{"m: loss", "epoch", "loss",
             {{"loss", {1, 2, 3, 4, 5, 6}, {0.9, 0.6, 0.5, 0.45, 0.42, 0.4}, kTrainingColour},
              {"val_loss", {1, 2, 3, 4, 5, 6}, {0.8, 0.7, 0.62, 0.6, 0.61, 0.63}, kValidationColour}}};
  Chart accuracy{"m: accuracy", "epoch", "accuracy",
                 {{"accuracy", {1, 2, 3, 4, 5, 6}, {0.5, 0.7, 0.75, 0.8, 0.82, 0.85}, kTrainingColour}}};
  std::string path = dir.file("curves.png");
  writeChartsPng(path, {loss, accuracy});
  DecodedImage image = decodeImage(readFile(path), path, 3);
  ASSERT_EQ(image.width, 2 * kPanelWidth);
  ASSERT_EQ(image.height, kPanelHeight);
  for (auto [panel, chart] : {std::pair{0, &loss}, std::pair{1, &accuracy}}) {
    ChartFrame frame = chartFrame(*chart);
    for (const Series &series : chart->series)
      for (size_t i = 0; i < series.x.size(); ++i)
        EXPECT_EQ(pixelAt(image, panel * kPanelWidth + frame.pixelX(series.x[i]),
                          frame.pixelY(series.y[i])),
                  pixelOf(series.colour))
            << series.name << " epoch " << series.x[i];
    // Outside the plot area, below the x axis's title: background.
    EXPECT_EQ(pixelAt(image, panel * kPanelWidth + 4, kPanelHeight - 4), kWhite);
  }
}

TEST(PlotTest, ConfusionCellsShadeFromWhiteToTheLargestCount) {
  TempDir dir;
  ConfusionMatrix matrix(3);
  for (int i = 0; i < 8; ++i)
    matrix.add(0, 0);
  for (int i = 0; i < 4; ++i)
    matrix.add(1, 2);
  std::string path = dir.file("confusion.png");
  writeConfusionPng(path, matrix, {"ant", "bee", "cat"}, "m: accuracy 0.6667");
  DecodedImage image = decodeImage(readFile(path), path, 3);
  // Find the grid: the top left cell is the darkest (8 of 8).
  Pixel full = pixelOf(kTrainingColour);
  int64_t gridLeft = -1, gridTop = -1;
  for (int64_t y = 0; y < image.height && gridLeft < 0; ++y)
    for (int64_t x = 0; x < image.width; ++x)
      if (pixelAt(image, double(x), double(y)) == full) {
        gridLeft = x;
        gridTop = y;
        break;
      }
  ASSERT_GE(gridLeft, 0) << "no cell of the largest count";
  auto cell = [&](int t, int p) { // a corner of the cell, away from its digits
    return pixelAt(image, double(gridLeft + p * kConfusionCell + 3),
                   double(gridTop + t * kConfusionCell + 3));
  };
  EXPECT_EQ(cell(0, 0), full);
  EXPECT_EQ(cell(0, 1), kWhite); // 0
  EXPECT_EQ(cell(2, 2), kWhite);
  // 4 of 8: halfway from white.
  Pixel half = pixelOf({(1 + kTrainingColour.red) / 2, (1 + kTrainingColour.green) / 2,
                        (1 + kTrainingColour.blue) / 2});
  Pixel middle = cell(1, 2);
  EXPECT_NEAR(middle.red, half.red, 1);
  EXPECT_NEAR(middle.green, half.green, 1);
  EXPECT_NEAR(middle.blue, half.blue, 1);
}

TEST(PlotTest, MetricsLogReadsBackWhatTrainWrites) {
  TempDir dir;
  std::string path = dir.file("run.jsonl");
  EpochMetrics first;
  first.epoch = 1;
  first.loss = 0.75;
  first.valLoss = 0.8;
  first.hasAccuracy = true;
  first.accuracy = 0.5;
  first.learningRate = 0.001;
  EpochMetrics second = first;
  second.epoch = 2;
  second.loss = 0.5;
  second.valLoss.reset();
  appendMetrics(path, first);
  appendMetrics(path, second);
  // A resumed run logs epoch 2 again: the last line counts.
  second.loss = 0.25;
  appendMetrics(path, second);
  std::vector<EpochMetrics> epochs = readMetricsLog(path);
  ASSERT_EQ(epochs.size(), 2u);
  EXPECT_EQ(epochs[0].epoch, 1);
  EXPECT_EQ(epochs[0].loss, 0.75);
  EXPECT_EQ(epochs[0].valLoss, 0.8);
  EXPECT_TRUE(epochs[0].hasAccuracy);
  EXPECT_EQ(epochs[0].learningRate, 0.001);
  EXPECT_EQ(epochs[1].loss, 0.25);
  EXPECT_FALSE(epochs[1].valLoss.has_value());
}

TEST(PlotTest, MalformedMetricsLogsNameTheLine) {
  TempDir dir;
  auto errorFor = [&](const std::string &text) {
    std::string path = dir.file("log.jsonl");
    writeBytes(path, text);
    return errorOf([&] { readMetricsLog(path); });
  };
  EXPECT_THAT(errorFor("{\"epoch\":1,\"loss\":0.5}\n[1, 2]\n"),
              HasSubstr("log.jsonl:2: not a JSON object: [1, 2]"));
  EXPECT_THAT(errorFor("{\"epoch\":1,\"loss\":0.5}\n{\"epoch\":2,\"lo"),
              HasSubstr("log.jsonl:2: not a JSON object"));
  EXPECT_THAT(errorFor("{\"epoch\":1}\n"), HasSubstr("log.jsonl:1: not a metrics line: no \"loss\""));
  EXPECT_THAT(errorFor("{\"epoch\":1.5,\"loss\":1}\n"),
              HasSubstr("log.jsonl:1: \"epoch\" must be a whole number from 1, got 1.5"));
  EXPECT_THAT(errorFor("{\"epoch\":1,\"loss\":\"x\"}\n"),
              HasSubstr("log.jsonl:1: \"loss\" is not a number: \"x\""));
  EXPECT_THAT(errorFor("\n\n"), HasSubstr("log.jsonl: the metrics log holds no epochs"));
  EXPECT_THAT(errorOf([&] { readMetricsLog(dir.file("missing.jsonl")); }),
              HasSubstr("missing.jsonl"));
}
