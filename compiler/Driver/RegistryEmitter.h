//===- RegistryEmitter.h - The C++ file describing the compiled models ----===//
//
// Writes the definition of `nnc_model_registry` (runtime/include/nncrt/
// ModelDesc.h): names, shapes, initializers and summary rows of every model,
// its training settings, the one-token step of sequence models, and pointers
// to the Halide entry points. The runtime needs nothing else.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_DRIVER_REGISTRYEMITTER_H
#define NNC_DRIVER_REGISTRYEMITTER_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

namespace nnc {

/// Fails (after reporting it) on what the runtime could not describe: an
/// initializer it lacks, a step function whose states do not match.
mlir::LogicalResult emitModelRegistry(mlir::ModuleOp module,
                                      llvm::StringRef sourceFile,
                                      llvm::raw_ostream &os);

} // namespace nnc

#endif // NNC_DRIVER_REGISTRYEMITTER_H
