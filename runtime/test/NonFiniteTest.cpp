//===- NonFiniteTest.cpp - NaN and infinity refused where files are read --===//

#include "nncrt/NonFinite.h"

#include "ErrorOf.h"
#include "FakeModel.h"
#include "FakeTrainModels.h"
#include "TempDir.h"
#include "nncrt/Checkpoint.h"
#include "nncrt/Initializers.h"
#include "nncrt/Inputs.h"
#include "nncrt/Npy.h"
#include "nncrt/SafeTensors.h"
#include "nncrt/TrainingPipelines.h"
#include "nncrt/Weights.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace nncrt;
using namespace nncrt::test;
using ::testing::HasSubstr;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInfinity = std::numeric_limits<float>::infinity();

} // namespace

TEST(NonFiniteTest, FindsTheFirstAndCountsAll) {
  Tensor tensor(Shape{2, 3}, {0, 1, kInfinity, 3, kNaN, -kInfinity});
  NonFiniteValues found = findNonFinite(tensor);
  EXPECT_EQ(found.count, 3);
  EXPECT_EQ(found.firstIndex, 2);
  EXPECT_EQ(found.firstValue, kInfinity);
  EXPECT_EQ(describeNonFinite(found, tensor.shape),
            "3 non-finite values (the first, inf, at [0, 2])");
  EXPECT_EQ(formatPosition(Shape{2, 3, 4}, 23), "[1, 2, 3]");
  EXPECT_EQ(findNonFinite(Tensor(Shape{2}, {1, -2})).count, 0);
}

TEST(NonFiniteTest, WeightsAreRefusedWithTheirTensorName) {
  TempDir dir;
  std::string path = dir.file("w.safetensors");
  SafeTensorsFile file;
  file.tensors["affine.scale"] = Tensor(Shape{3}, {1, 2, 3});
  file.tensors["affine.bias"] = Tensor(Shape{3}, {4, kNaN, 6});
  writeSafeTensors(path, file);
  EXPECT_EQ(errorOf([&] { loadWeights(path, affineModel()); }),
            path + ": tensor 'affine.bias' holds 1 non-finite value (the "
                   "first, nan, at [1]); parameters and optimizer state must "
                   "be finite");
}

TEST(NonFiniteTest, CheckpointsAreRefusedBeforeTheyResume) {
  TempDir dir;
  std::string path = dir.file("c.safetensors");
  Checkpoint checkpoint;
  checkpoint.params = initializeParams(linregModel(), 3);
  checkpoint.state = zerosLikeState(linregModel());
  checkpoint.progress.batch = 4;
  for (float &value : checkpoint.params[0].data)
    value = kNaN;
  saveCheckpoint(path, linregModel(), checkpoint);
  EXPECT_EQ(errorOf([&] { loadCheckpoint(path, linregModel()); }),
            path + ": tensor 'linreg.kernel' holds 4 non-finite values (the "
                   "first, nan, at [0]); parameters and optimizer state must "
                   "be finite");

  // The optimizer state too: it would turn the next update into NaN.
  checkpoint.params = initializeParams(linregModel(), 3);
  checkpoint.state[1].data[0] = -kInfinity;
  saveCheckpoint(path, linregModel(), checkpoint);
  EXPECT_THAT(errorOf([&] { loadCheckpoint(path, linregModel()); }),
              HasSubstr("tensor 'optimizer/linreg.bias.velocity' holds 1 "
                        "non-finite value (the first, -inf, at [0])"));
}

TEST(NonFiniteTest, InputsAreRefusedWithThePosition) {
  TempDir dir;
  const int64_t shape[] = {2, 2};
  const TensorSpec spec = {"x", 2, shape};
  Tensor samples(Shape{3, 4});
  samples.data[6] = kNaN;
  samples.data[11] = kNaN;
  writeNpy(dir.file("x.npy"), samples);
  // The position is the file's: sample 1, element 2 of its row of 4.
  EXPECT_EQ(errorOf([&] { readInput(dir.file("x.npy"), spec); }),
            dir.file("x.npy") + ": 2 non-finite values (the first, nan, at "
                                "[1, 2]); 'x' takes finite numbers only");
}
