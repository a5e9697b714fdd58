//===- ConcatOp.cpp - Shape inference of nn.concat ------------------------===//

#include "TensorChecks.h"

#include "nn/IR/NNOps.h"
#include "nn/IR/ShapeArithmetic.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::inference;

int64_t ConcatOp::getNormalizedAxis() {
  auto type = llvm::cast<RankedTensorType>(getInputs().front().getType());
  return *normalizeAxis(getAxis(), type.getRank());
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  ValueRange inputs = adaptor.getInputs();
  if (inputs.size() < 2)
    return emitOptionalError(location, "concat needs at least two inputs, got ",
                             inputs.size());

  SmallVector<RankedTensorType> types;
  for (Value input : inputs) {
    auto type = checkTensor(location, "concat", input, {"input"});
    if (failed(type))
      return failure();
    types.push_back(*type);
  }
  ArrayRef<int64_t> first = types.front().getShape();
  int64_t written = adaptor.getAxis();
  auto axis = checkAxis(location, "concat", written, first.size());
  if (failed(axis))
    return failure();
  if (*axis == 0)
    return emitOptionalError(location, "cannot concatenate along axis ", written,
                             ": it is the batch dimension");

  SmallVector<int64_t> shape(first);
  for (RankedTensorType type : llvm::drop_begin(types)) {
    ArrayRef<int64_t> other = type.getShape();
    if (other.size() != first.size())
      return emitOptionalError(location, "concat inputs differ in rank: ",
                               formatShape(first), " vs ", formatShape(other));
    // The batch may be dynamic in one input and known in another.
    if (ShapedType::isDynamic(shape[0]))
      shape[0] = other[0];
    else if (!ShapedType::isDynamic(other[0]) && other[0] != shape[0])
      return emitOptionalError(location, "concat inputs differ in batch size: ",
                               shape[0], " vs ", other[0]);
    for (size_t dim = 1; dim < other.size(); ++dim) {
      if (dim == static_cast<size_t>(*axis))
        shape[dim] += other[dim];
      else if (other[dim] != first[dim])
        return emitOptionalError(location, "concat inputs differ in dimension ", dim,
                                 ": ", first[dim], " vs ", other[dim]);
    }
  }
  inferredReturnTypes.push_back(getF32Tensor(context, shape));
  return success();
}

SpatialFootprint ConcatOp::getSpatialFootprint() { return SpatialFootprint::widest(); }
