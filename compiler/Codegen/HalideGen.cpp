//===- HalideGen.cpp - nn dialect to ahead-of-time compiled Halide --------===//

#include "Codegen/HalideGen.h"

#include "Codegen/HalideErrors.h"
#include "Codegen/Pipeline.h"
#include "Support/ForkedJobs.h"
#include "Support/ObjectCache.h"
#include "Support/Temporaries.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <chrono>
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

ModelPipeline buildScheduled(const PipelineFunction &function, const Halide::Target &target,
                             bool packSequences) {
  ModelPipeline pipeline =
      buildPipeline(function, chooseScheduleParameters(target), packSequences);
  schedulePipeline(pipeline, target);
  return pipeline;
}

/// The target `pipeline` is lowered for. Only the runtime calls a model's
/// pipeline, always with its buffers, never to ask what region they need: no
/// bounds-query code (a residual network's gradient compiles in 19.6 s
/// instead of 22.4). A step pipeline answers its caller's bounds queries.
Halide::Target loweringTarget(const Halide::Target &target, bool calledByPipeline) {
  return calledByPipeline ? target : target.with_feature(Halide::Target::NoBoundsQuery);
}

/// `pipeline` and the step pipelines it calls (StepPipeline.h) as one module,
/// so that one object holds them.
Halide::Module compileToModule(const ModelPipeline &pipeline, const Halide::Target &target,
                               bool calledByPipeline = false) {
  Halide::Module module = pipeline.getPipeline().compile_to_module(
      pipeline.arguments, pipeline.functionName, loweringTarget(target, calledByPipeline));
  for (const std::shared_ptr<ModelPipeline> &called : pipeline.calledPipelines) {
    Halide::Module step = compileToModule(*called, target, /*calledByPipeline=*/true);
    for (const Halide::Internal::LoweredFunc &function : step.functions())
      module.append(function);
    for (const Halide::Buffer<void> &buffer : step.buffers())
      module.append(buffer);
  }
  return module;
}

/// `pipeline` and those it calls, in the order compiled.
std::vector<const ModelPipeline *> withCalledPipelines(const ModelPipeline &pipeline) {
  std::vector<const ModelPipeline *> all{&pipeline};
  for (const std::shared_ptr<ModelPipeline> &called : pipeline.calledPipelines)
    llvm::append_range(all, withCalledPipelines(*called));
  return all;
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

/// A pipeline's size in ops: how long it takes to compile, roughly (the
/// gradient pipeline is the largest and the slowest).
size_t countOperations(const PipelineFunction &function) {
  size_t count = 0;
  function.function->walk([&](mlir::Operation *) { ++count; });
  return count;
}

/// The text a compiled pipeline depends on: its kind, entry point, options
/// and IR.
std::string pipelineKey(const PipelineFunction &function, const Halide::Target &target,
                        bool packSequences) {
  std::string key;
  llvm::raw_string_ostream os(key);
  os << "entry " << function.entryPoint << "\nkind " << int(function.kind) << "\ntarget "
     << target.to_string() << "\npack sequences " << packSequences << "\n";
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

  // Each object comes from the cache or from a job that compiles it into the
  // work directory; the jobs run side by side (Support/ForkedJobs.h).
  struct Job {
    mlir::Location loc;
    std::string name, key, path;
    std::function<void(const std::string &)> compile;
    size_t slot;     ///< its place in `objects`
    size_t expected; ///< how long it should take, relative to the others
  };
  std::vector<Job> jobs;
  auto produce = [&](mlir::Location loc, const std::string &name, const std::string &key,
                     size_t expected, std::function<void(const std::string &)> compile) {
    objects.emplace_back();
    if (cache)
      if (std::optional<std::string> cached = cache->find(name, key)) {
        objects.back() = *cached;
        ++fromCache;
        return;
      }
    llvm::SmallString<128> path(directory);
    llvm::sys::path::append(path, name + ".o");
    jobs.push_back(
        {loc, name, key, path.str().str(), std::move(compile), objects.size() - 1, expected});
  };
  for (PipelineFunction function : compiledFunctions(module))
    produce(function.function.getLoc(), function.entryPoint,
            pipelineKey(function, pipelineTarget, options.packSequences),
            countOperations(function),
            [function, pipelineTarget, pack = options.packSequences](const std::string &path) {
              ModelPipeline pipeline = buildScheduled(function, pipelineTarget, pack);
              compileToModule(pipeline, pipelineTarget)
                  .compile({{Halide::OutputFileType::object, path}});
            });
  produce(module.getLoc(), "halide_runtime", "the Halide runtime\ntarget " + target->to_string(),
          /*expected=*/0, [runtimeTarget = *target](const std::string &path) {
            Halide::compile_standalone_runtime(path, runtimeTarget);
          });

  // Longest first: with the gradient pipeline started last, two cores sat
  // idle for its last seconds (lyricist_small: 4 s of 27).
  llvm::stable_sort(jobs, [](const Job &a, const Job &b) { return a.expected > b.expected; });
  std::vector<std::function<bool()>> work;
  for (const Job &job : jobs)
    work.push_back([&job, log = options.log] {
      auto start = std::chrono::steady_clock::now();
      bool done =
          succeeded(withHalideErrors(job.loc, job.name, [&] { job.compile(job.path); }));
      // Printed by the child that compiled it, so as it finishes.
      if (done && log)
        *log << llvm::formatv("nnc: compiled {0} in {1:f1} s\n", job.name,
                              std::chrono::duration<double>(
                                  std::chrono::steady_clock::now() - start)
                                  .count());
      return done;
    });
  std::vector<JobOutcome> outcomes = runForkedJobs(work, options.jobs);
  bool failed = false;
  for (auto [job, outcome] : llvm::zip(jobs, outcomes)) {
    if (!outcome.succeeded) {
      if (!outcome.problem.empty())
        mlir::emitError(job.loc) << "compiling pipeline '" << job.name
                                 << "': " << outcome.problem;
      failed = true;
      continue;
    }
    ++compiled;
    objects[job.slot] = job.path;
    if (cache)
      if (std::string problem = cache->store(job.name, job.key, job.path);
          !problem.empty() && options.log)
        *options.log << "nnc: not cached: " << problem << "\n";
  }
  if (failed)
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
    ModelPipeline pipeline;
    if (failed(withHalideErrors(function.function.getLoc(), function.entryPoint, [&] {
          pipeline = buildScheduled(function, *target, options.packSequences);
        })))
      return mlir::failure();
    for (const ModelPipeline *each : withCalledPipelines(pipeline)) {
      if (failed(withHalideErrors(function.function.getLoc(), each->functionName, [&] {
            each->getPipeline().compile_to_lowered_stmt(
                path.str().str(), each->arguments, Halide::StmtOutputFormat::Text,
                loweringTarget(*target, /*calledByPipeline=*/each != &pipeline));
          })))
        return mlir::failure();
      auto buffer = llvm::MemoryBuffer::getFile(path);
      if (!buffer) {
        mlir::emitError(function.function.getLoc()) << "cannot read back Halide's statement";
        return mlir::failure();
      }
      os << "// Halide pipeline " << each->functionName << "\n"
         << (*buffer)->getBuffer() << "\n";
    }
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
          pipeline = buildScheduled(function, *target, options.packSequences);
        })))
      return mlir::failure();
    for (const ModelPipeline *each : withCalledPipelines(pipeline)) {
      os << "pipeline " << each->functionName << " (" << each->schedule.size()
         << " scheduled Funcs; arguments:";
      for (const Halide::Argument &argument : each->arguments)
        os << " " << argument.name;
      os << "; outputs:";
      for (const TensorFunc &output : each->outputs)
        os << " " << displayName(output.func.name());
      os << ")\n";
      if (const std::optional<RunningRows> &rows = each->runningRows)
        os << "  time steps: "
           << (rows->skipEnded ? "the rows still running, nnc_running_rows(" + rows->labels.name() +
                                     ", padding class " + std::to_string(rows->ignoreClass) + ")"
                               : std::string("every row (--no-sequence-packing)"))
           << "\n";
      for (const ScheduleNote &note : each->schedule)
        os << "  " << note.func << ": " << note.schedule << "\n";
      os << "\n";
    }
  }
  return mlir::success();
}
