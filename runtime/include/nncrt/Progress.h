//===- Progress.h - The Keras-like progress line of `train` ---------------===//
//
//   Epoch 3/50  235/235 [==============================] 2.1s  loss 0.1012  val_loss 0.0998
//
// with the accuracy metric, `acc` and `val_acc` follow the losses:
//   ... 2.1s  loss 0.2811  val_loss 0.3104  acc 0.9012  val_acc 0.8950
//
// On a terminal the line of the running epoch is redrawn in place (with the
// ETA and the running loss); otherwise only the finished line of each epoch
// is printed, so logs stay readable.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_PROGRESS_H
#define NNCRT_PROGRESS_H

#include <chrono>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace nncrt {

struct ProgressState {
  int64_t epoch = 1; ///< 1-based
  int64_t epochs = 1;
  int64_t step = 0; ///< steps done in this epoch
  int64_t steps = 1;
  double seconds = 0; ///< elapsed in this epoch (done) or remaining (running)
  double loss = 0;    ///< running mean of the epoch's batch losses
  std::optional<double> valLoss;
  bool done = false;
  /// With the accuracy metric: the epoch's running training accuracy and
  /// the validation accuracy.
  std::optional<double> accuracy, valAccuracy;
};

/// "2.1s", "59.9s", "1m05s", "2h03m".
std::string formatDuration(double seconds);

/// The progress line, without a newline. While running, `seconds` is the ETA.
std::string formatProgressLine(const ProgressState &state);

class ProgressDisplay {
public:
  ProgressDisplay(std::ostream &out, bool interactive)
      : out(out), interactive(interactive) {}
  /// Redraws the running line (terminals only, at most 10 times a second).
  void update(const ProgressState &state);
  /// Prints the finished line of an epoch.
  void finish(const ProgressState &state);
  /// Ends a half-drawn line before other output (an error, an interrupt).
  void interrupt();

private:
  std::ostream &out;
  bool interactive;
  bool lineOpen = false;
  std::chrono::steady_clock::time_point lastDraw{};
};

} // namespace nncrt

#endif // NNCRT_PROGRESS_H
