//===- MergeOps.cpp - Keras's merge layers: shapes and adjoints -----------===//
//
// nn.merge combines inputs of one shape elementwise; its adjoint gives each
// input its share of the gradient (nn.merge_grad, or the gradient itself
// for add).
//
//===----------------------------------------------------------------------===//

#include "AdjointBuilders.h"
#include "TensorChecks.h"

#include "nn/IR/NNOps.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::inference;

/// The shape all `inputs` share, or an error naming the layer `op` and the
/// input that differs ("add input 2 (None, 4) does not match input 1 (None, 5)").
static FailureOr<SmallVector<int64_t>> inferMergeShape(std::optional<Location> location,
                                                       StringRef op, ValueRange inputs) {
  if (inputs.size() < 2)
    return emitOptionalError(location, op, " needs at least two inputs, got ",
                             inputs.size());
  auto first = checkTensor(location, op, inputs.front(), {"input 1"});
  if (failed(first))
    return failure();
  SmallVector<int64_t> shape(first->getShape());
  for (auto [index, input] : llvm::enumerate(inputs.drop_front())) {
    std::string role = "input " + std::to_string(index + 2);
    auto type = checkTensor(location, op, input, {role});
    if (failed(type))
      return failure();
    auto matched = matchShapes(location, op, role, *type, "input 1",
                               RankedTensorType::get(shape, first->getElementType()));
    if (failed(matched))
      return failure();
    shape = *matched;
  }
  return shape;
}

//===----------------------------------------------------------------------===//
// MergeOp
//===----------------------------------------------------------------------===//

LogicalResult MergeOp::inferReturnTypes(MLIRContext *context, std::optional<Location> location,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto shape = inferMergeShape(location, stringifyMerge(adaptor.getKind()), adaptor.getInputs());
  if (failed(shape))
    return failure();
  inferredReturnTypes.push_back(getF32Tensor(context, *shape));
  return success();
}

LogicalResult MergeOp::verify() {
  if (getKind() == Merge::subtract && getInputs().size() != 2)
    return emitOpError() << "subtract takes exactly two inputs, got " << getInputs().size();
  return success();
}

StringRef MergeOp::getKerasClass() {
  switch (getKind()) {
  case Merge::add:
    return "Add";
  case Merge::subtract:
    return "Subtract";
  case Merge::multiply:
    return "Multiply";
  case Merge::average:
    return "Average";
  case Merge::maximum:
    return "Maximum";
  case Merge::minimum:
    return "Minimum";
  }
  llvm_unreachable("unknown merge");
}

SpatialFootprint MergeOp::getSpatialFootprint() { return SpatialFootprint::widest(); }

SmallVector<Value> MergeOp::buildAdjoint(OpBuilder &builder, Value resultGradient) {
  SmallVector<Value> gradients;
  for (unsigned index = 0, e = getInputs().size(); index < e; ++index) {
    if (getKind() == Merge::add || (getKind() == Merge::subtract && index == 0)) {
      gradients.push_back(resultGradient);
      continue;
    }
    gradients.push_back(builder.create<MergeGradOp>(
        getLoc(), getInputs(), resultGradient, getKind(), index,
        adjoint::getGradientName(*this, "dx" + std::to_string(index))));
  }
  return gradients;
}

//===----------------------------------------------------------------------===//
// MergeGradOp
//===----------------------------------------------------------------------===//

LogicalResult MergeGradOp::inferReturnTypes(MLIRContext *context,
                                            std::optional<Location> location, Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto shape = inferMergeShape(location, "merge_grad", adaptor.getInputs());
  if (failed(shape))
    return failure();
  auto dy = checkTensor(location, "merge_grad", adaptor.getDy(), {"gradient dy"});
  if (failed(dy) ||
      failed(matchShapes(location, "merge_grad", "gradient dy", *dy, "input 1",
                         getF32Tensor(context, *shape))))
    return failure();
  inferredReturnTypes.push_back(getF32Tensor(context, *shape));
  return success();
}

LogicalResult MergeGradOp::verify() {
  int64_t inputs = getInputs().size();
  if (getIndex() < 0 || getIndex() >= inputs)
    return emitOpError() << "index " << getIndex() << " is not one of the " << inputs
                         << " inputs";
  if (getKind() == Merge::add)
    return emitOpError() << "of add is the gradient itself: no op";
  return success();
}
