//===- nnc-opt.cpp - mlir-opt for the nn dialect --------------------------===//
//
// Parses, verifies and prints nn dialect IR and runs the nn passes
// (`--nn-autodiff`); the lit tests drive the dialect through it.
//
//===----------------------------------------------------------------------===//

#include "nn/IR/NNDialect.h"
#include "nn/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  registry.insert<nnc::nn::NNDialect, mlir::func::FuncDialect>();
  nnc::nn::registerNNPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "nn dialect optimizer driver\n", registry));
}
