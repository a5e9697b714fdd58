//===- Subcommands.cpp - The list of subcommands ---------------------------===//
//
// Listed explicitly: self-registering objects would be dropped by the linker,
// since nothing references them inside a static library.
//
//===----------------------------------------------------------------------===//

#include "nncrt/Subcommand.h"

namespace nncrt {

const std::vector<const Subcommand *> &allSubcommands() {
  static const std::vector<const Subcommand *> subcommands = {
      &summarySubcommand(),
      &initSubcommand(),
      &predictSubcommand(),
  };
  return subcommands;
}

} // namespace nncrt
