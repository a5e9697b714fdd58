//===- InitCommand.cpp - `exe init` ----------------------------------------===//

#include "nncrt/Error.h"
#include "nncrt/Initializers.h"
#include "nncrt/Subcommand.h"
#include "nncrt/Summary.h"
#include "nncrt/Weights.h"

#include <cstdint>

namespace nncrt {

namespace {

int runInit(const CommandContext &context, const ParsedOptions &options) {
  const std::string &output = options.required("--output", "init");
  auto seed = uint64_t(options.integer("--seed", 0, 0, INT64_MAX));
  std::vector<Tensor> params = initializeParams(context.model, seed);
  int64_t count = 0;
  for (const Tensor &param : params)
    count += param.numElements();
  saveWeights(output, context.model, params,
              {{"model", context.model.name},
               {"seed", std::to_string(seed)},
               {"producer", "nnc init"}});
  context.out << fmt::format("wrote {} parameters ({} tensor{}) to {}\n",
                             formatWithThousandsSeparators(count),
                             params.size(), params.size() == 1 ? "" : "s",
                             output);
  return 0;
}

} // namespace

const Subcommand &initSubcommand() {
  static const Subcommand command = {
      "init",
      "Write seeded initial weights to a safetensors file.",
      "Creates the model's weights as Keras initialises them (kernels\n"
      "Glorot-uniform, biases zero) and writes them to a safetensors file.\n"
      "The same seed always gives the same weights, on any machine.\n"
      "\n"
      "Example:\n"
      "  {exe} init --seed 42 --output weights.safetensors\n",
      {
          {"--seed", "S", "random seed, a non-negative integer (default 0)"},
          {"--output", "FILE", "the safetensors file to write (required)"},
      },
      runInit,
  };
  return command;
}

} // namespace nncrt
