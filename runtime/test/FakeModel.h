//===- FakeModel.h - Hand-written models standing in for nnc's output -----===//
//
// ModelDescs whose forward functions are plain C++ over halide_buffer_t, so
// that the runtime is tested end to end without the compiler:
//  - "affine": input x [3], params affine.scale [3] (GlorotUniform, fans 3
//    and 3) and affine.bias [3] (Zeros), output y = scale * x + bias.
//  - "pair": inputs a [2] and b [2], param pair.offset [2] (Zeros), outputs
//    sum = a + b + offset and diff = a - b.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_TEST_FAKEMODEL_H
#define NNCRT_TEST_FAKEMODEL_H

#include "nncrt/ModelDesc.h"

#include <cstdint>
#include <vector>

namespace nncrt::test {

/// What the fake pipelines and setNumThreads saw; reset by resetFakeCalls().
struct FakeCalls {
  int forwardCalls = 0;
  std::vector<int32_t> batchExtents; ///< the batch extent of each call
  int numThreads = 0;
  int forwardStatus = 0; ///< returned by the next forward calls
};
FakeCalls &fakeCalls();
void resetFakeCalls();

const ModelDesc &affineModel();
const ModelDesc &pairModel();

/// A registry holding only "affine".
const ModelRegistry &affineRegistry();
/// A registry holding "affine" and "pair".
const ModelRegistry &twoModelRegistry();

} // namespace nncrt::test

#endif // NNCRT_TEST_FAKEMODEL_H
