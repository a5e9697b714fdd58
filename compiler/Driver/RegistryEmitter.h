//===- RegistryEmitter.h - The C++ file describing the compiled models ----===//
//
// Writes the definition of `nnc_model_registry` (runtime/include/nncrt/
// ModelDesc.h): names, shapes, initializers and summary rows of every model,
// and pointers to the Halide entry points. The runtime needs nothing else.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_DRIVER_REGISTRYEMITTER_H
#define NNC_DRIVER_REGISTRYEMITTER_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

namespace nnc {

void emitModelRegistry(mlir::ModuleOp module, llvm::StringRef sourceFile,
                       llvm::raw_ostream &os);

} // namespace nnc

#endif // NNC_DRIVER_REGISTRYEMITTER_H
