//===- OnnxModel.cpp - A trained model as an ONNX file -------------------===//

#include "nncrt/OnnxModel.h"

#include "nncrt/Error.h"

#include <onnx/checker.h>
#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>

#include <map>

namespace nncrt {

std::string onnxModelWithWeights(const ModelDesc &model, const std::vector<Tensor> &params) {
  if (!model.onnxModel)
    fail("model '{}' has no ONNX form: {}", model.name,
         model.onnxError ? model.onnxError : "it was built by an nnc without ONNX export");
  onnx::ModelProto proto;
  if (!proto.ParseFromArray(model.onnxModel, int(model.onnxModelSize)))
    fail("internal: the ONNX graph built into this program does not parse");
  onnx::GraphProto &graph = *proto.mutable_graph();

  std::map<std::string, size_t> paramIndex;
  for (int i = 0; i < model.numParams; ++i)
    paramIndex[model.params[i].tensor.name] = size_t(i);
  google::protobuf::RepeatedPtrField<onnx::ValueInfoProto> inputs;
  size_t initialized = 0;
  for (const onnx::ValueInfoProto &input : graph.input()) {
    auto it = paramIndex.find(input.name());
    if (it == paramIndex.end()) {
      *inputs.Add() = input;
      continue;
    }
    const Tensor &values = params[it->second];
    onnx::TensorProto &initializer = *graph.add_initializer();
    initializer.set_name(input.name());
    initializer.set_data_type(onnx::TensorProto::FLOAT);
    for (int64_t dim : values.shape)
      initializer.add_dims(dim);
    // raw_data is little-endian, as this machine's floats.
    initializer.set_raw_data(values.data.data(), values.data.size() * sizeof(float));
    ++initialized;
  }
  if (initialized != params.size())
    fail("internal: the ONNX graph of '{}' has {} of its {} parameters as inputs",
         model.name, initialized, params.size());
  graph.mutable_input()->Swap(&inputs);

  // ONNX's own checks: a graph they refuse is a bug of the export, better
  // found here than by whoever loads the file.
  try {
    onnx::checker::check_model(proto);
    onnx::shape_inference::InferShapes(proto, onnx::OpSchemaRegistry::Instance(),
                                       onnx::ShapeInferenceOptions(true, 1));
  } catch (const std::exception &error) {
    fail("internal: the ONNX model of '{}' fails ONNX's checks: {}", model.name,
         error.what());
  }
  std::string bytes;
  if (!proto.SerializeToString(&bytes))
    fail("internal: cannot serialize the ONNX model of '{}' ({} bytes of weights; "
         "protobuf's limit is 2 GiB)",
         model.name, proto.ByteSizeLong());
  return bytes;
}

} // namespace nncrt
