//===- Progress.cpp - The Keras-like progress line of `train` -------------===//

#include "nncrt/Progress.h"

#include <fmt/format.h>

#include <cmath>

namespace nncrt {

namespace {

constexpr int kBarWidth = 30;

std::string bar(int64_t step, int64_t steps) {
  if (steps <= 0 || step >= steps)
    return std::string(kBarWidth, '=');
  auto filled = int(kBarWidth * step / steps);
  std::string text(size_t(filled), '=');
  text += '>';
  text.append(size_t(kBarWidth - filled - 1), '.');
  return text;
}

} // namespace

std::string formatDuration(double seconds) {
  if (!(seconds >= 0))
    seconds = 0;
  if (seconds < 59.95)
    return fmt::format("{:.1f}s", seconds);
  auto whole = int64_t(std::llround(seconds));
  if (whole < 3600)
    return fmt::format("{}m{:02}s", whole / 60, whole % 60);
  return fmt::format("{}h{:02}m", whole / 3600, (whole % 3600) / 60);
}

std::string formatProgressLine(const ProgressState &state) {
  int width = int(std::to_string(state.steps).size());
  std::string line = fmt::format("Epoch {}/{}  {:>{}}/{} [{}] ", state.epoch,
                                 state.epochs, state.step, width, state.steps,
                                 bar(state.step, state.steps));
  line += state.done ? formatDuration(state.seconds)
                     : "ETA " + formatDuration(state.seconds);
  line += fmt::format("  loss {:.4f}", state.loss);
  if (state.valLoss)
    line += fmt::format("  val_loss {:.4f}", *state.valLoss);
  if (state.accuracy)
    line += fmt::format("  acc {:.4f}", *state.accuracy);
  if (state.valAccuracy)
    line += fmt::format("  val_acc {:.4f}", *state.valAccuracy);
  return line;
}

void ProgressDisplay::update(const ProgressState &state) {
  if (!interactive)
    return;
  auto now = std::chrono::steady_clock::now();
  if (lineOpen && now - lastDraw < std::chrono::milliseconds(100))
    return;
  lastDraw = now;
  // \r returns to the line start, \x1b[K clears what a longer line left.
  out << '\r' << formatProgressLine(state) << "\x1b[K" << std::flush;
  lineOpen = true;
}

void ProgressDisplay::finish(const ProgressState &state) {
  if (lineOpen)
    out << '\r';
  out << formatProgressLine(state) << (interactive ? "\x1b[K\n" : "\n")
      << std::flush;
  lineOpen = false;
}

void ProgressDisplay::interrupt() {
  if (lineOpen)
    out << '\n' << std::flush;
  lineOpen = false;
}

} // namespace nncrt
