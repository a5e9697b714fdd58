//===- HalideGen.h - nn dialect to ahead-of-time compiled Halide ----------===//
//
// The only entry points into the Halide code generator. This header carries no
// Halide types: the code behind it is built with exceptions (Halide reports
// errors by throwing), the rest of nnc without. Failures become diagnostics.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_CODEGEN_HALIDEGEN_H
#define NNC_CODEGEN_HALIDEGEN_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace nnc {

struct HalideOptions {
  /// A Halide target string ("host", "x86-64-linux-avx2", ...).
  std::string target = "host";
  /// Where compiled pipelines are kept between runs (Support/ObjectCache.h);
  /// empty: every pipeline is compiled.
  std::string cacheDirectory;
  /// Where to say which pipelines came from the cache (nnc -v); may be null.
  llvm::raw_ostream *log = nullptr;
  /// Pipelines compiled at once, each in a child process
  /// (Support/ForkedJobs.h); 1: one after another, in this process.
  unsigned jobs = 1;
  /// Skip the padded time steps of language models where that is exact
  /// (SequencePacking.h); off only to compare with the padded computation.
  bool packSequences = true;
};

/// Attaches code generation's op interface (HalideLowering) to the nn ops;
/// call before creating the context that compiles.
void registerHalideLowerings(mlir::DialectRegistry &registry);

/// Whether `target` is a Halide target string this Halide understands.
bool isValidHalideTarget(const std::string &target);

/// Compiles every pipeline of `module` into `directory`: one object per
/// model (entry point `<model>_forward`) and, for models that train, one per
/// training function (`<model>_loss`, `<model>_gradient`, `<model>_update`),
/// each with Halide's `_argv` and `_metadata` companions, plus one object
/// holding the Halide runtime. Appends the object paths to `objects`: in the
/// cache, for the pipelines it holds or keeps.
mlir::LogicalResult compileToObjects(mlir::ModuleOp module,
                                     const HalideOptions &options,
                                     llvm::StringRef directory,
                                     std::vector<std::string> &objects);

/// Prints Halide's lowered statement of each model's pipeline: the loop nests
/// that the schedule produces (`nnc --emit=halide`).
mlir::LogicalResult printLoweredHalide(mlir::ModuleOp module,
                                       const HalideOptions &options,
                                       llvm::raw_ostream &os);

/// Lists each pipeline with its Funcs and what the schedule does to each:
/// compute_root/compute_at, parallel loops, vectorization, batch chunks
/// (`nnc --emit=schedule`).
mlir::LogicalResult printSchedules(mlir::ModuleOp module, const HalideOptions &options,
                                   llvm::raw_ostream &os);

} // namespace nnc

#endif // NNC_CODEGEN_HALIDEGEN_H
