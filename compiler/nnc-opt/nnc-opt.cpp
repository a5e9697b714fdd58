//===- nnc-opt.cpp - mlir-opt for the nn dialect --------------------------===//
//
// Parses, verifies and prints nn dialect IR (and runs passes once they
// exist); the lit tests drive the dialect through it.
//
//===----------------------------------------------------------------------===//

#include "nn/IR/NNDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  registry.insert<nnc::nn::NNDialect, mlir::func::FuncDialect>();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "nn dialect optimizer driver\n", registry));
}
