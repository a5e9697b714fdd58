//===- SummaryCommand.cpp - `exe summary` ----------------------------------===//

#include "nncrt/Subcommand.h"
#include "nncrt/Summary.h"

namespace nncrt {

namespace {

int runSummary(const CommandContext &context, const ParsedOptions &) {
  context.out << formatSummary(context.model);
  return 0;
}

} // namespace

const Subcommand &summarySubcommand() {
  static const Subcommand command = {
      "summary",
      "Print the model's layers, output shapes and parameter counts.",
      "Prints the model as a Keras-style table: each layer with its type, its\n"
      "output shape (None is the batch) and its number of parameters, then\n"
      "the total.\n"
      "\n"
      "Example:\n"
      "  {exe} summary\n",
      {},
      runSummary,
  };
  return command;
}

} // namespace nncrt
