//===- ExportCommand.cpp - `exe export` -----------------------------------===//

#include "nncrt/Error.h"
#include "nncrt/FileIO.h"
#include "nncrt/OnnxModel.h"
#include "nncrt/Subcommand.h"
#include "nncrt/Weights.h"

namespace nncrt {

namespace {

int runExport(const CommandContext &context, const ParsedOptions &options) {
  const ModelDesc &model = context.model;
  if (!options.has("--onnx"))
    fail("export: say what to write: --onnx FILE");
  std::string output = options.all("--onnx").back();
  std::string weightsPath = chooseWeightsFile(model, options, "export");
  std::vector<Tensor> params = loadWeights(weightsPath, model);
  std::string bytes = onnxModelWithWeights(model, params);
  writeFileAtomically(output, bytes);
  context.out << fmt::format("wrote {} ({} bytes): '{}' with the weights of {}, ONNX opset 17\n",
                             output, bytes.size(), model.name, weightsPath);
  return 0;
}

} // namespace

const Subcommand &exportSubcommand() {
  static const Subcommand command = {
      "export",
      "Write the trained model for other frameworks (ONNX).",
      "Writes the model's forward graph in inference mode (Dropout removed,\n"
      "BatchNormalization with its moving statistics) with the trained\n"
      "weights, as an ONNX model of opset 17 that ONNX Runtime runs. Inputs\n"
      "and outputs keep their names and Keras's layout (images NHWC); the\n"
      "batch dimension is dynamic. The file is checked by ONNX's checker\n"
      "before it is written, and written whole or not at all.\n"
      "\n"
      "Examples:\n"
      "  {exe} export --onnx model.onnx\n"
      "  {exe} export --onnx model.onnx --weights best.safetensors\n",
      {
          {"--onnx", "FILE", "the ONNX model to write"},
          {"--weights", "FILE", "weights to export (default: the training checkpoint)"},
          {"--checkpoint", "FILE", "a training checkpoint to take the weights from"},
      },
      runExport,
  };
  return command;
}

} // namespace nncrt
