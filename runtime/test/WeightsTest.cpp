//===- WeightsTest.cpp - A model's parameters in a safetensors file -------===//

#include "nncrt/Weights.h"

#include "ErrorOf.h"
#include "FakeModel.h"
#include "TempDir.h"
#include "nncrt/SafeTensors.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace nncrt;
using namespace nncrt::test;
using ::testing::HasSubstr;

namespace {

SafeTensorsFile affineWeights() {
  SafeTensorsFile file;
  file.tensors["affine.scale"] = Tensor(Shape{3}, {1, 2, 3});
  file.tensors["affine.bias"] = Tensor(Shape{3}, {4, 5, 6});
  return file;
}

} // namespace

TEST(WeightsTest, LoadsInModelOrder) {
  TempDir dir;
  writeSafeTensors(dir.file("w.safetensors"), affineWeights());
  std::vector<Tensor> params = loadWeights(dir.file("w.safetensors"), affineModel());
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(params[0].data, (std::vector<float>{1, 2, 3})); // affine.scale
  EXPECT_EQ(params[1].data, (std::vector<float>{4, 5, 6})); // affine.bias
}

TEST(WeightsTest, SaveThenLoad) {
  TempDir dir;
  std::vector<Tensor> params = {Tensor(Shape{3}, {0.5f, -1, 2}),
                                Tensor(Shape{3}, {0, 0, 1})};
  saveWeights(dir.file("w.safetensors"), affineModel(), params, {{"seed", "3"}});
  std::vector<Tensor> read = loadWeights(dir.file("w.safetensors"), affineModel());
  EXPECT_EQ(read[0].data, params[0].data);
  EXPECT_EQ(read[1].data, params[1].data);
  EXPECT_EQ(readSafeTensors(dir.file("w.safetensors")).metadata.at("seed"), "3");
  EXPECT_THAT(errorOf([&] {
                saveWeights(dir.file("x.safetensors"), affineModel(),
                            {Tensor(Shape{3})});
              }),
              HasSubstr("has 2 parameters, got 1 tensors"));
}

TEST(WeightsTest, Errors) {
  TempDir dir;
  std::string path = dir.file("w.safetensors");
  auto loadError = [&](const SafeTensorsFile &file) {
    writeSafeTensors(path, file);
    return errorOf([&] { loadWeights(path, affineModel()); });
  };

  SafeTensorsFile missing = affineWeights();
  missing.tensors.erase("affine.bias");
  EXPECT_THAT(loadError(missing),
              HasSubstr(path + ": missing tensor 'affine.bias' (expected shape "
                               "[3]) of model 'affine'"));

  SafeTensorsFile wrongShape = affineWeights();
  wrongShape.tensors["affine.scale"] = Tensor(Shape{3, 1});
  EXPECT_THAT(loadError(wrongShape),
              HasSubstr("tensor 'affine.scale' has shape [3, 1], expected [3]"));

  SafeTensorsFile extra = affineWeights();
  extra.tensors["affine.sclae"] = Tensor(Shape{3});
  EXPECT_THAT(loadError(extra),
              HasSubstr("unexpected tensor 'affine.sclae': model 'affine' has "
                        "no parameter of that name"));

  EXPECT_THAT(errorOf([&] { loadWeights(dir.file("none.safetensors"), affineModel()); }),
              HasSubstr("none.safetensors: cannot open"));
}
