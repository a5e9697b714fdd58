//===- AdjointBuilders.h - Helpers shared by the ops' adjoints --*- C++ -*-===//
//
// Gradient ops are named after the layer they differentiate and what they
// compute, `conv2d_1.dpre`, `conv2d_1.dkernel`, so `--emit=mlir-train` reads
// like the model.
//
//===----------------------------------------------------------------------===//

#ifndef NN_LIB_IR_ADJOINTBUILDERS_H
#define NN_LIB_IR_ADJOINTBUILDERS_H

#include "nn/IR/NNDialect.h"

#include "mlir/IR/Builders.h"

#include <string>

namespace nnc::nn::adjoint {

/// "<layer name>.<what>", e.g. "dense_1.dkernel".
std::string getGradientName(mlir::Operation *op, llvm::StringRef what);

/// The gradient with respect to the pre-activation sum of an op whose result
/// `y` is `activation(sum)`: `dy` itself for a linear activation, else an
/// nn.activation_grad named "<layer>.dpre" (`axis` is softmax's). The
/// activation is one differentiated from y: nn-autodiff splits the others
/// (ActivationTraits::gradientNeedsInput) off their layers beforehand.
mlir::Value buildPreActivationGradient(mlir::OpBuilder &builder, mlir::Operation *op,
                                       mlir::Value y, mlir::Value dy,
                                       Activation activation, int64_t axis = -1);

/// [height, width] of an NHWC tensor type.
llvm::SmallVector<int64_t, 2> getSpatialSize(mlir::Type type);

/// A sequence [N, L, C] as an image one pixel wide, [N, L, 1, C], named
/// "<layer>.<what>": a reshape that moves no element, through which the 1-D
/// layers reuse the 2-D layers' gradient ops.
mlir::Value buildColumnImage(mlir::OpBuilder &builder, mlir::Operation *op,
                             mlir::Value sequence, llvm::StringRef what);

/// `value` reshaped to `shape` (batch first, kept), named "<layer>.<what>".
mlir::Value buildReshape(mlir::OpBuilder &builder, mlir::Operation *op, mlir::Value value,
                         llvm::ArrayRef<int64_t> shape, llvm::StringRef what);

} // namespace nnc::nn::adjoint

#endif // NN_LIB_IR_ADJOINTBUILDERS_H
