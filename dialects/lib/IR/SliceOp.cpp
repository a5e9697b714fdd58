//===- SliceOp.cpp - Shape inference of nn.slice --------------------------===//

#include "TensorChecks.h"

#include "nn/IR/NNOps.h"
#include "nn/IR/ShapeArithmetic.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::inference;

int64_t SliceOp::getNormalizedAxis() {
  return *normalizeAxis(getAxis(), getX().getType().getRank());
}

LogicalResult SliceOp::inferReturnTypes(MLIRContext *context,
                                        std::optional<Location> location, Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto x = checkTensor(location, "slice", adaptor.getX(), {"input"});
  if (failed(x))
    return failure();
  int64_t written = adaptor.getAxis();
  auto axis = checkAxis(location, "slice", written, x->getRank());
  if (failed(axis))
    return failure();
  if (*axis == 0)
    return emitOptionalError(location, "cannot slice along axis ", written,
                             ": it is the batch dimension");
  int64_t offset = adaptor.getOffset(), size = adaptor.getSize();
  int64_t length = x->getDimSize(*axis);
  if (offset < 0 || size <= 0 || offset > length - size)
    return emitOptionalError(location, "slice of ", size, " entries from offset ", offset,
                             " does not fit in axis ", written, " of length ", length);
  SmallVector<int64_t> shape(x->getShape());
  shape[*axis] = size;
  inferredReturnTypes.push_back(getF32Tensor(context, shape));
  return success();
}
