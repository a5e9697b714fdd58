//===- PipelineErrors.cpp - Halide's run-time errors as nncrt::Error -------===//

#include "nncrt/PipelineErrors.h"

#include "nncrt/Error.h"

#include <mutex>

namespace nncrt {

namespace {

// Halide may report from a worker thread of its pool.
std::mutex keptMutex;
std::string keptMessage;

std::string takeKeptMessage() {
  std::lock_guard<std::mutex> lock(keptMutex);
  std::string message = std::move(keptMessage);
  keptMessage.clear();
  return message;
}

} // namespace

void keepHalideError(void *, const char *message) {
  std::lock_guard<std::mutex> lock(keptMutex);
  // The first message is the cause; a failing pipeline may add more.
  if (keptMessage.empty() && message)
    keptMessage = message;
}

void installHalideErrorHandler(const ModelRegistry &registry) {
  if (registry.setErrorHandler)
    registry.setErrorHandler(keepHalideError);
}

void failPipelineCall(const std::string &what, int status) {
  std::string message = takeKeptMessage();
  // One line: Halide ends its messages with a newline.
  while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
    message.pop_back();
  for (char &c : message)
    if (c == '\n')
      c = ' ';
  if (message.empty())
    fail("{} failed with Halide error {}", what, status);
  fail("{} failed with Halide error {}: {}", what, status, message);
}

} // namespace nncrt
