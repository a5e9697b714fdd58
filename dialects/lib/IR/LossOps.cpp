//===- LossOps.cpp - Shapes of the losses and of their gradients ----------===//
//
// A loss is a 0-d tensor; the gradient of a loss has the prediction's shape.
//
//===----------------------------------------------------------------------===//

#include "TensorChecks.h"

#include "nn/IR/NNOps.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::inference;

/// The loss's type, or (for a `_grad` op) the gradient's: pred's shape.
static Type getLossResultType(MLIRContext *context, ArrayRef<int64_t> predShape,
                              bool isGradient) {
  return getF32Tensor(context, isGradient ? predShape : ArrayRef<int64_t>());
}

/// pred and target of one shape (binary, categorical, mean squared error).
template <typename AdaptorT>
static LogicalResult inferPairLossType(MLIRContext *context,
                                       std::optional<Location> location, StringRef op,
                                       AdaptorT &adaptor, bool isGradient,
                                       SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto pred = checkTensor(location, op, adaptor.getPred(), {"prediction"});
  auto target = checkTensor(location, op, adaptor.getTarget(), {"target"});
  if (failed(pred) || failed(target))
    return failure();
  auto shape = matchShapes(location, op, "target", *target, "prediction", *pred);
  if (failed(shape))
    return failure();
  inferredReturnTypes.push_back(getLossResultType(context, *shape, isGradient));
  return success();
}

/// Class-index labels: pred's shape without its last axis (the classes).
template <typename AdaptorT>
static LogicalResult inferSparseLossType(MLIRContext *context,
                                         std::optional<Location> location, StringRef op,
                                         AdaptorT &adaptor, bool isGradient,
                                         SmallVectorImpl<Type> &inferredReturnTypes) {
  if (failed(verifyAttributes(context, location, adaptor)))
    return failure();
  auto pred = checkTensor(location, op, adaptor.getPred(),
                          {"prediction", -1, 2, "(batch, ..., classes)"});
  auto labels = checkTensor(location, op, adaptor.getLabels(), {"labels"});
  if (failed(pred) || failed(labels))
    return failure();
  ArrayRef<int64_t> predShape = pred->getShape();
  if (failed(matchShapes(location, op, "labels", *labels,
                         "prediction without its classes",
                         getF32Tensor(context, predShape.drop_back()))))
    return failure();
  inferredReturnTypes.push_back(getLossResultType(context, predShape, isGradient));
  return success();
}

#define NN_DEFINE_LOSS_INFERENCE(OpClass, infer, mnemonic, isGradient)                  \
  LogicalResult OpClass::inferReturnTypes(MLIRContext *context,                        \
                                          std::optional<Location> location,            \
                                          Adaptor adaptor,                             \
                                          SmallVectorImpl<Type> &inferredReturnTypes) { \
    return infer(context, location, mnemonic, adaptor, isGradient, inferredReturnTypes); \
  }

NN_DEFINE_LOSS_INFERENCE(BinaryCrossentropyOp, inferPairLossType, "binary_crossentropy",
                         false)
NN_DEFINE_LOSS_INFERENCE(BinaryCrossentropyGradOp, inferPairLossType,
                         "binary_crossentropy_grad", true)
NN_DEFINE_LOSS_INFERENCE(MeanSquaredErrorOp, inferPairLossType, "mean_squared_error",
                         false)
NN_DEFINE_LOSS_INFERENCE(MeanSquaredErrorGradOp, inferPairLossType,
                         "mean_squared_error_grad", true)
NN_DEFINE_LOSS_INFERENCE(CategoricalCrossentropyOp, inferPairLossType,
                         "categorical_crossentropy", false)
NN_DEFINE_LOSS_INFERENCE(CategoricalCrossentropyGradOp, inferPairLossType,
                         "categorical_crossentropy_grad", true)
NN_DEFINE_LOSS_INFERENCE(SparseCategoricalCrossentropyOp, inferSparseLossType,
                         "sparse_categorical_crossentropy", false)
NN_DEFINE_LOSS_INFERENCE(SparseCategoricalCrossentropyGradOp, inferSparseLossType,
                         "sparse_categorical_crossentropy_grad", true)
