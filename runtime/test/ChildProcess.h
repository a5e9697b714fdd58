//===- ChildProcess.h - Other processes for tests of pids and locks --------===//

#ifndef NNCRT_TEST_CHILDPROCESS_H
#define NNCRT_TEST_CHILDPROCESS_H

#include <functional>

namespace nncrt::test {

/// The pid of a process that has run and exited (and been reaped): no
/// process has it now, short of the pid space wrapping around meanwhile.
long exitedProcessId();

/// A child process that runs `setup`, then waits until the object is
/// destroyed. The constructor returns once `setup` has finished, so the
/// test sees its effects (a lock taken) without sleeping.
class RunningChild {
public:
  explicit RunningChild(const std::function<void()> &setup = [] {});
  ~RunningChild();
  RunningChild(const RunningChild &) = delete;
  RunningChild &operator=(const RunningChild &) = delete;

  long pid() const { return childPid; }

private:
  void stop();

  long childPid = -1;
  int release = -1; ///< closing it lets the child exit
};

} // namespace nncrt::test

#endif // NNCRT_TEST_CHILDPROCESS_H
