//===- ForkedJobs.cpp - Jobs run side by side in child processes ----------===//

#include "Support/ForkedJobs.h"

#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <cstring>
#include <map>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace nnc;

unsigned nnc::defaultParallelJobs() {
  cpu_set_t cpus;
  if (sched_getaffinity(0, sizeof cpus, &cpus) == 0)
    return unsigned(std::max(1, CPU_COUNT(&cpus)));
  long online = sysconf(_SC_NPROCESSORS_ONLN);
  return online > 0 ? unsigned(online) : 1;
}

std::vector<JobOutcome> nnc::runForkedJobs(llvm::ArrayRef<std::function<bool()>> jobs,
                                           unsigned parallel) {
  std::vector<JobOutcome> outcomes(jobs.size());
  parallel = std::max(1u, parallel);
  std::map<pid_t, size_t> running;
  auto waitForOne = [&] {
    int status = 0;
    pid_t pid;
    while ((pid = ::waitpid(-1, &status, 0)) < 0 && errno == EINTR) {
    }
    if (pid < 0)
      return false;
    auto it = running.find(pid);
    if (it == running.end())
      return true; // not one of ours
    JobOutcome &outcome = outcomes[it->second];
    if (WIFEXITED(status)) {
      outcome.succeeded = WEXITSTATUS(status) == 0;
    } else if (WIFSIGNALED(status)) {
      outcome.problem = "killed by signal " + std::to_string(WTERMSIG(status)) + " (" +
                        ::strsignal(WTERMSIG(status)) + ")";
    }
    running.erase(it);
    return true;
  };
  for (size_t i = 0; i < jobs.size(); ++i) {
    while (running.size() >= parallel)
      if (!waitForOne())
        break;
    // What the parent has buffered must not be written twice.
    llvm::outs().flush();
    llvm::errs().flush();
    pid_t pid = ::fork();
    if (pid == 0) {
      bool succeeded = jobs[i]();
      llvm::outs().flush();
      llvm::errs().flush();
      // No destructors, no atexit handlers: they are the parent's to run.
      ::_exit(succeeded ? 0 : 1);
    }
    if (pid < 0) { // no child: run it here
      outcomes[i].succeeded = jobs[i]();
      continue;
    }
    running[pid] = i;
  }
  while (!running.empty())
    if (!waitForOne())
      break;
  for (auto &[pid, index] : running)
    outcomes[index].problem = "its process was lost (waitpid: " +
                              std::string(::strerror(errno)) + ")";
  return outcomes;
}
