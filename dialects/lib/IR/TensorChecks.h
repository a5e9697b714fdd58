//===- TensorChecks.h - Operand and attribute checks for inference -*- C++ -*-===//
//
// Shape inference doubles as the verifier (the InferTypeOpInterface trait
// compares declared and inferred types) and is what MLIRGen calls before it
// creates an op. These helpers check operands and attributes there and word
// their errors for a Keras user: "conv2d expects a 4D input (batch, height,
// width, channels), got (None, 784)".
//
//===----------------------------------------------------------------------===//

#ifndef NN_LIB_IR_TENSORCHECKS_H
#define NN_LIB_IR_TENSORCHECKS_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/SmallVector.h"

#include "nn/IR/NNDialect.h"

#include <array>
#include <optional>
#include <string>

namespace nnc::nn::inference {

using mlir::FailureOr;
using mlir::LogicalResult;

/// Runs the ODS checks of the attributes (present, of the right kind) before
/// inference reads them: MLIRGen calls inference before any verifier ran.
/// Without a location the check stays silent.
template <typename AdaptorT>
LogicalResult verifyAttributes(mlir::MLIRContext *context,
                               std::optional<mlir::Location> location,
                               AdaptorT &adaptor) {
  if (location)
    return adaptor.verify(*location);
  mlir::ScopedDiagnosticHandler silence(context, [](mlir::Diagnostic &) {
    return mlir::success();
  });
  return adaptor.verify(mlir::UnknownLoc::get(context));
}

/// What an op expects of one tensor operand.
struct TensorExpectation {
  llvm::StringRef role;   ///< "input", "kernel", "bias"
  int64_t rank = -1;      ///< exact rank, or -1
  int64_t minRank = 1;    ///< used when rank is -1
  llvm::StringRef layout; ///< "(batch, height, width, channels)", may be empty
  bool batched = true;    ///< dim 0 is the batch, the only one that may be dynamic
};

/// The f32 ranked tensor type of `value` if it meets `expected`, else an
/// error such as "conv2d expects a 4D input (batch, height, width, channels),
/// got (None, 784)". `op` is the layer as the user knows it ("conv2d").
FailureOr<mlir::RankedTensorType>
checkTensor(std::optional<mlir::Location> location, llvm::StringRef op,
            mlir::Value value, const TensorExpectation &expected);

/// A [height, width] attribute of two positive integers.
LogicalResult checkPositivePair(std::optional<mlir::Location> location,
                                llvm::StringRef op, llvm::StringRef attrName,
                                llvm::ArrayRef<int64_t> pair);

/// A [length] attribute of one positive integer (1-D windows).
LogicalResult checkPositiveSingle(std::optional<mlir::Location> location,
                                  llvm::StringRef op, llvm::StringRef attrName,
                                  llvm::ArrayRef<int64_t> single);

/// An optional bias operand: absent, or a static [size] tensor.
LogicalResult checkBias(std::optional<mlir::Location> location, llvm::StringRef op,
                        mlir::Value bias, int64_t size, llvm::StringRef sizeName);

/// The spatial sizes of a sliding window's output (convolution, pooling), one
/// per axis of `input` (height and width, or a sequence's length); errors
/// when the window does not fit under 'valid', e.g. "kernel 5x5 does not fit
/// in input 3x3 with padding 'valid'", and for 'causal' padding of a 2-D
/// window. `windowName` is "kernel" or "pool".
FailureOr<llvm::SmallVector<int64_t, 2>>
inferWindowOutputSize(std::optional<mlir::Location> location,
                      llvm::StringRef windowName, llvm::ArrayRef<int64_t> input,
                      llvm::ArrayRef<int64_t> window, llvm::ArrayRef<int64_t> strides,
                      llvm::ArrayRef<int64_t> dilation, Padding padding);

/// `axis` (batch = 0, negative from the end) normalized for a tensor of
/// `rank`, or an error "axis 5 is out of range for a 4D tensor".
FailureOr<int64_t> checkAxis(std::optional<mlir::Location> location,
                             llvm::StringRef op, int64_t axis, int64_t rank);

/// The shape two checked tensors share: equal ranks and sizes, except that
/// a dynamic size (the batch) matches any. Else an error such as
/// "binary_crossentropy target (None, 10) does not match pred (None, 11)".
FailureOr<llvm::SmallVector<int64_t>>
matchShapes(std::optional<mlir::Location> location, llvm::StringRef op,
            llvm::StringRef role, mlir::RankedTensorType type,
            llvm::StringRef expectedRole, mlir::RankedTensorType expected);

/// A shape as Keras prints it: (None, 28, 28, 1); "?" for other dynamic dims.
std::string formatShape(llvm::ArrayRef<int64_t> shape);

/// A list as written in a model: [7, 7, 3].
std::string formatList(llvm::ArrayRef<int64_t> values);

/// tensor<shape x f32>.
mlir::RankedTensorType getF32Tensor(mlir::MLIRContext *context,
                                    llvm::ArrayRef<int64_t> shape);

/// The input type of an upsampling (nearest or bed of nails) whose result
/// gradient is `dy`: [N, H / size[0], W / size[1], C], when `dy` is a whole
/// number of blocks.
LogicalResult inferUpsampleGradType(mlir::MLIRContext *context,
                                    std::optional<mlir::Location> location,
                                    llvm::StringRef op, mlir::Value dy,
                                    llvm::ArrayRef<int64_t> size,
                                    llvm::SmallVectorImpl<mlir::Type> &inferred);

} // namespace nnc::nn::inference

#endif // NN_LIB_IR_TENSORCHECKS_H
