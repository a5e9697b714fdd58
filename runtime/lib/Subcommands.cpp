//===- Subcommands.cpp - The list of subcommands ---------------------------===//
//
// Listed explicitly: self-registering objects would be dropped by the linker,
// since nothing references them inside a static library.
//
//===----------------------------------------------------------------------===//

#include "nncrt/Subcommand.h"

#include "nncrt/Error.h"
#include "nncrt/Trainer.h"

namespace nncrt {

const std::vector<const Subcommand *> &allSubcommands() {
  static const std::vector<const Subcommand *> subcommands = {
      &summarySubcommand(),
      &initSubcommand(),
      &trainSubcommand(),
      &evalSubcommand(),
      &plotSubcommand(),
      &predictSubcommand(),
      &generateSubcommand(),
      &exportSubcommand(),
      &reconstructSubcommand(),
      &gradientSubcommand(),
      &gradcheckSubcommand(),
  };
  return subcommands;
}

/// The weights file of eval and reconstruct: --weights, else --checkpoint,
/// else the default checkpoint of `train`.
std::string chooseWeightsFile(const ModelDesc &model, const ParsedOptions &options,
                              const char *command) {
  if (options.has("--weights") && options.has("--checkpoint"))
    fail("{}: give --weights or --checkpoint, not both", command);
  if (options.has("--weights"))
    return options.all("--weights").back();
  if (options.has("--checkpoint"))
    return options.all("--checkpoint").back();
  return defaultTrainSettings(model).checkpointPath;
}

} // namespace nncrt
