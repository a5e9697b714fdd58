//===- InitCommand.cpp - `exe init` ----------------------------------------===//

#include "nncrt/Error.h"
#include "nncrt/Initializers.h"
#include "nncrt/Subcommand.h"
#include "nncrt/SafeTensors.h"
#include "nncrt/Summary.h"
#include "nncrt/TorchWeights.h"
#include "nncrt/Weights.h"

#include <cstdint>
#include <map>
#include <string>

namespace nncrt {

namespace {

int runInit(const CommandContext &context, const ParsedOptions &options) {
  const std::string &output = options.required("--output", "init");
  std::vector<Tensor> params;
  std::map<std::string, std::string> metadata = {{"model", context.model.name}};
  if (options.has("--from")) {
    if (options.has("--seed"))
      fail("init: --from takes the weights from a file; --seed has nothing to seed");
    std::string from = options.all("--from").back();
    params = paramsFromTorchStateDict(context.model, readSafeTensors(from), from);
    metadata["producer"] = "nnc init --from";
    metadata["from"] = from;
  } else {
    auto seed = uint64_t(options.integer("--seed", 0, 0, INT64_MAX));
    params = initializeParams(context.model, seed);
    metadata["producer"] = "nnc init";
    metadata["seed"] = std::to_string(seed);
  }
  int64_t count = 0;
  for (const Tensor &param : params)
    count += param.numElements();
  saveWeights(output, context.model, params, metadata);
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
      "Write initial weights to a safetensors file: seeded, or from PyTorch.",
      "Creates the model's weights as Keras initialises them (kernels\n"
      "Glorot-uniform, biases zero) and writes them to a safetensors file.\n"
      "The same seed always gives the same weights, on any machine.\n"
      "With --from, takes them instead from a PyTorch state_dict in\n"
      "safetensors (written by `export --torch`, or by PyTorch for the module\n"
      "of export's model.py), converting PyTorch's layouts to nnc's.\n"
      "\n"
      "Examples:\n"
      "  {exe} init --seed 42 --output weights.safetensors\n"
      "  {exe} init --from exported/model.safetensors --output weights.safetensors\n",
      {
          {"--seed", "S", "random seed, a non-negative integer (default 0)"},
          {"--from", "FILE", "a PyTorch state_dict (safetensors) to take the weights from"},
          {"--output", "FILE", "the safetensors file to write (required)"},
      },
      runInit,
  };
  return command;
}

} // namespace nncrt
