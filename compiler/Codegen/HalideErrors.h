//===- HalideErrors.h - Halide's errors as one line for the user -*- C++ -*-===//
//
// A Halide error is often dozens of lines (a loop dump, the legal locations of
// a Func). For a model the language accepts it is nnc's bug, reported to the
// user in one line that names what failed.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_CODEGEN_HALIDEERRORS_H
#define NNC_CODEGEN_HALIDEERRORS_H

#include "llvm/ADT/StringRef.h"

#include <string>

namespace nnc::codegen {

/// The first line of Halide's `message`, without its "Error:" prefix, and the
/// Func it names (as the model names it, without Halide's "$n"), if any.
std::string summarizeHalideError(llvm::StringRef message);

} // namespace nnc::codegen

#endif // NNC_CODEGEN_HALIDEERRORS_H
