//===- Interrupt.h - Ctrl-C during training -------------------------------===//
//
// While an InterruptGuard lives, SIGINT and SIGTERM only raise a flag: the
// training loop finishes its step, saves a checkpoint and exits. The handler
// is one-shot (SA_RESETHAND), so a second Ctrl-C stops the program at once;
// the checkpoint on disk stays intact because it is replaced atomically.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_INTERRUPT_H
#define NNCRT_INTERRUPT_H

#include <csignal>

namespace nncrt {

class InterruptGuard {
public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard &) = delete;
  InterruptGuard &operator=(const InterruptGuard &) = delete;

  /// The signal received since the guard was installed, or 0.
  int signalReceived() const;

private:
  struct sigaction previousInt, previousTerm;
};

} // namespace nncrt

#endif // NNCRT_INTERRUPT_H
