//===- HalideGen.cpp - nn dialect to ahead-of-time compiled Halide --------===//

#include "Codegen/HalideGen.h"

#include "Codegen/ForwardPipeline.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace nnc;
using namespace nnc::codegen;

namespace {

/// Runs `body`, turning a Halide exception into an error at `loc`.
template <typename Body>
mlir::LogicalResult withHalideErrors(mlir::Location loc, Body &&body) {
  try {
    body();
    return mlir::success();
  } catch (const Halide::Error &error) {
    mlir::emitError(loc) << "Halide: " << error.what();
  } catch (const std::exception &error) {
    mlir::emitError(loc) << "code generation failed: " << error.what();
  }
  return mlir::failure();
}

ForwardPipeline buildScheduled(mlir::func::FuncOp function,
                               const Halide::Target &target) {
  ForwardPipeline pipeline = buildForwardPipeline(function);
  scheduleForwardPipeline(pipeline, target);
  return pipeline;
}

} // namespace

bool nnc::isValidHalideTarget(const std::string &target) {
  return Halide::Target::validate_target_string(target);
}

mlir::LogicalResult nnc::compileToObjects(mlir::ModuleOp module,
                                          const HalideOptions &options,
                                          llvm::StringRef directory,
                                          std::vector<std::string> &objects) {
  auto target = std::make_optional<Halide::Target>(options.target);
  // One runtime for all pipelines, so several models link into one program.
  Halide::Target pipelineTarget = target->with_feature(Halide::Target::NoRuntime);

  for (auto function : module.getOps<mlir::func::FuncOp>()) {
    llvm::SmallString<128> path(directory);
    llvm::sys::path::append(path, function.getName() + ".o");
    if (failed(withHalideErrors(function.getLoc(), [&] {
          ForwardPipeline pipeline = buildScheduled(function, pipelineTarget);
          pipeline.getPipeline().compile_to_object(
              path.str().str(), pipeline.getArguments(), pipeline.functionName,
              pipelineTarget);
        })))
      return mlir::failure();
    objects.push_back(path.str().str());
  }

  llvm::SmallString<128> runtimePath(directory);
  llvm::sys::path::append(runtimePath, "halide_runtime.o");
  if (failed(withHalideErrors(module.getLoc(), [&] {
        Halide::compile_standalone_runtime(runtimePath.str().str(), *target);
      })))
    return mlir::failure();
  objects.push_back(runtimePath.str().str());
  return mlir::success();
}

mlir::LogicalResult nnc::printLoweredHalide(mlir::ModuleOp module,
                                            const HalideOptions &options,
                                            llvm::raw_ostream &os) {
  auto target = std::make_optional<Halide::Target>(options.target);
  // Halide writes statements to a file only; read it back.
  llvm::SmallString<128> path;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("nnc-halide", "stmt", path)) {
    mlir::emitError(module.getLoc()) << "cannot create a temporary file: "
                                     << ec.message();
    return mlir::failure();
  }
  llvm::FileRemover remover(path);
  for (auto function : module.getOps<mlir::func::FuncOp>()) {
    if (failed(withHalideErrors(function.getLoc(), [&] {
          ForwardPipeline pipeline = buildScheduled(function, *target);
          pipeline.getPipeline().compile_to_lowered_stmt(
              path.str().str(), pipeline.getArguments(), Halide::StmtOutputFormat::Text,
              *target);
        })))
      return mlir::failure();
    auto buffer = llvm::MemoryBuffer::getFile(path);
    if (!buffer) {
      mlir::emitError(function.getLoc()) << "cannot read back Halide's statement";
      return mlir::failure();
    }
    os << "// Halide pipeline " << function.getName() << "_forward\n"
       << (*buffer)->getBuffer() << "\n";
  }
  return mlir::success();
}
