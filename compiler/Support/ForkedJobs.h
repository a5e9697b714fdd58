//===- ForkedJobs.h - Jobs run side by side in child processes --*- C++ -*-===//
//
// nnc compiles a model's pipelines (forward, loss, gradient, update, step)
// independently of one another, each in Halide and LLVM, single-threaded.
// Running them in forked children, as many at once as there are cores,
// takes the longest one's time instead of their sum, and keeps Halide's
// process-wide state (unique names, LLVM's globals) out of each other's way,
// which threads would not: every pipeline compiles from the same state, so
// its object is the same bytes whichever others were compiled or cached.
// A child inherits what the parent built (the module, the diagnostics
// handler) and reports through its exit status.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_SUPPORT_FORKEDJOBS_H
#define NNC_SUPPORT_FORKEDJOBS_H

#include "llvm/ADT/ArrayRef.h"

#include <functional>
#include <string>
#include <vector>

namespace nnc {

/// What became of one job.
struct JobOutcome {
  bool succeeded = false;
  /// Why a child ended without a status of its own ("killed by signal 9"),
  /// else empty (a failed job has reported its own errors).
  std::string problem;
};

/// Runs each job (returning true on success) in a child process of its
/// own, at most `parallel` at once (in this process only if fork fails).
/// The process must have no threads but the caller's: a forked child has
/// only the thread that forked.
std::vector<JobOutcome> runForkedJobs(llvm::ArrayRef<std::function<bool()>> jobs,
                                      unsigned parallel);

/// The number of jobs to run at once by default: the cores this process may
/// use.
unsigned defaultParallelJobs();

} // namespace nnc

#endif // NNC_SUPPORT_FORKEDJOBS_H
