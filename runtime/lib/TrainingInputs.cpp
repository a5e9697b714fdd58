//===- TrainingInputs.cpp - One batch from files ---------------------------===//

#include "nncrt/TrainingInputs.h"

#include "nncrt/Error.h"
#include "nncrt/Initializers.h"
#include "nncrt/Inputs.h"
#include "nncrt/TrainingData.h"

#include <cstring>

namespace nncrt {

BatchViews FileBatch::views() {
  std::vector<HalideBufferView> inputViews;
  for (Tensor &input : inputs)
    inputViews.push_back(wrapTensor(input));
  HalideBufferView targetView =
      targetInput >= 0 ? inputViews[size_t(targetInput)] : wrapTensor(target);
  return BatchViews{inputViews, targetView};
}

FileBatch readFileBatch(const ModelDesc &model, const ParsedOptions &options,
                        const char *command) {
  const TrainDesc &train = requireTrainDesc(model, command);
  if (!options.has("--input"))
    fail("{}: missing required option --input", command);
  auto files = bindInputFiles(options.all("--input"), model.inputs,
                              model.numInputs, "--input", "input", command);
  FileBatch batch;
  for (int i = 0; i < model.numInputs; ++i) {
    if (!files.count(i))
      fail("{}: missing --input {}=FILE", command, model.inputs[i].name);
    batch.inputs.push_back(readInput(files[i], model.inputs[i], inputFormatOf(model)));
    if (batch.inputs[i].batchSize() != batch.inputs[0].batchSize())
      fail("{}: {} has {} samples but {} has {}", command, files[i],
           batch.inputs[i].batchSize(), files[0], batch.inputs[0].batchSize());
  }
  if (batch.inputs.empty() || batch.inputs[0].batchSize() == 0)
    fail("{}: the input holds no samples", command);

  if (train.targetInput) {
    for (int i = 0; i < model.numInputs; ++i)
      if (std::strcmp(model.inputs[i].name, train.targetInput) == 0)
        batch.targetInput = i;
    if (batch.targetInput < 0)
      fail("{}: model '{}' names target input '{}', which it does not have",
           command, model.name, train.targetInput);
    if (options.has("--target"))
      fail("{}: model '{}' learns to reproduce its input '{}'; --target is "
           "not used",
           command, model.name, train.targetInput);
    return batch;
  }
  const std::string &targetPath = options.required("--target", command);
  batch.target = readInput(targetPath, train.target);
  if (batch.target.batchSize() != batch.inputs[0].batchSize())
    fail("{}: {} has {} targets for {} input samples", command, targetPath,
         batch.target.batchSize(), batch.inputs[0].batchSize());
  return batch;
}

} // namespace nncrt
