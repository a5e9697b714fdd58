//===- ExportCommand.cpp - `exe export` -----------------------------------===//

#include "nncrt/Error.h"
#include "nncrt/FileIO.h"
#include "nncrt/OnnxModel.h"
#include "nncrt/SafeTensors.h"
#include "nncrt/Subcommand.h"
#include "nncrt/TorchWeights.h"
#include "nncrt/Weights.h"

#include <filesystem>
#include <utility>
#include <system_error>

namespace nncrt {

namespace {

/// DIR/model.py and DIR/model.safetensors, DIR made where it is missing;
/// returns their paths.
std::pair<std::string, std::string> writeModelFolder(const std::string &directory,
                                                     const std::string &source,
                                                     const std::string &weights) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error || !std::filesystem::is_directory(directory))
    fail("export: cannot make the folder {}: {}", directory,
         error ? error.message() : "a file of that name is in the way");
  std::string moduleFile = (std::filesystem::path(directory) / "model.py").string();
  std::string weightsFile = (std::filesystem::path(directory) / "model.safetensors").string();
  writeFileAtomically(weightsFile, weights);
  writeFileAtomically(moduleFile, source);
  return {moduleFile, weightsFile};
}

void exportTorch(const CommandContext &context, const std::string &directory,
                 const std::vector<Tensor> &params, const std::string &weightsPath) {
  const ModelDesc &model = context.model;
  // The contents first: a model without a PyTorch form writes nothing.
  std::string weights = encodeSafeTensors(torchStateDict(model, params));
  auto [moduleFile, weightsFile] = writeModelFolder(directory, model.torchModule, weights);
  context.out << fmt::format("wrote {} and {}: '{}' with the weights of {}, as a PyTorch "
                             "module and its state_dict ({} tensors)\n",
                             moduleFile, weightsFile, model.name, weightsPath,
                             model.numTorchParams);
}

void exportKeras(const CommandContext &context, const std::string &directory,
                 const std::vector<Tensor> &params, const std::string &weightsPath) {
  const ModelDesc &model = context.model;
  if (!model.kerasModule)
    fail("model '{}' has no Keras form: {}", model.name,
         model.kerasError ? model.kerasError : "this executable predates the Keras export");
  SafeTensorsFile file;
  for (int i = 0; i < model.numParams; ++i)
    file.tensors[model.params[i].tensor.name] = params[size_t(i)];
  file.metadata = {{"model", model.name}, {"producer", "nnc export --keras"}};
  auto [moduleFile, weightsFile] =
      writeModelFolder(directory, model.kerasModule, encodeSafeTensors(file));
  context.out << fmt::format("wrote {} and {}: '{}' with the weights of {}, as a Keras 3 "
                             "model and its weights\n",
                             moduleFile, weightsFile, model.name, weightsPath);
}

int runExport(const CommandContext &context, const ParsedOptions &options) {
  const ModelDesc &model = context.model;
  if (!options.has("--onnx") && !options.has("--torch") && !options.has("--keras"))
    fail("export: say what to write: --onnx FILE, --torch DIR or --keras DIR");
  std::string weightsPath = chooseWeightsFile(model, options, "export");
  std::vector<Tensor> params = loadWeights(weightsPath, model);
  if (options.has("--onnx")) {
    std::string output = options.all("--onnx").back();
    std::string bytes = onnxModelWithWeights(model, params);
    writeFileAtomically(output, bytes);
    context.out << fmt::format(
        "wrote {} ({} bytes): '{}' with the weights of {}, ONNX opset 17\n", output,
        bytes.size(), model.name, weightsPath);
  }
  if (options.has("--torch"))
    exportTorch(context, options.all("--torch").back(), params, weightsPath);
  if (options.has("--keras"))
    exportKeras(context, options.all("--keras").back(), params, weightsPath);
  return 0;
}

} // namespace

const Subcommand &exportSubcommand() {
  static const Subcommand command = {
      "export",
      "Write the trained model for other frameworks (ONNX, PyTorch, Keras).",
      "--onnx writes the model's forward graph in inference mode (Dropout\n"
      "removed, BatchNormalization with its moving statistics) with the\n"
      "trained weights, as an ONNX model of opset 17 that ONNX Runtime runs.\n"
      "Inputs and outputs keep their names and Keras's layout (images NHWC);\n"
      "the batch dimension is dynamic. The file is checked by ONNX's checker\n"
      "before it is written.\n"
      "\n"
      "--torch writes DIR/model.py, the same model as a torch.nn.Module (its\n"
      "inputs and outputs in the same layout), and DIR/model.safetensors, its\n"
      "state_dict in PyTorch's layouts (OIHW conv kernels, (out, in) linear\n"
      "weights, recurrent weights per gate in PyTorch's order):\n"
      "  model = Model(); model.load_state_dict(safetensors.torch.load_file(...))\n"
      "`init --from` reads such a state_dict back.\n"
      "\n"
      "--keras writes DIR/model.py, which builds the same model with Keras 3's\n"
      "functional API, and DIR/model.safetensors, the weights in Keras's\n"
      "layouts, which its load() sets. Every file is written whole or not at\n"
      "all.\n"
      "\n"
      "Examples:\n"
      "  {exe} export --onnx model.onnx\n"
      "  {exe} export --onnx model.onnx --weights best.safetensors\n"
      "  {exe} export --torch exported/\n"
      "  {exe} export --keras exported-keras/\n",
      {
          {"--onnx", "FILE", "the ONNX model to write"},
          {"--torch", "DIR", "the folder to write the PyTorch module and state_dict to"},
          {"--keras", "DIR", "the folder to write the Keras model and weights to"},
          {"--weights", "FILE", "weights to export (default: the training checkpoint)"},
          {"--checkpoint", "FILE", "a training checkpoint to take the weights from"},
      },
      runExport,
  };
  return command;
}

} // namespace nncrt
