//===- ChildProcess.cpp - Other processes for tests of pids and locks ------===//

#include "ChildProcess.h"

#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace nncrt::test {

long exitedProcessId() {
  pid_t pid = ::fork();
  if (pid < 0)
    throw std::runtime_error("fork failed");
  if (pid == 0)
    ::_exit(0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return pid;
}

RunningChild::RunningChild(const std::function<void()> &setup) {
  int ready[2], hold[2];
  if (::pipe(ready) != 0 || ::pipe(hold) != 0)
    throw std::runtime_error("pipe failed");
  pid_t pid = ::fork();
  if (pid < 0)
    throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::close(ready[0]);
    ::close(hold[1]);
    int status = 0;
    try {
      setup();
    } catch (...) {
      status = 1;
    }
    char done = char(status);
    (void)!::write(ready[1], &done, 1);
    // Blocks until the parent closes its end (or dies).
    (void)!::read(hold[0], &done, 1);
    ::_exit(status);
  }
  ::close(ready[1]);
  ::close(hold[0]);
  childPid = pid;
  release = hold[1];
  char done = 1;
  bool ok = ::read(ready[0], &done, 1) == 1 && done == 0;
  ::close(ready[0]);
  if (!ok) {
    stop();
    throw std::runtime_error("the child process's setup failed");
  }
}

RunningChild::~RunningChild() { stop(); }

void RunningChild::stop() {
  if (release >= 0)
    ::close(release);
  release = -1;
  if (childPid > 0) {
    int status = 0;
    ::waitpid(pid_t(childPid), &status, 0);
  }
  childPid = -1;
}

} // namespace nncrt::test
