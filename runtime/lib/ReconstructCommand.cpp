//===- ReconstructCommand.cpp - `exe reconstruct` --------------------------===//

#include "nncrt/Error.h"
#include "nncrt/Forward.h"
#include "nncrt/ImageGrid.h"
#include "nncrt/Initializers.h"
#include "nncrt/Subcommand.h"
#include "nncrt/Trainer.h"
#include "nncrt/TrainingData.h"
#include "nncrt/Weights.h"

namespace nncrt {

namespace {

int runReconstruct(const CommandContext &context, const ParsedOptions &options) {
  const ModelDesc &model = context.model;
  if (!model.train || !model.train->targetInput || model.numInputs != 1 ||
      model.numOutputs != 1)
    fail("reconstruct: model '{}' does not learn to reproduce its input "
         "(its train block's target is not the input)",
         model.name);
  Shape image = specShape(model.inputs[0]);
  if (image.size() == 2)
    image.push_back(1);
  if (image.size() != 3 || (image[2] != 1 && image[2] != 3))
    fail("reconstruct: input '{}' of shape {} is not an image [height, "
         "width, 1 or 3 channels]",
         model.inputs[0].name, formatShape(specShape(model.inputs[0])));
  if (numElements(specShape(model.outputs[0])) != numElements(image))
    fail("reconstruct: output '{}' of shape {} is not an image like the input",
         model.outputs[0].name, formatShape(specShape(model.outputs[0])));

  std::string weightsPath = chooseWeightsFile(model, options, "reconstruct");
  int64_t count = options.integer("--count", 10, 1, 1000);
  std::string output =
      options.has("--output") ? options.all("--output").back() : "recon.png";
  std::string dir = options.has("--data") ? options.all("--data").back()
                                          : defaultTrainSettings(model).dataDir;
  std::vector<Tensor> params = loadWeights(weightsPath, model);
  DataSplit test = loadTestImages(model, dir, count);

  Shape batchShape = specShape(model.inputs[0]);
  batchShape.insert(batchShape.begin(), test.count);
  std::vector<Tensor> inputs = {Tensor(batchShape)};
  std::vector<int64_t> rows(size_t(test.count));
  for (int64_t i = 0; i < test.count; ++i)
    rows[size_t(i)] = i;
  Tensor unusedTarget;
  gatherBatch(model, test, rows.data(), test.count, inputs[0], unusedTarget);
  std::vector<Tensor> outputs = runForward(model, inputs, params);

  Shape gridShape = image;
  gridShape.insert(gridShape.begin(), test.count);
  std::vector<Tensor> gridRows = {Tensor(gridShape, std::move(inputs[0].data)),
                                  Tensor(gridShape, std::move(outputs[0].data))};
  writeImageGridPng(output, gridRows);
  context.out << fmt::format("wrote {} test images (top) and their "
                             "reconstructions (bottom) to {}\n",
                             test.count, output);
  return 0;
}

} // namespace

const Subcommand &reconstructSubcommand() {
  static const Subcommand command = {
      "reconstruct",
      "Draw test images and the model's reconstructions as a PNG grid.",
      "For a model trained to reproduce its input (an autoencoder): runs it\n"
      "on the first --count test images of the data folder and writes a PNG\n"
      "with the originals on the top row and the model's outputs below,\n"
      "each scaled up 2x (greyscale for 1 channel, RGB for 3).\n"
      "\n"
      "Example:\n"
      "  {exe} reconstruct --count 10 --output recon.png\n",
      {
          {"--weights", "FILE", "weights or checkpoint to use"},
          {"--checkpoint", "FILE", "same as --weights (default <model>.ckpt.safetensors)"},
          {"--count", "N", "how many test images (default 10)"},
          {"--output", "FILE", "the PNG to write (default recon.png)"},
          {"--data", "DIR", "folder with t10k-images-idx3-ubyte[.gz], or of the npy data's arrays (its validation samples; default: the train block's data)"},
      },
      runReconstruct,
  };
  return command;
}

} // namespace nncrt
