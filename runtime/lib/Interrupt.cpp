//===- Interrupt.cpp - Ctrl-C during training -----------------------------===//

#include "nncrt/Interrupt.h"

#include <cstring>
#include <unistd.h>

namespace nncrt {

namespace {

volatile std::sig_atomic_t receivedSignal = 0;

void onSignal(int signal) {
  receivedSignal = signal;
  // Only async-signal-safe calls here: write(2), not iostreams.
  static const char message[] =
      "\nstopping after this step to save a checkpoint (press Ctrl-C again to "
      "quit at once)\n";
  ssize_t ignored = ::write(STDERR_FILENO, message, sizeof(message) - 1);
  (void)ignored;
}

} // namespace

InterruptGuard::InterruptGuard() {
  receivedSignal = 0;
  struct sigaction action;
  std::memset(&action, 0, sizeof(action));
  action.sa_handler = onSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, &action, &previousInt);
  sigaction(SIGTERM, &action, &previousTerm);
}

InterruptGuard::~InterruptGuard() {
  sigaction(SIGINT, &previousInt, nullptr);
  sigaction(SIGTERM, &previousTerm, nullptr);
  receivedSignal = 0;
}

int InterruptGuard::signalReceived() const { return receivedSignal; }

} // namespace nncrt
