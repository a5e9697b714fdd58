//===- FrontendFuzzer.cpp - libFuzzer target: .nn text to training IR ----===//
//
// Runs on each input what `nnc --emit=summary` and `nnc --emit=mlir-train`
// run before code generation: lexer, parser and Sema, MLIRGen with every
// shape inferred and the module verified, the summary rows, nn-make-step for
// sequence models and nn-autodiff for models with a train block, printing
// the IR after each stage (to nowhere). Input that is rejected with
// diagnostics is fine; a crash, an assertion, a sanitizer report or a
// timeout is a bug. Halide code generation is left out: it takes seconds per
// model, and the Codegen and e2e suites cover it.
//
//===----------------------------------------------------------------------===//

#include "Driver/ModelSummary.h"
#include "Frontend/Frontend.h"
#include "MLIRGen/MLIRGen.h"
#include "nn/IR/NNDialect.h"
#include "nn/IR/NNOps.h"
#include "nn/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>

using namespace nnc;

namespace {

bool hasLSTM(mlir::ModuleOp module) {
  bool found = false;
  module.walk([&](nn::LSTMOp) { found = true; });
  return found;
}

/// Runs one pass; false when it reported an error. A pass that succeeds but
/// leaves an invalid module is a bug like a crash: the pass manager would
/// report it as just another diagnostic, so the verifier runs here instead.
bool runPass(mlir::ModuleOp module, std::unique_ptr<mlir::Pass> pass) {
  mlir::PassManager passes(module.getContext());
  passes.enableVerifier(false);
  passes.addPass(std::move(pass));
  if (mlir::failed(passes.run(module)))
    return false;
  if (mlir::failed(mlir::verify(module))) {
    llvm::errs() << "a pass left an invalid module\n";
    abort();
  }
  return true;
}

void compile(llvm::StringRef text) {
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(text, "fuzz.nn"), llvm::SMLoc());

  // A fresh context per input: nothing uniqued by one input (names,
  // locations, shapes) piles up over millions of runs or changes the next.
  // No thread pool: the driver's passes run on one module at a time anyway.
  mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
  context.loadDialect<nn::NNDialect, mlir::func::FuncDialect>();
  // Diagnostics are formatted as nnc prints them (source line and caret),
  // then dropped.
  mlir::SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context, llvm::nulls());

  std::unique_ptr<ast::Module> ast = parseModule(sourceMgr, context);
  if (!ast)
    return;
  {
    std::string dump;
    llvm::raw_string_ostream os(dump);
    dumpAST(*ast, os);
  }
  mlir::OwningOpRef<mlir::ModuleOp> module = generateMLIR(context, *ast);
  if (!module)
    return;
  for (auto model : module->getOps<mlir::func::FuncOp>())
    (void)summarizeModel(model);
  module->print(llvm::nulls());

  if (hasLSTM(*module) && !runPass(*module, nn::createMakeStepPass()))
    return;
  if (runPass(*module, nn::createAutodiffPass()))
    module->print(llvm::nulls());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  compile(llvm::StringRef(reinterpret_cast<const char *>(data), size));
  return 0;
}
