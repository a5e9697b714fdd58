//===- Forward.cpp - Running a model's forward pipeline over a dataset -----===//

#include "nncrt/Forward.h"

#include "nncrt/BatchLimits.h"
#include "nncrt/Error.h"
#include "nncrt/Initializers.h"
#include "nncrt/PipelineErrors.h"

#include <algorithm>

namespace nncrt {

namespace {

void checkShapes(const ModelDesc &model, const std::vector<Tensor> &inputs,
                 const std::vector<Tensor> &params) {
  if (inputs.size() != size_t(model.numInputs))
    fail("model '{}' takes {} inputs, got {}", model.name, model.numInputs,
         inputs.size());
  if (params.size() != size_t(model.numParams))
    fail("model '{}' has {} parameters, got {}", model.name, model.numParams,
         params.size());
  for (int i = 0; i < model.numInputs; ++i) {
    const Tensor &input = inputs[i];
    Shape expected = specShape(model.inputs[i]);
    expected.insert(expected.begin(), input.batchSize());
    if (input.shape.empty() || input.shape != expected)
      fail("input '{}' has shape {}, expected {}", model.inputs[i].name,
           formatShape(input.shape), formatShape(expected, "N"));
    if (inputs[i].batchSize() != inputs[0].batchSize())
      fail("input '{}' has {} rows but input '{}' has {}", model.inputs[i].name,
           inputs[i].batchSize(), model.inputs[0].name, inputs[0].batchSize());
  }
  for (int i = 0; i < model.numParams; ++i)
    if (params[i].shape != specShape(model.params[i].tensor))
      fail("parameter '{}' has shape {}, expected {}",
           model.params[i].tensor.name, formatShape(params[i].shape),
           formatShape(specShape(model.params[i].tensor)));
}

} // namespace

std::vector<Tensor> runForward(const ModelDesc &model,
                               std::vector<Tensor> &inputs,
                               std::vector<Tensor> &params, int64_t batchSize) {
  if (batchSize <= 0)
    fail("batch size must be positive, got {}", batchSize);
  if (model.numInputs == 0)
    fail("model '{}' has no inputs", model.name);
  checkShapes(model, inputs, params);
  // Outputs are per sample: chunks of any size give the same result.
  batchSize = chunkSize(model, {BatchPipeline::Forward}, batchSize);

  int64_t rows = inputs[0].batchSize();
  std::vector<Tensor> outputs;
  for (int i = 0; i < model.numOutputs; ++i) {
    Shape shape = specShape(model.outputs[i]);
    shape.insert(shape.begin(), rows);
    outputs.emplace_back(shape);
  }

  // Parameters are the same for every slice.
  std::vector<HalideBufferView> paramViews;
  for (Tensor &param : params)
    paramViews.push_back(wrapTensor(param));

  for (int64_t first = 0; first < rows; first += batchSize) {
    int64_t count = std::min(batchSize, rows - first);
    std::vector<HalideBufferView> inputViews, outputViews;
    for (Tensor &input : inputs)
      inputViews.push_back(wrapBatchSlice(input, first, count));
    for (Tensor &output : outputs)
      outputViews.push_back(wrapBatchSlice(output, first, count));
    try {
      forwardBatch(model, inputViews, paramViews, outputViews);
    } catch (const Error &error) {
      fail("{} (rows {} to {})", error.what(), first, first + count - 1);
    }
  }
  return outputs;
}

void forwardBatch(const ModelDesc &model, std::vector<HalideBufferView> &inputs,
                  std::vector<HalideBufferView> &params,
                  std::vector<HalideBufferView> &outputs) {
  // Argument order: inputs, params, outputs.
  std::vector<void *> args;
  for (HalideBufferView &view : inputs)
    args.push_back(view.get());
  for (HalideBufferView &view : params)
    args.push_back(view.get());
  for (HalideBufferView &view : outputs)
    args.push_back(view.get());
  int status = model.forward(args.data());
  if (status != 0)
    failPipelineCall("forward pipeline", status);
}

} // namespace nncrt
