//===- TorchWeightsTest.cpp - A model's weights as a PyTorch state_dict ---===//
//
// A hand-made description of a GRU-like layer's PyTorch tensors, checked
// against the rearrangements worked out by hand: a transposed kernel with
// its gates reordered, the rows of a stacked bias, a zero second bias that
// adds back, a constant and a counter.
//
//===----------------------------------------------------------------------===//

#include "nncrt/TorchWeights.h"

#include "ErrorOf.h"

#include <gmock/gmock.h>
#include <cmath>
#include <gtest/gtest.h>

using namespace nncrt;
using namespace nncrt::test;
using ::testing::HasSubstr;

namespace {

// nnc's parameters: a kernel [2, 3] of three one-unit gates (z, r, h
// columns), a stacked bias [2, 3] and a plain bias [3].
const int64_t kKernelShape[] = {2, 3};
const int64_t kStackedShape[] = {2, 3};
const int64_t kBiasShape[] = {3};
const ParamSpec kParams[] = {
    {{"gru.kernel", 2, kKernelShape}, Initializer::GlorotUniform, 2, 3, false},
    {{"gru.bias", 2, kStackedShape}, Initializer::Zeros, 0, 0, false},
    {{"rnn.bias", 1, kBiasShape}, Initializer::Zeros, 0, 0, false},
};

// PyTorch's: weight [3, 2] (transposed) in gate order r, z, h; the bias's two
// rows, reordered the same way; rnn's bias and its zero twin; a scale of
// ones; a counter.
const int64_t kWeightShape[] = {3, 2};
const int64_t kRowShape[] = {3};
const int kTranspose[] = {1, 0};
const int kSame[] = {0};
const int kRzh[] = {1, 0, 2};
const TorchParamSpec kTorchParams[] = {
    {"gru.weight_ih_l0", "gru.kernel", 2, kWeightShape, TorchParamRole::Copy, -1, kTranspose, 0,
     kRzh, 3, 0.0f},
    {"gru.bias_ih_l0", "gru.bias", 1, kRowShape, TorchParamRole::Copy, 0, kSame, 0, kRzh, 3, 0.0f},
    {"gru.bias_hh_l0", "gru.bias", 1, kRowShape, TorchParamRole::Copy, 1, kSame, 0, kRzh, 3, 0.0f},
    {"rnn.bias_ih_l0", "rnn.bias", 1, kRowShape, TorchParamRole::Copy, -1, kSame, -1, nullptr, 0,
     0.0f},
    {"rnn.bias_hh_l0", "rnn.bias", 1, kRowShape, TorchParamRole::Addend, -1, kSame, -1, nullptr,
     0, 0.0f},
    {"norm.weight", nullptr, 1, kRowShape, TorchParamRole::Fill, -1, nullptr, -1, nullptr, 0,
     1.0f},
    {"norm.num_batches_tracked", nullptr, 0, nullptr, TorchParamRole::Counter, -1, nullptr, -1,
     nullptr, 0, 0.0f},
};

ModelDesc gruModel() {
  ModelDesc model{};
  model.name = "gru_like";
  model.params = kParams;
  model.numParams = 3;
  model.torchModule = "# model.py\n";
  model.torchParams = kTorchParams;
  model.numTorchParams = 7;
  return model;
}

std::vector<Tensor> gruWeights() {
  return {Tensor(Shape{2, 3}, {1, 2, 3,   // input 0: z, r, h
                               4, 5, 6}), // input 1
          Tensor(Shape{2, 3}, {10, 20, 30, 40, 50, 60}), Tensor(Shape{3}, {7, 8, 9})};
}

} // namespace

TEST(TorchWeightsTest, RearrangesToPyTorchsLayouts) {
  SafeTensorsFile file = torchStateDict(gruModel(), gruWeights());
  // Row g of the weight is gate g of r, z, h: Keras's columns 1, 0, 2.
  EXPECT_EQ(file.tensors.at("gru.weight_ih_l0").shape, (Shape{3, 2}));
  EXPECT_EQ(file.tensors.at("gru.weight_ih_l0").data, (std::vector<float>{2, 5, 1, 4, 3, 6}));
  EXPECT_EQ(file.tensors.at("gru.bias_ih_l0").data, (std::vector<float>{20, 10, 30}));
  EXPECT_EQ(file.tensors.at("gru.bias_hh_l0").data, (std::vector<float>{50, 40, 60}));
  EXPECT_EQ(file.tensors.at("rnn.bias_ih_l0").data, (std::vector<float>{7, 8, 9}));
  EXPECT_EQ(file.tensors.at("rnn.bias_hh_l0").data, (std::vector<float>{0, 0, 0}));
  EXPECT_EQ(file.tensors.at("norm.weight").data, (std::vector<float>{1, 1, 1}));
  EXPECT_EQ(file.int64Tensors.at("norm.num_batches_tracked").shape, Shape{});
  EXPECT_EQ(file.int64Tensors.at("norm.num_batches_tracked").data, (std::vector<int64_t>{0}));
}

TEST(TorchWeightsTest, ReadsBackWhatItWrote) {
  std::vector<Tensor> weights = gruWeights();
  SafeTensorsFile file =
      parseSafeTensors(encodeSafeTensors(torchStateDict(gruModel(), weights)), "m.st");
  std::vector<Tensor> back = paramsFromTorchStateDict(gruModel(), file, "m.st");
  ASSERT_EQ(back.size(), weights.size());
  for (size_t i = 0; i < weights.size(); ++i) {
    EXPECT_EQ(back[i].shape, weights[i].shape);
    EXPECT_EQ(back[i].data, weights[i].data);
  }
}

TEST(TorchWeightsTest, AddsTheTwoBiasesOfPyTorch) {
  SafeTensorsFile file = torchStateDict(gruModel(), gruWeights());
  file.tensors.at("rnn.bias_ih_l0").data = {1, 2, 3};
  file.tensors.at("rnn.bias_hh_l0").data = {0.5f, 0.25f, -3};
  // Constants and counters are PyTorch's business: any value, or none.
  file.tensors.at("norm.weight").data = {2, 2, 2};
  file.int64Tensors.clear();
  std::vector<Tensor> back = paramsFromTorchStateDict(gruModel(), file, "m.st");
  EXPECT_EQ(back[2].data, (std::vector<float>{1.5f, 2.25f, 0}));
}

TEST(TorchWeightsTest, Errors) {
  auto errorFor = [](auto change) {
    SafeTensorsFile file = torchStateDict(gruModel(), gruWeights());
    change(file);
    return errorOf([&] { paramsFromTorchStateDict(gruModel(), file, "m.st"); });
  };
  EXPECT_EQ(errorFor([](SafeTensorsFile &file) { file.tensors.erase("gru.bias_hh_l0"); }),
            "m.st: missing tensor 'gru.bias_hh_l0' (shape [3], PyTorch's layout of "
            "'gru.bias') of model 'gru_like'");
  EXPECT_EQ(errorFor([](SafeTensorsFile &file) {
              file.tensors["gru.weight_ih_l0"] = Tensor(Shape{2, 3});
            }),
            "m.st: tensor 'gru.weight_ih_l0' has shape [2, 3], expected [3, 2] (PyTorch's "
            "layout of 'gru.kernel')");
  EXPECT_EQ(errorFor([](SafeTensorsFile &file) { file.tensors["extra"] = Tensor(Shape{1}); }),
            "m.st: unexpected tensor 'extra': model 'gru_like' has no PyTorch tensor of that "
            "name");
  EXPECT_THAT(errorFor([](SafeTensorsFile &file) {
                file.tensors.at("rnn.bias_hh_l0").data[1] = std::nanf("");
              }),
              HasSubstr("rnn.bias_hh_l0"));

  ModelDesc withoutForm = gruModel();
  withoutForm.torchModule = nullptr;
  withoutForm.torchError = "layer 'x' (Foo) has no PyTorch form";
  EXPECT_EQ(errorOf([&] { torchStateDict(withoutForm, gruWeights()); }),
            "model 'gru_like' has no PyTorch form: layer 'x' (Foo) has no PyTorch form");
}
