//===- ReshapeOps.cpp - Shape inference of flatten, reshape, squeeze, reverse ===//

#include "TensorChecks.h"

#include "nn/IR/NNOps.h"
#include "nn/IR/ShapeArithmetic.h"
#include "nn/IR/TensorLimits.h"

#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::inference;

/// Elements per batch entry of a checked tensor (all non-batch dims static,
/// within the tensor limits, so the count does not overflow).
static int64_t getElementsPerSample(RankedTensorType type) {
  return *getStaticElementCount(type.getShape().drop_front());
}

//===----------------------------------------------------------------------===//
// FlattenOp
//===----------------------------------------------------------------------===//

LogicalResult FlattenOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location> location,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto x = checkTensor(location, "flatten", adaptor.getX(), {"input"});
  if (failed(x))
    return failure();
  inferredReturnTypes.push_back(
      getF32Tensor(context, {x->getDimSize(0), getElementsPerSample(*x)}));
  return success();
}

//===----------------------------------------------------------------------===//
// ReshapeOp
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location> location,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto x = checkTensor(location, "reshape", adaptor.getX(), {"input"});
  if (failed(x))
    return failure();

  ArrayRef<int64_t> target = adaptor.getShape();
  std::optional<unsigned> inferredIndex;
  int64_t knownCount = 1;
  for (auto [index, size] : llvm::enumerate(target)) {
    if (size == -1 && !inferredIndex) {
      inferredIndex = index;
      continue;
    }
    if (size == -1)
      return emitOptionalError(location, "reshape shape ", formatList(target),
                               " has more than one -1");
    if (size <= 0)
      return emitOptionalError(location, "reshape shape ", formatList(target),
                               " must hold positive sizes (and at most one -1)");
    std::optional<int64_t> product = llvm::checkedMul(knownCount, size);
    if (!product)
      return emitOptionalError(location, "reshape shape ", formatList(target),
                               " has too many elements");
    knownCount = *product;
  }

  int64_t count = getElementsPerSample(*x);
  SmallVector<int64_t> shape = {x->getDimSize(0)};
  shape.append(target.begin(), target.end());
  if (inferredIndex) {
    if (count % knownCount != 0)
      return emitOptionalError(location, "cannot reshape ", count, " elements into ",
                               formatList(target), ": ", count,
                               " is not a multiple of ", knownCount);
    shape[*inferredIndex + 1] = count / knownCount;
  } else if (knownCount != count) {
    return emitOptionalError(location, "cannot reshape ", count, " elements into ",
                             formatList(target), " (", knownCount, " elements)");
  }
  inferredReturnTypes.push_back(getF32Tensor(context, shape));
  return success();
}

//===----------------------------------------------------------------------===//
// SqueezeOp
//===----------------------------------------------------------------------===//

int64_t SqueezeOp::getNormalizedAxis() {
  return *normalizeAxis(getAxis(), getX().getType().getRank());
}

LogicalResult SqueezeOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location> location,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto x = checkTensor(location, "squeeze", adaptor.getX(), {"input"});
  if (failed(x))
    return failure();
  int64_t written = adaptor.getAxis();
  auto axis = checkAxis(location, "squeeze", written, x->getRank());
  if (failed(axis))
    return failure();
  if (*axis == 0)
    return emitOptionalError(location, "cannot squeeze axis ", written,
                             ": it is the batch dimension");
  int64_t size = x->getDimSize(*axis);
  if (size != 1)
    return emitOptionalError(location, "cannot squeeze axis ", written, " of size ", size,
                             " (only size-1 axes can be squeezed)");
  SmallVector<int64_t> shape(x->getShape());
  shape.erase(shape.begin() + *axis);
  inferredReturnTypes.push_back(getF32Tensor(context, shape));
  return success();
}

//===----------------------------------------------------------------------===//
// ReverseOp
//===----------------------------------------------------------------------===//

int64_t ReverseOp::getNormalizedAxis() {
  return *normalizeAxis(getAxis(), getX().getType().getRank());
}

LogicalResult ReverseOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location> location,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto x = checkTensor(location, "reverse", adaptor.getX(), {"input", -1, 2});
  if (failed(x))
    return failure();
  int64_t written = adaptor.getAxis();
  auto axis = checkAxis(location, "reverse", written, x->getRank());
  if (failed(axis))
    return failure();
  if (*axis == 0)
    return emitOptionalError(location, "cannot reverse axis ", written,
                             ": it is the batch dimension");
  inferredReturnTypes.push_back(*x);
  return success();
}
