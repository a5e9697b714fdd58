//===- PredictCommand.cpp - `exe predict` ----------------------------------===//

#include "nncrt/Error.h"
#include "nncrt/FileIO.h"
#include "nncrt/Forward.h"
#include "nncrt/Inputs.h"
#include "nncrt/Npy.h"
#include "nncrt/Subcommand.h"
#include "nncrt/Weights.h"

#include <algorithm>
#include <map>

namespace nncrt {

namespace {

int runPredict(const CommandContext &context, const ParsedOptions &options) {
  const ModelDesc &model = context.model;
  const std::string &weightsPath = options.required("--weights", "predict");
  if (!options.has("--input"))
    fail("predict: missing required option --input");
  if (!options.has("--output"))
    fail("predict: missing required option --output");
  int64_t batchSize = options.integer("--batch", kDefaultBatchSize, 1, 1 << 20);

  auto inputFiles = bindInputFiles(options.all("--input"), model.inputs,
                                   model.numInputs, "--input", "input", "predict");
  for (int i = 0; i < model.numInputs; ++i)
    if (!inputFiles.count(i))
      fail("predict: missing --input {}=FILE", model.inputs[i].name);
  auto outputFiles = bindInputFiles(options.all("--output"), model.outputs,
                                    model.numOutputs, "--output", "output",
                                    "predict");
  for (const auto &[index, file] : outputFiles)
    if (!endsWith(file, ".npy"))
      fail("predict: output file '{}' must end in .npy (outputs are written "
           "as NumPy arrays)",
           file);

  // Check every file before the (possibly long) forward pass.
  std::vector<Tensor> params = loadWeights(weightsPath, model);
  std::vector<Tensor> inputs;
  for (int i = 0; i < model.numInputs; ++i)
    inputs.push_back(readInput(inputFiles[i], model.inputs[i]));

  std::vector<Tensor> outputs = runForward(model, inputs, params, batchSize);
  for (const auto &[index, file] : outputFiles) {
    writeNpy(file, outputs[size_t(index)]);
    context.out << fmt::format("wrote {} {} to {}\n", model.outputs[index].name,
                               formatShape(outputs[size_t(index)].shape), file);
  }
  return 0;
}

} // namespace

const Subcommand &predictSubcommand() {
  static const Subcommand command = {
      "predict",
      "Run the model on input data and write its outputs as .npy files.",
      "Loads the weights, reads the inputs (N samples each), runs the model\n"
      "on them in batches and writes each output as a NumPy array of shape\n"
      "[N, ...]. Inputs are .npy files or IDX files (.idx, -ubyte, .gz) as\n"
      "MNIST ships them; IDX bytes are scaled to [0, 1]. A model with several\n"
      "inputs or outputs names them: --input NAME=FILE, --output NAME=FILE.\n"
      "\n"
      "Examples:\n"
      "  {exe} predict --weights weights.safetensors \\\n"
      "      --input t10k-images-idx3-ubyte.gz --output predictions.npy\n"
      "  {exe} predict --weights w.safetensors --input a=a.npy --input b=b.npy \\\n"
      "      --output logits=logits.npy\n",
      {
          {"--weights", "FILE", "safetensors file with the model's weights (required)"},
          {"--input", "[NAME=]FILE", "input data, .npy or IDX (required, repeatable)",
           /*repeatable=*/true},
          {"--output", "[NAME=]FILE", ".npy file to write an output to (required, repeatable)",
           /*repeatable=*/true},
          {"--batch", "N", "samples per forward call (default 256); bounds memory"},
      },
      runPredict,
  };
  return command;
}

} // namespace nncrt
