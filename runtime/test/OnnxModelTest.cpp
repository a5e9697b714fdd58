//===- OnnxModelTest.cpp - A trained model as an ONNX file ----------------===//
//
// The embedded graph's parameter inputs become initializers with the
// weights' exact bytes; the model's own inputs stay inputs; ONNX's checker
// runs on the result; a model without an ONNX form says why.
//
//===----------------------------------------------------------------------===//

#include "nncrt/OnnxModel.h"

#include "ErrorOf.h"
#include "FakeModel.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <onnx/onnx_pb.h>

#include <cstring>

using namespace nncrt;
using namespace nncrt::test;
using ::testing::HasSubstr;

namespace {

void addFloatInput(onnx::GraphProto &graph, const std::string &name,
                   std::vector<int64_t> dims) {
  onnx::ValueInfoProto &input = *graph.add_input();
  input.set_name(name);
  auto &tensor = *input.mutable_type()->mutable_tensor_type();
  tensor.set_elem_type(onnx::TensorProto::FLOAT);
  for (int64_t dim : dims) {
    if (dim < 0)
      tensor.mutable_shape()->add_dim()->set_dim_param("batch");
    else
      tensor.mutable_shape()->add_dim()->set_dim_value(dim);
  }
}

/// The graph nnc would embed for "affine" (y = scale * x + bias): x and the
/// two parameters as inputs; `broken` reads a value nothing defines.
std::string affineGraph(bool broken = false) {
  onnx::ModelProto model;
  model.set_ir_version(8);
  model.add_opset_import()->set_version(17);
  onnx::GraphProto &graph = *model.mutable_graph();
  graph.set_name("affine");
  addFloatInput(graph, "x", {-1, 3});
  addFloatInput(graph, "affine.scale", {3});
  addFloatInput(graph, "affine.bias", {3});
  onnx::NodeProto &scale = *graph.add_node();
  scale.set_op_type("Mul");
  scale.add_input("x");
  scale.add_input(broken ? "nowhere" : "affine.scale");
  scale.add_output("scaled");
  onnx::NodeProto &bias = *graph.add_node();
  bias.set_op_type("Add");
  bias.add_input("scaled");
  bias.add_input("affine.bias");
  bias.add_output("y");
  addFloatInput(graph, "y", {-1, 3});
  *graph.add_output() = graph.input(3);
  graph.mutable_input()->RemoveLast();
  return model.SerializeAsString();
}

ModelDesc withGraph(const std::string &bytes) {
  ModelDesc desc = affineModel();
  desc.onnxModel = bytes.data();
  desc.onnxModelSize = int64_t(bytes.size());
  desc.onnxError = nullptr;
  return desc;
}

} // namespace

TEST(OnnxModelTest, ParametersBecomeInitializersWithTheirBytes) {
  std::string graph = affineGraph();
  Tensor scale(Shape{3}), bias(Shape{3});
  scale.data = {1.5f, -2.0f, 0.1f};
  bias.data = {0.0f, 3.25f, -1e-8f};
  onnx::ModelProto model;
  ASSERT_TRUE(model.ParseFromString(onnxModelWithWeights(withGraph(graph), {scale, bias})));
  ASSERT_EQ(model.graph().input_size(), 1);
  EXPECT_EQ(model.graph().input(0).name(), "x");
  ASSERT_EQ(model.graph().initializer_size(), 2);
  for (const auto &[name, values] : {std::pair{"affine.scale", &scale}, {"affine.bias", &bias}}) {
    auto it = std::find_if(model.graph().initializer().begin(),
                           model.graph().initializer().end(),
                           [&](const onnx::TensorProto &t) { return t.name() == name; });
    ASSERT_NE(it, model.graph().initializer().end()) << name;
    EXPECT_EQ(it->data_type(), onnx::TensorProto::FLOAT);
    ASSERT_EQ(it->dims_size(), 1);
    EXPECT_EQ(it->dims(0), 3);
    ASSERT_EQ(it->raw_data().size(), 3 * sizeof(float));
    EXPECT_EQ(std::memcmp(it->raw_data().data(), values->data.data(), 3 * sizeof(float)), 0);
  }
}

TEST(OnnxModelTest, ChecksTheModelAndSaysWhyThereIsNone) {
  std::string broken = affineGraph(/*broken=*/true);
  Tensor three(Shape{3});
  EXPECT_THAT(errorOf([&] { onnxModelWithWeights(withGraph(broken), {three, three}); }),
              HasSubstr("the ONNX model of 'affine' fails ONNX's checks"));
  ModelDesc none = affineModel();
  none.onnxModel = nullptr;
  none.onnxError = "layer 'odd' (Odd) has no ONNX form";
  EXPECT_THAT(errorOf([&] { onnxModelWithWeights(none, {three, three}); }),
              HasSubstr("model 'affine' has no ONNX form: layer 'odd' (Odd) has no ONNX form"));
}
