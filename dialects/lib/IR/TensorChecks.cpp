//===- TensorChecks.cpp - Operand and attribute checks for inference ------===//

#include "TensorChecks.h"

#include "nn/IR/ShapeArithmetic.h"
#include "nn/IR/TensorLimits.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace nnc::nn;

std::string inference::formatShape(ArrayRef<int64_t> shape) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << '(';
  for (auto [index, size] : llvm::enumerate(shape)) {
    if (index)
      os << ", ";
    if (!ShapedType::isDynamic(size))
      os << size;
    else
      os << (index == 0 ? "None" : "?");
  }
  if (shape.size() == 1)
    os << ',';
  os << ')';
  return text;
}

std::string inference::formatList(ArrayRef<int64_t> values) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << '[';
  llvm::interleaveComma(values, os);
  os << ']';
  return text;
}

RankedTensorType inference::getF32Tensor(MLIRContext *context, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, Float32Type::get(context));
}

static std::string describeRank(const inference::TensorExpectation &expected) {
  std::string text;
  if (expected.rank >= 0)
    text = std::to_string(expected.rank) + "D ";
  else if (expected.minRank > 1)
    text = "rank >= " + std::to_string(expected.minRank) + " ";
  text += expected.role.str();
  if (!expected.layout.empty())
    text += " " + expected.layout.str();
  return text;
}

FailureOr<RankedTensorType>
inference::checkTensor(std::optional<Location> location, StringRef op, Value value,
                    const TensorExpectation &expected) {
  auto type = llvm::dyn_cast<RankedTensorType>(value.getType());
  if (!type || !type.getElementType().isF32())
    return emitOptionalError(location, op, " expects an f32 tensor as ",
                             expected.role, ", got ", value.getType());
  int64_t rank = type.getRank();
  bool rankOk = expected.rank >= 0 ? rank == expected.rank : rank >= expected.minRank;
  if (!rankOk) {
    return emitOptionalError(location, op, " expects a ",
                             describeRank(expected), ", got ",
                             formatShape(type.getShape()));
  }
  for (int64_t dim = expected.batched ? 1 : 0; dim < rank; ++dim)
    if (type.isDynamicDim(dim))
      return emitOptionalError(location, op, ": dimension ", dim, " of the ",
                               expected.role, " must be static, got ",
                               formatShape(type.getShape()));
  // What inference computes from the sizes then cannot overflow.
  if (failed(checkTensorLimits(location, op + " " + expected.role, type.getShape())))
    return failure();
  return type;
}

LogicalResult inference::checkPositivePair(std::optional<Location> location,
                                        StringRef op, StringRef attrName,
                                        ArrayRef<int64_t> pair) {
  if (pair.size() != 2 || pair[0] <= 0 || pair[1] <= 0)
    return emitOptionalError(location, op, " ", attrName,
                             " must be two positive integers [height, width], got ",
                             formatList(pair));
  if (pair[0] > kMaxTensorElements || pair[1] > kMaxTensorElements)
    return emitOptionalError(location, op, " ", attrName, " must be at most ",
                             kMaxTensorElements,
                             " (the longest axis of a tensor of the generated code), got ",
                             formatList(pair));
  return success();
}

LogicalResult inference::checkPositiveSingle(std::optional<Location> location,
                                          StringRef op, StringRef attrName,
                                          ArrayRef<int64_t> single) {
  if (single.size() != 1 || single[0] <= 0)
    return emitOptionalError(location, op, " ", attrName,
                             " must be one positive integer, got ", formatList(single));
  if (single[0] > kMaxTensorElements)
    return emitOptionalError(location, op, " ", attrName, " must be at most ",
                             kMaxTensorElements,
                             " (the longest axis of a tensor of the generated code), got ",
                             single[0]);
  return success();
}

FailureOr<int64_t> inference::checkAxis(std::optional<Location> location, StringRef op,
                                     int64_t axis, int64_t rank) {
  if (std::optional<int64_t> normalized = normalizeAxis(axis, rank))
    return *normalized;
  return emitOptionalError(location, op, " axis ", axis, " is out of range for a ",
                           rank, "D tensor (valid axes: ", -rank, " to ", rank - 1, ")");
}

LogicalResult inference::checkBias(std::optional<Location> location, StringRef op,
                                Value bias, int64_t size, StringRef sizeName) {
  if (!bias)
    return success();
  auto type = checkTensor(location, op, bias, {"bias", 1, 1, "", /*batched=*/false});
  if (failed(type))
    return failure();
  if (type->getDimSize(0) != size)
    return emitOptionalError(location, op, " bias has ", type->getDimSize(0),
                             " entries but the layer has ", size, " ", sizeName);
  return success();
}

/// "5x5" for a 2-D window or input, "5" for a 1-D one.
static std::string formatExtent(ArrayRef<int64_t> sizes) {
  std::string text;
  for (auto [index, size] : llvm::enumerate(sizes))
    text += (index ? "x" : "") + std::to_string(size);
  return text;
}

FailureOr<SmallVector<int64_t, 2>>
inference::inferWindowOutputSize(std::optional<Location> location, StringRef windowName,
                                 ArrayRef<int64_t> input, ArrayRef<int64_t> window,
                                 ArrayRef<int64_t> strides, ArrayRef<int64_t> dilation,
                                 Padding padding) {
  if (padding == Padding::causal && input.size() != 1)
    return emitOptionalError(location, "padding 'causal' is for 1-D windows only "
                                       "(conv1d), not a ",
                             windowName, " ", formatExtent(window));
  // Sizes and attributes are checked against the tensor limits, so the
  // dilated extent (below 2^58) cannot overflow.
  std::string spans;
  if (llvm::any_of(dilation, [](int64_t d) { return d != 1; })) {
    SmallVector<int64_t, 2> extent;
    for (auto [size, d] : llvm::zip_equal(window, dilation))
      extent.push_back(getDilatedKernelSize(size, d));
    spans = " with dilation " + formatExtent(dilation) + " spans " + formatExtent(extent);
  }
  SmallVector<int64_t, 2> output;
  for (unsigned axis = 0; axis < input.size(); ++axis) {
    // Under 'same' nothing else bounds it, and the generated code indexes
    // with it.
    if (getDilatedKernelSize(window[axis], dilation[axis]) > kMaxTensorElements)
      return emitOptionalError(location, windowName, " ", formatExtent(window), spans,
                               ", longer than the longest axis of a tensor of "
                               "the generated code (",
                               kMaxTensorElements, ")");
    std::optional<int64_t> length = getWindowOutputLength(
        input[axis], window[axis], strides[axis], dilation[axis], padding);
    if (!length)
      return emitOptionalError(location, windowName, " ", formatExtent(window), spans,
                               spans.empty() ? "" : " and", " does not fit in input ",
                               formatExtent(input), " with padding 'valid'");
    output.push_back(*length);
  }
  return output;
}

FailureOr<SmallVector<int64_t>>
inference::matchShapes(std::optional<Location> location, StringRef op, StringRef role,
                       RankedTensorType type, StringRef expectedRole,
                       RankedTensorType expected) {
  ArrayRef<int64_t> shape = type.getShape(), reference = expected.getShape();
  auto mismatch = [&] {
    return emitOptionalError(location, op, " ", role, " ", formatShape(shape),
                             " does not match ", expectedRole, " ",
                             formatShape(reference));
  };
  if (shape.size() != reference.size())
    return mismatch();
  SmallVector<int64_t> merged(reference);
  for (auto [index, size] : llvm::enumerate(shape)) {
    if (ShapedType::isDynamic(size))
      continue;
    if (ShapedType::isDynamic(merged[index]))
      merged[index] = size;
    else if (merged[index] != size)
      return mismatch();
  }
  return merged;
}

LogicalResult inference::inferUpsampleGradType(MLIRContext *context,
                                               std::optional<Location> location,
                                               StringRef op, Value dy,
                                               ArrayRef<int64_t> size,
                                               SmallVectorImpl<Type> &inferred) {
  auto gradient =
      checkTensor(location, op, dy, {"gradient dy", 4, 4, "(batch, height, width, channels)"});
  if (failed(gradient) || failed(checkPositivePair(location, op, "size", size)))
    return failure();
  ArrayRef<int64_t> out = gradient->getShape();
  if (out[1] % size[0] != 0 || out[2] % size[1] != 0)
    return emitOptionalError(location, op, ": the gradient dy ", formatShape(out),
                             " is not a whole number of ", size[0], "x", size[1],
                             " blocks");
  inferred.push_back(
      getF32Tensor(context, {out[0], out[1] / size[0], out[2] / size[1], out[3]}));
  return success();
}
