//===- Frontend.cpp - From .nn text to a checked syntax tree --------------===//

#include "Frontend/Frontend.h"

#include "Frontend/Lexer.h"
#include "Frontend/Parser.h"
#include "Frontend/Sema.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include "llvm/Support/SourceMgr.h"

using namespace nnc;

std::unique_ptr<ast::Module> nnc::parseModule(llvm::SourceMgr &sourceMgr,
                                              mlir::MLIRContext &context) {
  const llvm::MemoryBuffer *buffer =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  llvm::StringRef filename = buffer->getBufferIdentifier();
  Lexer lexer(buffer->getBuffer(), filename, context);
  Parser parser(lexer, filename);
  std::unique_ptr<ast::Module> module = parser.parseModule();
  // Names are resolved only in a tree that parsed cleanly: a statement the
  // parser dropped would otherwise show up again as bogus "undefined" errors.
  if (parser.hadError())
    return nullptr;
  if (module->models.empty()) {
    mlir::emitError(lexer.getLoc(1, 1))
        << "no model in '" << filename
        << "'; expected 'model NAME { ... }'";
    return nullptr;
  }
  if (!resolveModule(*module))
    return nullptr;
  return module;
}
