//===- HalideGen.cpp - nn dialect to ahead-of-time compiled Halide --------===//

#include "Codegen/HalideGen.h"

#include "Codegen/HalideErrors.h"
#include "Codegen/Pipeline.h"
#include "Support/ObjectCache.h"
#include "Support/Temporaries.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <dlfcn.h>
#include <sys/stat.h>

using namespace nnc;
using namespace nnc::codegen;

namespace {

/// Runs `body`, turning a Halide exception into an error at `loc`. The code
/// nnc generates for a model the language accepts must compile: Halide
/// rejecting it is nnc's bug, reported as such in one line.
template <typename Body>
mlir::LogicalResult withHalideErrors(mlir::Location loc, llvm::StringRef pipeline,
                                     Body &&body) {
  std::string reason;
  try {
    body();
    return mlir::success();
  } catch (const Halide::Error &error) {
    reason = summarizeHalideError(error.what());
  } catch (const std::exception &error) {
    reason = error.what();
  }
  mlir::emitError(loc) << "internal error: nnc generated code that Halide rejects in "
                       << pipeline << ": " << reason
                       << "; this is a bug in nnc, please report it with the model";
  return mlir::failure();
}

ModelPipeline buildScheduled(const PipelineFunction &function,
                             const Halide::Target &target) {
  ModelPipeline pipeline = buildPipeline(function, chooseScheduleParameters(target));
  schedulePipeline(pipeline, target);
  return pipeline;
}

/// The functions that become pipelines (the train step only calls them).
std::vector<PipelineFunction> compiledFunctions(mlir::ModuleOp module) {
  std::vector<PipelineFunction> functions = classifyFunctions(module);
  llvm::erase_if(functions, [](const PipelineFunction &function) {
    return function.kind == PipelineKind::TrainStep;
  });
  return functions;
}

/// What else an object depends on besides its pipeline and target: this nnc
/// and the Halide library it runs with (Debian may update it in place).
std::string compilerIdentity() {
  std::string identity = "nnc " + executableIdentity();
  Dl_info info;
  struct stat status;
  using CompileRuntime = void (*)(const std::string &, const Halide::Target &);
  auto symbol = static_cast<CompileRuntime>(&Halide::compile_standalone_runtime);
  if (dladdr(reinterpret_cast<void *>(symbol), &info) &&
      info.dli_fname && ::stat(info.dli_fname, &status) == 0)
    identity += llvm::formatv("\nhalide {0} {1} {2}", info.dli_fname, status.st_size,
                              status.st_mtime)
                    .str();
  return identity;
}

/// The text a compiled pipeline depends on: its kind, entry point and IR.
std::string pipelineKey(const PipelineFunction &function, const Halide::Target &target) {
  std::string key;
  llvm::raw_string_ostream os(key);
  os << "entry " << function.entryPoint << "\nkind " << int(function.kind) << "\ntarget "
     << target.to_string() << "\n";
  function.function->print(os);
  return key;
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
  std::optional<ObjectCache> cache;
  if (!options.cacheDirectory.empty())
    cache.emplace(options.cacheDirectory, compilerIdentity());
  int fromCache = 0, compiled = 0;

  // Takes the object of `name` from the cache, or makes it with `compile`
  // into the work directory and keeps it in the cache.
  auto produce = [&](mlir::Location loc, const std::string &name, const std::string &key,
                     auto &&compile) -> mlir::LogicalResult {
    if (cache)
      if (std::optional<std::string> cached = cache->find(name, key)) {
        objects.push_back(*cached);
        ++fromCache;
        return mlir::success();
      }
    llvm::SmallString<128> path(directory);
    llvm::sys::path::append(path, name + ".o");
    if (failed(withHalideErrors(loc, name, [&] { compile(path.str().str()); })))
      return mlir::failure();
    ++compiled;
    objects.push_back(path.str().str());
    if (cache)
      if (std::string problem = cache->store(name, key, path); !problem.empty() && options.log)
        *options.log << "nnc: not cached: " << problem << "\n";
    return mlir::success();
  };

  for (PipelineFunction function : compiledFunctions(module))
    if (failed(produce(function.function.getLoc(), function.entryPoint,
                       pipelineKey(function, pipelineTarget), [&](const std::string &path) {
                         ModelPipeline pipeline = buildScheduled(function, pipelineTarget);
                         pipeline.getPipeline().compile_to_object(
                             path, pipeline.arguments, pipeline.functionName, pipelineTarget);
                       })))
      return mlir::failure();
  if (failed(produce(module.getLoc(), "halide_runtime",
                     "the Halide runtime\ntarget " + target->to_string(),
                     [&](const std::string &path) {
                       Halide::compile_standalone_runtime(path, *target);
                     })))
    return mlir::failure();
  if (options.log && cache)
    *options.log << llvm::formatv("nnc: {0} of {1} objects from the cache ({2})\n",
                                  fromCache, fromCache + compiled, cache->directory());
  return mlir::success();
}

mlir::LogicalResult nnc::printLoweredHalide(mlir::ModuleOp module,
                                            const HalideOptions &options,
                                            llvm::raw_ostream &os) {
  auto target = std::make_optional<Halide::Target>(options.target);
  // Halide writes statements to a file only; read it back. (The pid in its
  // name lets the next nnc remove it if this one gets killed.)
  llvm::SmallString<128> path;
  if (std::error_code ec = createProcessTemporaryFile("nnc-halide", ".stmt", path)) {
    mlir::emitError(module.getLoc()) << "cannot create a temporary file: "
                                     << ec.message();
    return mlir::failure();
  }
  llvm::FileRemover remover(path);
  for (PipelineFunction function : compiledFunctions(module)) {
    if (failed(withHalideErrors(function.function.getLoc(), function.entryPoint, [&] {
          ModelPipeline pipeline = buildScheduled(function, *target);
          pipeline.getPipeline().compile_to_lowered_stmt(
              path.str().str(), pipeline.arguments, Halide::StmtOutputFormat::Text,
              *target);
        })))
      return mlir::failure();
    auto buffer = llvm::MemoryBuffer::getFile(path);
    if (!buffer) {
      mlir::emitError(function.function.getLoc())
          << "cannot read back Halide's statement";
      return mlir::failure();
    }
    os << "// Halide pipeline " << function.entryPoint << "\n"
       << (*buffer)->getBuffer() << "\n";
  }
  return mlir::success();
}

mlir::LogicalResult nnc::printSchedules(mlir::ModuleOp module,
                                        const HalideOptions &options,
                                        llvm::raw_ostream &os) {
  auto target = std::make_optional<Halide::Target>(options.target);
  for (PipelineFunction function : compiledFunctions(module)) {
    ModelPipeline pipeline;
    if (failed(withHalideErrors(function.function.getLoc(), function.entryPoint, [&] {
          pipeline = buildScheduled(function, *target);
        })))
      return mlir::failure();
    os << "pipeline " << pipeline.functionName << " (" << pipeline.schedule.size()
       << " scheduled Funcs; arguments:";
    for (const Halide::Argument &argument : pipeline.arguments)
      os << " " << argument.name;
    os << "; outputs:";
    for (const TensorFunc &output : pipeline.outputs)
      os << " " << displayName(output.func.name());
    os << ")\n";
    for (const ScheduleNote &note : pipeline.schedule)
      os << "  " << note.func << ": " << note.schedule << "\n";
    os << "\n";
  }
  return mlir::success();
}
