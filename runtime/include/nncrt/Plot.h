//===- Plot.h - Line charts and a confusion matrix as PNG images ----------===//
//
// Drawn with cairo: `exe plot` draws the learning curves of a metrics log
// (loss and val_loss per epoch, and accuracy beside them where it was
// logged), `exe eval --confusion-image` the confusion matrix as a heat map.
// Each chart has axes with ticks at round values, grid lines, axis titles
// and a legend. Files are written atomically.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_PLOT_H
#define NNCRT_PLOT_H

#include "nncrt/Classification.h"

#include <cstdint>
#include <string>
#include <vector>

namespace nncrt {

struct Rgb {
  double red, green, blue; ///< each in [0, 1]
};

/// matplotlib's first two colours: training, then validation.
constexpr Rgb kTrainingColour{31 / 255.0, 119 / 255.0, 180 / 255.0};
constexpr Rgb kValidationColour{255 / 255.0, 127 / 255.0, 14 / 255.0};

struct Series {
  std::string name;
  std::vector<double> x, y;
  Rgb colour;
};

struct Chart {
  std::string title, xLabel, yLabel;
  std::vector<Series> series;
};

/// Where a chart's values land: the plot area in pixels of its panel and
/// the value ranges its edges stand for.
struct ChartFrame {
  double left, top, width, height; ///< plot area
  double xLow, xHigh, yLow, yHigh;
  std::vector<double> xTicks, yTicks;

  double pixelX(double x) const { return left + (x - xLow) / (xHigh - xLow) * width; }
  double pixelY(double y) const { return top + (yHigh - y) / (yHigh - yLow) * height; }
};

/// Each chart's panel is `panelWidth` x `panelHeight` pixels; panels stand
/// side by side.
constexpr int kPanelWidth = 640;
constexpr int kPanelHeight = 420;

/// The frame of `chart` in its panel: x from the first to the last value
/// (integer ticks when the values are whole: epochs), y from the round
/// tick at or below the smallest value to the one at or above the largest.
ChartFrame chartFrame(const Chart &chart);

/// About `target` ticks at multiples of 1, 2 or 5 times a power of ten,
/// covering [low, high].
std::vector<double> niceTicks(double low, double high, int target = 6);

/// Draws the charts side by side into one PNG.
void writeChartsPng(const std::string &path, const std::vector<Chart> &charts);

/// The side of a confusion matrix cell, in pixels.
constexpr int kConfusionCell = 48;

/// The confusion matrix as a heat map (white for 0 to dark blue for the
/// largest count) with the count in every cell, true
/// classes down, predicted classes across, labelled with `classNames`
/// (class indices where empty).
void writeConfusionPng(const std::string &path, const ConfusionMatrix &matrix,
                       const std::vector<std::string> &classNames,
                       const std::string &title);

} // namespace nncrt

#endif // NNCRT_PLOT_H
