//===- Sema.h - Name and layer resolution of a parsed module ----*- C++ -*-===//
//
// Sema turns the parser's tree into the resolved tree MLIRGen reads:
//  - every call knows its LayerSpec, its tensor inputs (an implicit chain
//    input made explicit as a NameRef to the previous value) and every
//    parameter, named, in spec order, with defaults filled in;
//  - every call has a layer name: the assigned name for `x = layer(...)` and
//    `output x = layer(...)`, `<layer>_<n>` otherwise (n counts per layer
//    kind in source order, skipping names the model assigns itself);
//  - a Chain statement's `name` is the name of its value (its layer name),
//    so that later NameRefs to it resolve like any other value;
//  - the train block is checked and normalized (see TrainBlock.cpp).
// Shape errors are not checked here: the nn dialect's shape inference owns
// them.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_FRONTEND_SEMA_H
#define NNC_FRONTEND_SEMA_H

#include "Frontend/AST.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace nnc {

/// Resolves `module` in place; reports every error; false if there was any.
bool resolveModule(ast::Module &module);

/// Checks and normalizes one model's train block (TrainBlock.cpp); false if
/// an error was reported.
bool checkTrainBlock(const ast::Model &model, ast::TrainBlock &block);

/// A literal as shown in messages: `-3`, `1.5`, `'sme'`, `[3, 3, 3]`.
std::string formatLiteral(const ast::Literal &literal);

/// The list of choices for messages: "valid, same".
std::string joinNames(llvm::ArrayRef<llvm::StringRef> names);

} // namespace nnc

#endif // NNC_FRONTEND_SEMA_H
