//===- Frontend.h - From .nn text to a checked syntax tree ----------------===//
//
// Errors are reported as MLIR diagnostics at FileLineColLoc locations; the
// caller installs a SourceMgrDiagnosticHandler so that each one prints as
// `file:line:col: error: message`, the source line and a caret.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_FRONTEND_FRONTEND_H
#define NNC_FRONTEND_FRONTEND_H

#include "Frontend/AST.h"

#include "llvm/Support/raw_ostream.h"

#include <memory>

namespace llvm {
class SourceMgr;
}
namespace mlir {
class MLIRContext;
}

namespace nnc {

/// Lexes, parses and checks the main buffer of `sourceMgr`. Every error found
/// is reported (not only the first); returns null when there was any.
std::unique_ptr<ast::Module> parseModule(llvm::SourceMgr &sourceMgr,
                                         mlir::MLIRContext &context);

/// Prints the resolved tree, one node a line, for `nnc --emit=ast`.
void dumpAST(const ast::Module &module, llvm::raw_ostream &os);

/// Prints a literal as it would be written in a model: `3`, `0.001`, `true`,
/// `same`, `"path"`, `[3, 3]`.
void printLiteral(const ast::Literal &literal, llvm::raw_ostream &os);

} // namespace nnc

#endif // NNC_FRONTEND_FRONTEND_H
