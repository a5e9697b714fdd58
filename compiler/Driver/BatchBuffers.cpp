//===- BatchBuffers.cpp - How much a pipeline's buffers hold per sample ---===//

#include "Driver/BatchBuffers.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>

using namespace nnc;

namespace {

/// Bytes per sample of a tensor whose first axis is the (dynamic) batch; 0
/// for any other value.
int64_t sampleBytes(mlir::Type type) {
  auto tensor = llvm::dyn_cast<mlir::RankedTensorType>(type);
  if (!tensor || tensor.getRank() == 0 || !tensor.isDynamicDim(0))
    return 0;
  uint64_t bytes = llvm::divideCeil(tensor.getElementTypeBitWidth(), 8);
  bool overflow = false;
  for (int64_t dim : tensor.getShape().drop_front()) {
    // Only the batch is dynamic in the nn dialect; count any other unknown
    // extent as 1 rather than guess.
    if (mlir::ShapedType::isDynamic(dim))
      continue;
    bytes = llvm::SaturatingMultiply(bytes, static_cast<uint64_t>(dim), &overflow);
  }
  return static_cast<int64_t>(std::min<uint64_t>(bytes, INT64_MAX));
}

} // namespace

int64_t nnc::largestSampleBytes(mlir::func::FuncOp function) {
  if (!function)
    return 0;
  int64_t largest = 0;
  for (mlir::Type type : function.getArgumentTypes())
    largest = std::max(largest, sampleBytes(type));
  function.walk([&](mlir::Operation *op) {
    for (mlir::Type type : op->getResultTypes())
      largest = std::max(largest, sampleBytes(type));
  });
  return largest;
}
