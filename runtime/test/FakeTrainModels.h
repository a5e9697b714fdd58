//===- FakeTrainModels.h - Hand-written trainable models for the tests ----===//
//
// Two models with a TrainDesc whose loss, gradient and update pipelines are
// plain C++ over halide_buffer_t (MSE loss, SGD with momentum 0.5), standing
// in for what nnc compiles:
//  - "linreg": input x [2, 2] (four pixels), params linreg.kernel [4]
//    (GlorotUniform 4, 1) and linreg.bias [1] (Zeros), output y [1] =
//    kernel . x + bias; the target is the label [1]. Validation: test split.
//  - "mirror": input image [2, 2, 1], params mirror.scale [2, 2, 1]
//    (GlorotUniform 4, 4) and mirror.bias [2, 2, 1], output
//    y = scale * image + bias elementwise; the target is the input.
//  - "clf": softmax regression of image [2, 2, 1] into 3 classes: params
//    clf.kernel [4, 3] and clf.bias [3], output logits [3], sparse
//    categorical cross-entropy from logits, metrics [accuracy], SGD with
//    momentum 0.5; "clf_flip" adds augment [flip_lr], "clf_random_flip"
//    augment [random_flip_lr].
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_TEST_FAKETRAINMODELS_H
#define NNCRT_TEST_FAKETRAINMODELS_H

#include "nncrt/ModelDesc.h"

#include <string>

namespace nncrt::test {

/// Knobs and counters of the fake training pipelines.
struct FakeTrainCalls {
  int updateCalls = 0;
  int aliasedUpdates = 0;       ///< update calls whose outputs alias inputs
  double gradientScale = 1.0;   ///< a wrong gradient for gradcheck tests
};
FakeTrainCalls &fakeTrainCalls();
void resetFakeTrainCalls();

const ModelDesc &linregModel();
const ModelDesc &mirrorModel();
const ModelDesc &clfModel();
const ModelDesc &clfFlipModel();
const ModelDesc &clfRandomFlipModel();
/// clf and linreg on the npy data of data/npy_data/clf and /linreg.
const ModelDesc &clfNpyModel();
const ModelDesc &linregNpyModel();
/// Holds "linreg", "mirror", "clf", "clf_flip", "clf_random_flip",
/// "clf_npy" and "linreg_npy".
const ModelRegistry &trainRegistry();

/// Writes an IDX data folder: `trainCount` and `testCount` images of
/// side x side pixels (deterministic from `seed`) with labels 0..9 that
/// depend linearly on the pixels (0..classes-1, from a weighted pixel sum),
/// gzip-compressed when `gzip` is set.
void writeFakeDataset(const std::string &dir, int trainCount, int testCount,
                      int side = 2, unsigned seed = 1, bool gzip = false,
                      int classes = 10);

} // namespace nncrt::test

#endif // NNCRT_TEST_FAKETRAINMODELS_H
