//===- Subcommand.h - One subcommand of a generated executable -------------===//
//
// Each subcommand (summary, init, predict, ...) lives in its own file and
// describes itself with a Subcommand: its name, its help, its options and the
// function that runs it. Subcommands.cpp lists them; adding one is a new
// file plus one line there.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_SUBCOMMAND_H
#define NNCRT_SUBCOMMAND_H

#include "nncrt/CommandLineParser.h"
#include "nncrt/ModelDesc.h"

#include <ostream>
#include <string>
#include <vector>

namespace nncrt {

/// What a running subcommand may use.
struct CommandContext {
  const ModelRegistry &registry;
  const ModelDesc &model; ///< the model chosen with --model (or the only one)
  std::ostream &out;
  std::ostream &err;
  std::string programName = "model"; ///< argv[0] without its folder
};

struct Subcommand {
  const char *name;
  /// One line for the subcommand list.
  const char *summary;
  /// The body of --help: what it does, then examples. "{exe}" stands for the
  /// program name.
  const char *description;
  std::vector<OptionSpec> options;
  /// Returns the exit status; problems are thrown as nncrt::Error.
  int (*run)(const CommandContext &context, const ParsedOptions &options);
  /// The name of the words it takes besides options ("PROMPT"), shown in
  /// its usage line; null when it takes none (then they are errors).
  const char *argumentsName = nullptr;
};

/// Every subcommand, in the order --help lists them.
const std::vector<const Subcommand *> &allSubcommands();

/// The weights file of eval and reconstruct: --weights, else --checkpoint,
/// else the default checkpoint that `train` writes.
std::string chooseWeightsFile(const ModelDesc &model, const ParsedOptions &options,
                              const char *command);

const Subcommand &summarySubcommand();
const Subcommand &initSubcommand();
const Subcommand &predictSubcommand();
const Subcommand &trainSubcommand();
const Subcommand &evalSubcommand();
const Subcommand &plotSubcommand();
const Subcommand &reconstructSubcommand();
const Subcommand &gradientSubcommand();
const Subcommand &gradcheckSubcommand();
const Subcommand &generateSubcommand();
const Subcommand &exportSubcommand();

} // namespace nncrt

#endif // NNCRT_SUBCOMMAND_H
