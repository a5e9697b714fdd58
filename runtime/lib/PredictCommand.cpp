//===- PredictCommand.cpp - `exe predict` ----------------------------------===//

#include "nncrt/BatchLimits.h"
#include "nncrt/Checkpoint.h"
#include "nncrt/Classification.h"
#include "nncrt/Ensemble.h"
#include "nncrt/Error.h"
#include "nncrt/FileIO.h"
#include "nncrt/Forward.h"
#include "nncrt/ImageFolder.h"
#include "nncrt/Images.h"
#include "nncrt/Inputs.h"
#include "nncrt/Npy.h"
#include "nncrt/SafeTensors.h"
#include "nncrt/Subcommand.h"
#include "nncrt/Summary.h"
#include "nncrt/TrainingData.h"
#include "nncrt/Weights.h"

#include <algorithm>
#include <map>

namespace nncrt {

namespace {

/// One prediction per input row, from one model or an ensemble's vote.
std::vector<ClassPrediction> classify(const ModelDesc &model,
                                      std::vector<std::vector<Tensor>> &members,
                                      std::vector<Tensor> &inputs,
                                      int64_t batchSize,
                                      std::vector<Tensor> *outputs) {
  int64_t width = outputRowWidth(model, "predict");
  bool fromLogits = model.train && model.train->fromLogits;
  std::vector<Tensor> probabilities;
  for (std::vector<Tensor> &params : members) {
    std::vector<Tensor> memberOutputs = runForward(model, inputs, params, batchSize);
    probabilities.push_back(
        outputProbabilities(memberOutputs[0], width, fromLogits));
    if (outputs)
      *outputs = std::move(memberOutputs);
  }
  // A single model's vote is its own prediction.
  return majorityVote(probabilities);
}

/// A CSV cell: quoted when it holds a comma, a quote or a line break.
std::string csvField(const std::string &text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos)
    return text;
  std::string quoted = "\"";
  for (char c : text)
    quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

/// How the classes are shown: by the names the weights file holds (the
/// class folders of images data), and each sample by its file when the
/// input is a folder of images.
struct ClassLabels {
  std::vector<std::string> classNames;
  std::vector<std::string> sampleNames;
};

void writeClasses(const CommandContext &context, const ParsedOptions &options,
                  const std::vector<ClassPrediction> &predictions,
                  const ClassLabels &labels) {
  auto className = [&](int64_t label) {
    return size_t(label) < labels.classNames.size() ? labels.classNames[size_t(label)]
                                                    : std::string();
  };
  auto sampleName = [&](size_t i) {
    return i < labels.sampleNames.size() ? labels.sampleNames[i] : std::to_string(i);
  };
  bool named = !labels.classNames.empty();
  if (options.has("--classes")) {
    size_t width = 6;
    for (size_t i = 0; i < predictions.size(); ++i)
      width = std::max(width, sampleName(i).size());
    context.out << fmt::format("{:>{}}  class  probability{}\n", "sample", width,
                               named ? "  name" : "");
    for (size_t i = 0; i < predictions.size(); ++i) {
      double probability = predictions[i].probability;
      context.out << fmt::format("{:>{}}  {:>5}  {}\n", sampleName(i), width,
                                 predictions[i].label,
                                 named ? fmt::format("{:<11.4f}  {}", probability,
                                                     className(predictions[i].label))
                                       : fmt::format("{:.4f}", probability));
    }
  }
  if (options.has("--classes-output")) {
    const std::string &path = options.all("--classes-output").back();
    std::string text = named ? "class,probability,name\n" : "class,probability\n";
    for (const ClassPrediction &prediction : predictions)
      text += named ? fmt::format("{},{:.6g},{}\n", prediction.label, prediction.probability,
                                  csvField(className(prediction.label)))
                    : fmt::format("{},{:.6g}\n", prediction.label, prediction.probability);
    writeFileAtomically(path, text);
    context.out << fmt::format("wrote {} classes to {}\n", predictions.size(), path);
  }
}

int runPredict(const CommandContext &context, const ParsedOptions &options) {
  const ModelDesc &model = context.model;
  bool ensemble = options.has("--ensemble");
  bool classes = options.has("--classes") || options.has("--classes-output");
  if (ensemble && options.has("--weights"))
    fail("predict: give --weights FILE or --ensemble FILE..., not both");
  if (ensemble && options.has("--output"))
    fail("predict: --output writes one model's raw outputs; an ensemble "
         "writes its voted classes with --classes or --classes-output");
  if (ensemble && !classes)
    fail("predict: --ensemble votes on classes: add --classes or "
         "--classes-output FILE");
  if (!ensemble && !options.has("--weights"))
    fail("predict: missing required option --weights");
  if (!options.has("--input"))
    fail("predict: missing required option --input");
  if (!options.has("--output") && !classes)
    fail("predict: missing required option --output (or --classes, "
         "--classes-output for a classifier)");
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
  if (classes)
    outputRowWidth(model, "predict"); // one output of class scores

  // Check every file before the (possibly long) forward pass. The class
  // names come from the (first) weights file's metadata.
  ClassLabels labels;
  std::vector<std::vector<Tensor>> members;
  if (ensemble) {
    members = loadEnsembleMembers(options.all("--ensemble"), model, "predict");
    if (classes) {
      const std::string &first = options.all("--ensemble").front();
      labels.classNames = classNamesOf(readSafeTensors(first).metadata, first);
    }
  } else {
    const std::string &path = options.all("--weights").back();
    SafeTensorsFile file = readSafeTensors(path);
    labels.classNames = classNamesOf(file.metadata, path);
    members.push_back(weightsFromFile(path, std::move(file), model));
  }
  std::vector<Tensor> inputs;
  for (int i = 0; i < model.numInputs; ++i)
    inputs.push_back(readInput(inputFiles[i], model.inputs[i], inputFormatOf(model)));

  int64_t chunk = chunkSize(model, {BatchPipeline::Forward}, batchSize);
  if (!inputs.empty() && chunk < std::min(batchSize, inputs[0].batchSize()))
    context.err << fmt::format("note: the forward pipeline takes at most {} "
                               "samples per call (Halide's buffer limit); "
                               "running --batch {} in chunks of {}\n",
                               formatWithThousandsSeparators(chunk), batchSize,
                               formatWithThousandsSeparators(chunk));

  std::vector<Tensor> outputs;
  if (classes) {
    if (model.numInputs == 1 && isImageInput(inputFiles[0]) &&
        !hasImageExtension(inputFiles[0]))
      labels.sampleNames = listImageFiles(inputFiles[0]);
    writeClasses(context, options,
                 classify(model, members, inputs, batchSize, &outputs), labels);
  }
  else
    outputs = runForward(model, inputs, members[0], batchSize);
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
      "Run the model on input data: outputs as .npy files, or classes.",
      "Loads the weights, reads the inputs (N samples each), runs the model\n"
      "on them in batches and writes each output as a NumPy array of shape\n"
      "[N, ...]. Inputs are .npy files, CSV files with a header row, IDX files\n"
      "(.idx, -ubyte, .gz) as MNIST ships them (bytes scaled to [0, 1]), or a\n"
      "PNG/JPEG image or a folder of them, decoded and resized as images\n"
      "training data is (scaled as the model's data). A model with several\n"
      "inputs or outputs names them: --input NAME=FILE, --output NAME=FILE.\n"
      "\n"
      "Classifiers: --classes prints each input's predicted class and its\n"
      "probability (the softmax of logits when the loss is from_logits; one\n"
      "sigmoid unit means classes 0 and 1); --classes-output FILE writes them\n"
      "as CSV lines class,probability. A model trained on an image folder\n"
      "names its classes (the folders) too, and a folder input names each\n"
      "sample by its file. --ensemble FILE... predicts with several\n"
      "members (e.g. of `train --bagging`) by majority vote, ties going to the\n"
      "class with the highest mean probability; the probability shown is the\n"
      "members' mean probability of the chosen class.\n"
      "\n"
      "Examples:\n"
      "  {exe} predict --weights weights.safetensors \\\n"
      "      --input t10k-images-idx3-ubyte.gz --output predictions.npy\n"
      "  {exe} predict --weights w.safetensors --input a=a.npy --input b=b.npy \\\n"
      "      --output logits=logits.npy\n"
      "  {exe} predict --weights clf.ckpt.safetensors --input t10k-images-idx3-ubyte.gz \\\n"
      "      --classes-output classes.csv\n"
      "  {exe} predict --ensemble clf.ckpt.member0.safetensors clf.ckpt.member1.safetensors \\\n"
      "      clf.ckpt.member2.safetensors --input images.npy --classes\n",
      {
          {"--weights", "FILE", "safetensors file with the model's weights (required)"},
          {"--ensemble", "FILE...", "several members' weights: predict classes by majority vote",
           /*repeatable=*/true, /*manyValues=*/true},
          {"--input", "[NAME=]FILE", "input data, .npy, .csv or IDX (required, repeatable)",
           /*repeatable=*/true},
          {"--output", "[NAME=]FILE", ".npy file to write an output to (repeatable)",
           /*repeatable=*/true},
          {"--classes", nullptr, "print each input's predicted class and its probability"},
          {"--classes-output", "FILE", "write class,probability per input as CSV lines"},
          {"--batch", "N", "samples per forward call (default 256); bounds memory"},
      },
      runPredict,
  };
  return command;
}

} // namespace nncrt
