//===- Lowering.h - nn ops as Halide algorithms -----------------*- C++ -*-===//
//
// Each lowering states an op's algorithm only; ForwardSchedule.cpp decides
// where and how every Func is computed. A layer yields its output Func plus the
// intermediate stages (pre-activation sums, softmax statistics) that the
// schedule computes per block of output rows.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_CODEGEN_LOWERING_H
#define NNC_CODEGEN_LOWERING_H

#include "Codegen/TensorFunc.h"
#include "nn/IR/NNOps.h"

#include "mlir/IR/Value.h"
#include "llvm/ADT/DenseMap.h"

namespace nnc::codegen {

/// A Func computed inside the layer's output loop; `reductions` lists the
/// reduction domains of its update definitions (empty for a pure Func).
struct LayerStage {
  Halide::Func func;
  std::vector<Halide::RDom> reductions;
};

struct LoweredLayer {
  std::string name; ///< the layer name, e.g. "conv2d_1"
  TensorFunc output;
  std::vector<LayerStage> stages;
  /// Reductions of the output Func itself (pooling), if any.
  std::vector<Halide::RDom> reductions;
};

/// Values already lowered (inputs, parameters, earlier layers).
class LoweringScope {
public:
  void bind(mlir::Value value, TensorFunc tensor) { tensors[value] = std::move(tensor); }
  const TensorFunc &lookup(mlir::Value value) const;

private:
  llvm::DenseMap<mlir::Value, TensorFunc> tensors;
};

/// Lowers one nn op; the op must belong to the nn dialect.
LoweredLayer lowerOp(mlir::Operation *op, const LoweringScope &scope);

// Per family, in their own files.
LoweredLayer lowerDense(nn::DenseOp op, const LoweringScope &scope);
LoweredLayer lowerConv2D(nn::Conv2DOp op, const LoweringScope &scope);
LoweredLayer lowerConv2DTranspose(nn::Conv2DTransposeOp op,
                                  const LoweringScope &scope);
LoweredLayer lowerPool2D(mlir::Operation *op, const LoweringScope &scope);
LoweredLayer lowerLayoutOp(mlir::Operation *op, const LoweringScope &scope);
LoweredLayer lowerActivationOp(mlir::Operation *op, const LoweringScope &scope);

//===----------------------------------------------------------------------===//
// Helpers shared by the lowerings.
//===----------------------------------------------------------------------===//

std::string getLayerName(mlir::Operation *op);
std::vector<int64_t> getStaticShape(mlir::Value value);

/// Applies a fused `activation=`; softmax (not elementwise) adds stages to
/// `layer` and acts over the last axis.
TensorFunc applyActivation(nn::Activation activation, const TensorFunc &preActivation,
                           const std::string &name, const LoweringScope &scope,
                           LoweredLayer &layer);

/// Softmax of `input` over model axis `axis` (normalized), as in Keras.
TensorFunc buildSoftmax(const TensorFunc &input, int axis, const std::string &name,
                        LoweredLayer &layer);

/// Keras/TF 'same' padding: the part of the total padding placed before.
int64_t samePaddingBefore(int64_t in, int64_t out, int64_t stride,
                          int64_t effectiveWindow);

} // namespace nnc::codegen

#endif // NNC_CODEGEN_LOWERING_H
