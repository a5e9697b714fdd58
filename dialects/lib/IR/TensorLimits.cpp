//===- TensorLimits.cpp - The largest tensors nnc generates code for ------===//

#include "nn/IR/TensorLimits.h"

#include "TensorChecks.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace nnc;

std::optional<int64_t> nn::getStaticElementCount(ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t size : shape) {
    if (ShapedType::isDynamic(size))
      continue;
    std::optional<int64_t> product = llvm::checkedMul(count, size);
    if (!product)
      return std::nullopt;
    count = *product;
  }
  return count;
}

LogicalResult nn::checkTensorLimits(std::optional<Location> location,
                                    const Twine &what, ArrayRef<int64_t> shape) {
  int64_t rank = shape.size();
  if (rank > kMaxTensorRank)
    return emitOptionalError(location, what, " has ", rank,
                             " axes, the batch included; a tensor of the generated code has at most ",
                             kMaxTensorRank);
  std::optional<int64_t> count = getStaticElementCount(shape);
  std::optional<int64_t> bytes =
      count ? llvm::checkedMul<int64_t>(*count, sizeof(float)) : std::nullopt;
  if (bytes && *bytes <= kMaxTensorBytes)
    return success();
  if (!location)
    return failure();
  bool batched = llvm::any_of(shape, ShapedType::isDynamic);
  InFlightDiagnostic diag = emitError(*location)
                            << what << " " << nn::inference::formatShape(shape) << " has ";
  if (!count)
    diag << "more than " << std::numeric_limits<int64_t>::max() << " values";
  else if (!bytes)
    diag << *count << " values";
  else
    diag << *count << " values (" << *bytes << " bytes)";
  diag << (batched ? " per sample" : "")
       << "; a tensor of the generated code holds at most " << kMaxTensorElements
       << " f32 values (2 GiB, Halide's buffer limit)";
  return diag;
}

LogicalResult nn::verifyResultLimits(Operation *op) {
  auto name = op->getAttrOfType<StringAttr>("name");
  std::string layer =
      name ? name.str() : op->getName().stripDialect().str();
  for (OpResult result : op->getResults()) {
    auto type = llvm::dyn_cast<RankedTensorType>(result.getType());
    if (!type)
      continue;
    std::string what = layer + " output";
    if (op->getNumResults() > 1)
      what += " #" + std::to_string(result.getResultNumber());
    if (failed(checkTensorLimits(op->getLoc(), what, type.getShape())))
      return failure();
  }
  return success();
}
