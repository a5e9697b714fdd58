//===- CommandLine.h - The command line of a generated executable ----------===//
//
//   exe [--threads N] [--model NAME] <subcommand> [options]
//
// Global options may also follow the subcommand. Every subcommand has --help.
// Errors are printed as one line, `error: <message>`, with exit status 1.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_COMMANDLINE_H
#define NNCRT_COMMANDLINE_H

#include "nncrt/ModelDesc.h"

#include <ostream>

namespace nncrt {

constexpr const char *kRuntimeVersion = "0.1.0";

/// Runs the command line; returns the process exit status.
int runCommandLine(const ModelRegistry &registry, int argc, char **argv);
int runCommandLine(const ModelRegistry &registry, int argc, char **argv,
                   std::ostream &out, std::ostream &err);

} // namespace nncrt

#endif // NNCRT_COMMANDLINE_H
