//===- RunCommandLine.h - An executable's command line, run in a test -----===//

#ifndef NNCRT_TEST_RUNCOMMANDLINE_H
#define NNCRT_TEST_RUNCOMMANDLINE_H

#include "nncrt/CommandLine.h"
#include "nncrt/ModelDesc.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

namespace nncrt::test {

/// What one run of the command line gave: its exit status and both streams.
struct Result {
  int status;
  std::string out, err;
};

/// Runs `program args...` on `registry` as the executable's main would.
inline Result runProgram(const ModelRegistry &registry, const char *program,
                         std::vector<std::string> args) {
  args.insert(args.begin(), program);
  std::vector<char *> argv;
  for (std::string &arg : args)
    argv.push_back(arg.data());
  argv.push_back(nullptr); // argv[argc], as main gets it
  std::ostringstream out, err;
  int status = runCommandLine(registry, int(args.size()), argv.data(), out, err);
  return {status, out.str(), err.str()};
}

/// An error run: status 1 and exactly one line on stderr, "error: ..."
/// holding `message`.
inline void expectError(const Result &result, const std::string &message) {
  EXPECT_EQ(result.status, 1) << result.out;
  EXPECT_THAT(result.err, ::testing::StartsWith("error: "));
  EXPECT_THAT(result.err, ::testing::HasSubstr(message));
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
}

} // namespace nncrt::test

#endif // NNCRT_TEST_RUNCOMMANDLINE_H
