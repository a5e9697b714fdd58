//===- Plot.cpp - Line charts and a confusion matrix as PNG images --------===//

#include "nncrt/Plot.h"

#include "nncrt/Error.h"
#include "nncrt/FileIO.h"

#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <memory>

namespace nncrt {

namespace {

// The plot area's margins in a panel: room for tick labels, axis titles and
// the chart's title.
constexpr double kMarginLeft = 78, kMarginRight = 24, kMarginTop = 44, kMarginBottom = 58;
constexpr double kFontSize = 13, kTitleSize = 15;

struct SurfaceDeleter {
  void operator()(cairo_surface_t *surface) const { cairo_surface_destroy(surface); }
};
struct ContextDeleter {
  void operator()(cairo_t *context) const { cairo_destroy(context); }
};
using Surface = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using Context = std::unique_ptr<cairo_t, ContextDeleter>;

Surface makeSurface(int width, int height) {
  Surface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    fail("cannot create a {}x{} image: {}", width, height,
         cairo_status_to_string(cairo_surface_status(surface.get())));
  return surface;
}

/// The PNG encoding of `surface`, written atomically to `path`.
void savePng(cairo_surface_t *surface, const std::string &path) {
  std::string bytes;
  cairo_status_t status = cairo_surface_write_to_png_stream(
      surface,
      [](void *closure, const unsigned char *data, unsigned int length) {
        static_cast<std::string *>(closure)->append(reinterpret_cast<const char *>(data),
                                                    length);
        return CAIRO_STATUS_SUCCESS;
      },
      &bytes);
  if (status != CAIRO_STATUS_SUCCESS)
    fail("{}: cannot encode the image: {}", path, cairo_status_to_string(status));
  writeFileAtomically(path, bytes);
}

void setColour(cairo_t *cr, Rgb colour) {
  cairo_set_source_rgb(cr, colour.red, colour.green, colour.blue);
}

enum class Align { Left, Centre, Right };

/// Draws `text` with its baseline's `align` point at (x, y).
void drawText(cairo_t *cr, const std::string &text, double x, double y, Align align,
              double size = kFontSize, bool bold = false) {
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
  cairo_text_extents_t extents;
  cairo_text_extents(cr, text.c_str(), &extents);
  double shift = align == Align::Left     ? 0
                 : align == Align::Centre ? extents.x_advance / 2
                                          : extents.x_advance;
  cairo_move_to(cr, x - shift, y);
  cairo_show_text(cr, text.c_str());
}

/// A tick value as text: as few digits as tell the ticks apart.
std::string tickLabel(double value, double step) {
  int decimals = std::max(0, int(std::ceil(-std::log10(step) - 1e-9)));
  if (std::abs(value) < step * 1e-6)
    value = 0; // not "-0.0"
  return fmt::format("{:.{}f}", value, decimals);
}

double tickStep(const std::vector<double> &ticks) {
  return ticks.size() > 1 ? ticks[1] - ticks[0] : 1;
}

void drawChart(cairo_t *cr, const Chart &chart, double originX) {
  ChartFrame frame = chartFrame(chart);
  double left = originX + frame.left;
  auto x = [&](double value) { return originX + frame.pixelX(value); };
  auto y = [&](double value) { return frame.pixelY(value); };

  // Grid lines, then the frame of the plot area.
  cairo_set_line_width(cr, 1);
  cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
  for (double tick : frame.yTicks) {
    cairo_move_to(cr, left, std::round(y(tick)) + 0.5);
    cairo_line_to(cr, left + frame.width, std::round(y(tick)) + 0.5);
  }
  for (double tick : frame.xTicks) {
    cairo_move_to(cr, std::round(x(tick)) + 0.5, frame.top);
    cairo_line_to(cr, std::round(x(tick)) + 0.5, frame.top + frame.height);
  }
  cairo_stroke(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_rectangle(cr, left + 0.5, frame.top + 0.5, frame.width, frame.height);
  cairo_stroke(cr);

  // Ticks and their labels.
  double yStep = tickStep(frame.yTicks), xStep = tickStep(frame.xTicks);
  for (double tick : frame.yTicks) {
    cairo_move_to(cr, left - 5, std::round(y(tick)) + 0.5);
    cairo_line_to(cr, left, std::round(y(tick)) + 0.5);
    cairo_stroke(cr);
    drawText(cr, tickLabel(tick, yStep), left - 8, y(tick) + 4.5, Align::Right);
  }
  for (double tick : frame.xTicks) {
    cairo_move_to(cr, std::round(x(tick)) + 0.5, frame.top + frame.height);
    cairo_line_to(cr, std::round(x(tick)) + 0.5, frame.top + frame.height + 5);
    cairo_stroke(cr);
    drawText(cr, tickLabel(tick, xStep), x(tick), frame.top + frame.height + 20, Align::Centre);
  }

  // Titles: the chart's above, the axes' beside them (y turned upright).
  drawText(cr, chart.title, left + frame.width / 2, frame.top - 16, Align::Centre, kTitleSize,
           /*bold=*/true);
  drawText(cr, chart.xLabel, left + frame.width / 2, frame.top + frame.height + 44,
           Align::Centre);
  cairo_save(cr);
  cairo_translate(cr, originX + 22, frame.top + frame.height / 2);
  cairo_rotate(cr, -M_PI / 2);
  drawText(cr, chart.yLabel, 0, 0, Align::Centre);
  cairo_restore(cr);

  // The series, clipped to the plot area: lines, then a dot per value.
  cairo_save(cr);
  cairo_rectangle(cr, left, frame.top, frame.width, frame.height);
  cairo_clip(cr);
  for (const Series &series : chart.series) {
    setColour(cr, series.colour);
    cairo_set_line_width(cr, 2);
    for (size_t i = 0; i < series.x.size(); ++i)
      (i ? cairo_line_to : cairo_move_to)(cr, x(series.x[i]), y(series.y[i]));
    cairo_stroke(cr);
    for (size_t i = 0; i < series.x.size(); ++i) {
      cairo_arc(cr, x(series.x[i]), y(series.y[i]), 4, 0, 2 * M_PI);
      cairo_fill(cr);
    }
  }
  cairo_restore(cr);

  // The legend, in the plot area's top right corner.
  double rowHeight = 20, legendWidth = 0;
  cairo_set_font_size(cr, kFontSize);
  for (const Series &series : chart.series) {
    cairo_text_extents_t extents;
    cairo_text_extents(cr, series.name.c_str(), &extents);
    legendWidth = std::max(legendWidth, extents.x_advance);
  }
  legendWidth += 44;
  double legendHeight = rowHeight * double(chart.series.size()) + 8;
  // The corner whose box covers the fewest values (matplotlib's "best").
  double legendLeft = 0, legendTop = 0;
  size_t fewest = SIZE_MAX;
  for (auto [right, bottom] : {std::pair{true, false}, std::pair{true, true},
                               std::pair{false, false}, std::pair{false, true}}) {
    double boxLeft = right ? left + frame.width - legendWidth - 10 : left + 10;
    double boxTop = bottom ? frame.top + frame.height - legendHeight - 10 : frame.top + 10;
    size_t covered = 0;
    for (const Series &series : chart.series)
      for (size_t i = 0; i < series.x.size(); ++i) {
        double px = x(series.x[i]), py = y(series.y[i]);
        covered += px >= boxLeft - 6 && px <= boxLeft + legendWidth + 6 && py >= boxTop - 6 &&
                   py <= boxTop + legendHeight + 6;
      }
    if (covered < fewest) {
      fewest = covered;
      legendLeft = boxLeft;
      legendTop = boxTop;
    }
  }
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, legendLeft, legendTop, legendWidth, legendHeight);
  cairo_fill_preserve(cr);
  cairo_set_source_rgb(cr, 0.7, 0.7, 0.7);
  cairo_set_line_width(cr, 1);
  cairo_stroke(cr);
  for (size_t i = 0; i < chart.series.size(); ++i) {
    double rowY = legendTop + 14 + rowHeight * double(i);
    setColour(cr, chart.series[i].colour);
    cairo_set_line_width(cr, 2);
    cairo_move_to(cr, legendLeft + 8, rowY);
    cairo_line_to(cr, legendLeft + 32, rowY);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    drawText(cr, chart.series[i].name, legendLeft + 38, rowY + 4.5, Align::Left);
  }
}

} // namespace

std::vector<double> niceTicks(double low, double high, int target) {
  if (!(std::isfinite(low) && std::isfinite(high)) || high < low)
    fail("internal: no ticks for the range [{}, {}]", low, high);
  if (high == low) { // one value: a range around it
    double pad = low == 0 ? 1 : std::abs(low) * 0.1;
    low -= pad;
    high += pad;
  }
  double raw = (high - low) / std::max(1, target - 1);
  double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude * 10;
  for (double factor : {1.0, 2.0, 5.0})
    if (raw <= factor * magnitude * (1 + 1e-9)) {
      step = factor * magnitude;
      break;
    }
  std::vector<double> ticks;
  double first = std::floor(low / step + 1e-9), last = std::ceil(high / step - 1e-9);
  for (double k = first; k <= last; ++k)
    ticks.push_back(k * step);
  return ticks;
}

ChartFrame chartFrame(const Chart &chart) {
  double xLow = INFINITY, xHigh = -INFINITY, yLow = INFINITY, yHigh = -INFINITY;
  bool wholeX = true;
  for (const Series &series : chart.series)
    for (size_t i = 0; i < series.x.size(); ++i) {
      xLow = std::min(xLow, series.x[i]);
      xHigh = std::max(xHigh, series.x[i]);
      yLow = std::min(yLow, series.y[i]);
      yHigh = std::max(yHigh, series.y[i]);
      wholeX &= series.x[i] == std::floor(series.x[i]);
    }
  if (!std::isfinite(xLow) || !std::isfinite(yLow) || !std::isfinite(xHigh) ||
      !std::isfinite(yHigh))
    fail("chart '{}': no finite values to draw", chart.title);
  ChartFrame frame;
  frame.left = kMarginLeft;
  frame.top = kMarginTop;
  frame.width = kPanelWidth - kMarginLeft - kMarginRight;
  frame.height = kPanelHeight - kMarginTop - kMarginBottom;
  // As matplotlib: the values' range widened by 5% on each side (a single
  // value gets a range around it), ticks at round values inside it.
  auto widen = [](double &low, double &high) {
    double pad = high > low ? (high - low) * 0.05 : (low == 0 ? 1 : std::abs(low) * 0.1);
    low -= pad;
    high += pad;
  };
  widen(yLow, yHigh);
  if (xLow == xHigh) { // one epoch: centred
    xLow -= 1;
    xHigh += 1;
  } else {
    widen(xLow, xHigh);
  }
  frame.xLow = xLow;
  frame.xHigh = xHigh;
  frame.yLow = yLow;
  frame.yHigh = yHigh;
  for (double tick : niceTicks(yLow, yHigh))
    if (tick >= yLow && tick <= yHigh)
      frame.yTicks.push_back(tick);
  for (double tick : niceTicks(xLow, xHigh, 8))
    if (tick >= xLow && tick <= xHigh && (!wholeX || tick == std::floor(tick)))
      frame.xTicks.push_back(tick);
  return frame;
}

void writeChartsPng(const std::string &path, const std::vector<Chart> &charts) {
  if (charts.empty())
    fail("internal: no charts to draw into {}", path);
  Surface surface = makeSurface(kPanelWidth * int(charts.size()), kPanelHeight);
  Context cr(cairo_create(surface.get()));
  cairo_set_source_rgb(cr.get(), 1, 1, 1);
  cairo_paint(cr.get());
  for (size_t i = 0; i < charts.size(); ++i)
    drawChart(cr.get(), charts[i], double(kPanelWidth) * double(i));
  cairo_surface_flush(surface.get());
  savePng(surface.get(), path);
}

void writeConfusionPng(const std::string &path, const ConfusionMatrix &matrix,
                       const std::vector<std::string> &classNames,
                       const std::string &title) {
  int64_t classes = matrix.classes();
  auto name = [&](int64_t k) {
    return size_t(k) < classNames.size() ? classNames[size_t(k)] : std::to_string(k);
  };
  // Room for the longest class name left of the rows and below the columns.
  Surface probe = makeSurface(1, 1);
  Context measure(cairo_create(probe.get()));
  cairo_set_font_size(measure.get(), kFontSize);
  double longest = 0;
  for (int64_t k = 0; k < classes; ++k) {
    cairo_text_extents_t extents;
    cairo_text_extents(measure.get(), name(k).c_str(), &extents);
    longest = std::max(longest, extents.x_advance);
  }
  cairo_select_font_face(measure.get(), "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                         CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size(measure.get(), kTitleSize);
  cairo_text_extents_t titleExtents;
  cairo_text_extents(measure.get(), title.c_str(), &titleExtents);
  double side = double(kConfusionCell) * double(classes);
  // The title centred over the grid, and inside the image.
  double gridLeft = std::max(std::ceil(longest) + 48, titleExtents.x_advance / 2 - side / 2 + 16);
  double gridTop = 56;
  int width = int(std::max(gridLeft + side + 24, gridLeft + side / 2 + titleExtents.x_advance / 2 + 16));
  int height = int(gridTop + side + longest + 52);
  Surface surface = makeSurface(width, height);
  Context context(cairo_create(surface.get()));
  cairo_t *cr = context.get();
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);

  int64_t largest = 1;
  for (int64_t t = 0; t < classes; ++t)
    for (int64_t p = 0; p < classes; ++p)
      largest = std::max(largest, matrix.count(t, p));
  for (int64_t t = 0; t < classes; ++t)
    for (int64_t p = 0; p < classes; ++p) {
      int64_t count = matrix.count(t, p);
      double share = double(count) / double(largest); // white to kTrainingColour
      double cellX = gridLeft + double(kConfusionCell) * double(p);
      double cellY = gridTop + double(kConfusionCell) * double(t);
      cairo_set_source_rgb(cr, 1 + (kTrainingColour.red - 1) * share,
                           1 + (kTrainingColour.green - 1) * share,
                           1 + (kTrainingColour.blue - 1) * share);
      cairo_rectangle(cr, cellX, cellY, kConfusionCell, kConfusionCell);
      cairo_fill(cr);
      // Dark cells take white digits.
      cairo_set_source_rgb(cr, share > 0.5 ? 1 : 0, share > 0.5 ? 1 : 0, share > 0.5 ? 1 : 0);
      drawText(cr, std::to_string(count), cellX + kConfusionCell / 2.0,
               cellY + kConfusionCell / 2.0 + 4.5, Align::Centre, kFontSize - 2);
    }
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 1);
  cairo_rectangle(cr, gridLeft + 0.5, gridTop + 0.5, side, side);
  cairo_stroke(cr);
  for (int64_t k = 0; k < classes; ++k) {
    double centre = double(kConfusionCell) * (double(k) + 0.5);
    drawText(cr, name(k), gridLeft - 8, gridTop + centre + 4.5, Align::Right);
    cairo_save(cr);
    cairo_translate(cr, gridLeft + centre + 4.5, gridTop + side + 8);
    cairo_rotate(cr, -M_PI / 2);
    drawText(cr, name(k), 0, 0, Align::Right);
    cairo_restore(cr);
  }
  drawText(cr, title, gridLeft + side / 2, 24, Align::Centre, kTitleSize, /*bold=*/true);
  drawText(cr, "predicted class", gridLeft + side / 2, double(height) - 12, Align::Centre);
  cairo_save(cr);
  cairo_translate(cr, 18, gridTop + side / 2);
  cairo_rotate(cr, -M_PI / 2);
  drawText(cr, "true class", 0, 0, Align::Centre);
  cairo_restore(cr);
  cairo_surface_flush(surface.get());
  savePng(surface.get(), path);
}

} // namespace nncrt
