//===- HalideLowering.h - The op interface of code generation ---*- C++ -*-===//
//
// Every nn op that code generation handles implements HalideLowering through
// an external model, attached where its lowering is written:
//
//   void codegen::registerConvLowerings(mlir::MLIRContext *context) {
//     attachLowering<nn::Conv2DOp, lowerConvolution<nn::Conv2DOp>>(context);
//   }
//
//===----------------------------------------------------------------------===//

#ifndef NNC_CODEGEN_HALIDELOWERING_H
#define NNC_CODEGEN_HALIDELOWERING_H

#include "Codegen/Lowering.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OpDefinition.h"

#include "Codegen/HalideLoweringInterface.h.inc"

namespace nnc::codegen {

/// The external model that lowers `Op` with the function `Lower`, which takes
/// the op (or an mlir::Operation *) and the scope.
template <typename Op, auto Lower>
struct LowerWith : HalideLowering::ExternalModel<LowerWith<Op, Lower>, Op> {
  LoweredLayer lowerToHalide(mlir::Operation *op, const LoweringScope &scope) const {
    return Lower(llvm::cast<Op>(op), scope);
  }
};

template <typename Op, auto Lower>
void attachLowering(mlir::MLIRContext *context) {
  Op::template attachInterface<LowerWith<Op, Lower>>(*context);
}

/// Several ops lowered by one function (of an mlir::Operation *).
template <auto Lower, typename... Ops>
void attachLowerings(mlir::MLIRContext *context) {
  (attachLowering<Ops, Lower>(context), ...);
}

// Each family of lowerings attaches its models, in its own file.
void registerActivationLowerings(mlir::MLIRContext *context);
void registerConvLowerings(mlir::MLIRContext *context);
void registerConvGradLowerings(mlir::MLIRContext *context);
void registerDenseLowerings(mlir::MLIRContext *context);
void registerDropoutLowerings(mlir::MLIRContext *context);
void registerEmbeddingLowerings(mlir::MLIRContext *context);
void registerGlobalPoolLowerings(mlir::MLIRContext *context);
void registerGRULowerings(mlir::MLIRContext *context);
void registerLayerGradLowerings(mlir::MLIRContext *context);
void registerLayoutLowerings(mlir::MLIRContext *context);
void registerLossLowerings(mlir::MLIRContext *context);
void registerLSTMLowerings(mlir::MLIRContext *context);
void registerLSTMGradLowerings(mlir::MLIRContext *context);
void registerMarginLowerings(mlir::MLIRContext *context);
void registerMergeLowerings(mlir::MLIRContext *context);
void registerNormalizationLowerings(mlir::MLIRContext *context);
void registerOptimizerLowerings(mlir::MLIRContext *context);
void registerPoolLowerings(mlir::MLIRContext *context);
void registerPoolGradLowerings(mlir::MLIRContext *context);
void registerSimpleRNNLowerings(mlir::MLIRContext *context);

} // namespace nnc::codegen

#endif // NNC_CODEGEN_HALIDELOWERING_H
