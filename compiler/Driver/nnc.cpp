//===- nnc.cpp - The nnc compiler driver ----------------------------------===//
//
//   nnc model.nn -o model          compile to a native executable
//   nnc --emit=ast|mlir|mlir-train|summary|onnx|torch|keras|schedule|halide|registry model.nn
//
//===----------------------------------------------------------------------===//

#include "Codegen/HalideGen.h"
#include "Codegen/PipelineKinds.h"
#include "Driver/Linker.h"
#include "Driver/ModelSummary.h"
#include "Driver/RegistryEmitter.h"
#include "Export/KerasExport.h"
#include "Export/OnnxExport.h"
#include "Export/TorchExport.h"
#include "Frontend/Frontend.h"
#include "MLIRGen/MLIRGen.h"
#include "Support/ForkedJobs.h"
#include "Support/ObjectCache.h"
#include "Support/Temporaries.h"
#include "nn/IR/NNDialect.h"
#include "nn/IR/NNOps.h"
#include "nn/IR/TensorLimits.h"
#include "nn/Transforms/Passes.h"
#include "nncrt/Summary.h"
#include "nncrt/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace nnc;
namespace cl = llvm::cl;

static_assert(nn::kMaxTensorRank == nncrt::HalideBufferView::kMaxRank,
              "the compiler accepts the tensors the runtime can pass to Halide");

namespace {
enum class Emit {
  AST,
  MLIR,
  MLIRTrain,
  Summary,
  Onnx,
  Torch,
  Keras,
  Schedule,
  Halide,
  Registry,
  Executable
};

cl::OptionCategory nncCategory("nnc options");

cl::opt<std::string> inputFilename(cl::Positional,
                                   cl::desc("<model.nn, or .mlir in the nn dialect>"),
                                   cl::Required, cl::cat(nncCategory));
cl::opt<std::string> outputFilename(
    "o", cl::desc("Output file (default: the model file's name without .nn, or "
                  "standard output for --emit other than exe)"),
    cl::value_desc("path"), cl::cat(nncCategory));
cl::opt<Emit> emitKind(
    "emit", cl::desc("What to produce"), cl::init(Emit::Executable),
    cl::values(clEnumValN(Emit::AST, "ast", "the checked syntax tree"),
               clEnumValN(Emit::MLIR, "mlir", "the nn dialect, every shape inferred"),
               clEnumValN(Emit::MLIRTrain, "mlir-train",
                          "the nn dialect after nn-autodiff: loss, gradient, "
                          "optimizer update and training step functions"),
               clEnumValN(Emit::Summary, "summary", "a Keras-style table of layers"),
               clEnumValN(Emit::Onnx, "onnx",
                          "the forward graph as an ONNX model, untrained: its "
                          "parameters are inputs (exe export --onnx adds the weights)"),
               clEnumValN(Emit::Torch, "torch",
                          "the forward graph as a PyTorch module (model.py), "
                          "untrained (exe export --torch adds the weights)"),
               clEnumValN(Emit::Keras, "keras",
                          "the model as a Python file that builds it in Keras 3 "
                          "(exe export --keras adds the weights)"),
               clEnumValN(Emit::Schedule, "schedule",
                          "each Halide pipeline, its Funcs and their schedules"),
               clEnumValN(Emit::Halide, "halide",
                          "Halide's lowered loop nests of each pipeline"),
               clEnumValN(Emit::Registry, "registry",
                          "the C++ model description linked into the executable"),
               clEnumValN(Emit::Executable, "exe", "a native executable (default)")),
    cl::cat(nncCategory));
cl::opt<std::string> halideTarget(
    "target", cl::desc("Halide target string (default: the machine nnc runs on)"),
    cl::init("host"), cl::cat(nncCategory));
cl::opt<bool> saveTemps("save-temps",
                        cl::desc("Keep the generated objects and sources"),
                        cl::cat(nncCategory));
cl::opt<bool> verbose("v", cl::desc("Print the link command and what came from the cache"),
                      cl::cat(nncCategory));
cl::opt<unsigned> parallelJobs(
    "j",
    cl::desc("Pipelines to compile at once, each in a process of its own "
             "(default: the number of cores)"),
    cl::value_desc("N"), cl::init(0), cl::cat(nncCategory));
cl::opt<bool> noCache("no-cache",
                      cl::desc("Compile every pipeline, neither reading nor filling the "
                               "cache of compiled pipelines ($NNC_CACHE_DIR, else "
                               "$XDG_CACHE_HOME/nnc, else ~/.cache/nnc)"),
                      cl::cat(nncCategory));

cl::opt<bool> noSequencePacking(
    "no-sequence-packing",
    cl::desc("Compute the padded time steps of language models too, as the padded "
             "computation does (the losses and gradients are the same; for comparing)"),
    cl::cat(nncCategory));

/// The code generator's options from the command line.
HalideOptions getHalideOptions() {
  HalideOptions options;
  options.target = halideTarget;
  options.packSequences = !noSequencePacking;
  return options;
}

std::string defaultExecutableName() {
  llvm::SmallString<128> name(llvm::sys::path::filename(inputFilename));
  llvm::sys::path::replace_extension(name, "");
  return name.str().str();
}

mlir::LogicalResult printSummaries(mlir::ModuleOp module, llvm::raw_ostream &os) {
  for (mlir::func::FuncOp model : getModels(module)) {
    std::vector<SummaryLine> lines = summarizeModel(model);
    std::vector<nncrt::SummaryRow> rows;
    for (const SummaryLine &line : lines)
      rows.push_back({line.layer.c_str(), line.type.c_str(), line.outputShape.c_str(),
                      line.params, line.connectedTo.c_str(),
                      line.receptiveField.c_str(), line.nonTrainableParams});
    os << nncrt::formatSummary(model.getName().str(), rows.data(),
                               static_cast<int>(rows.size()));
  }
  return mlir::success();
}

/// Whether a model has a recurrent layer (a state to carry from token to
/// token: LSTM, GRU, SimpleRNN) and
/// no step function yet (a .mlir file after nn-make-step has one).
bool hasRecurrentLayers(mlir::ModuleOp module) {
  bool recurrent = false;
  module.walk([&](mlir::Operation *op) { recurrent |= nn::isRecurrentLayer(op); });
  for (auto function : module.getOps<mlir::func::FuncOp>())
    if (getTrainingFunction(function, PipelineKind::Step))
      return false;
  return recurrent;
}

mlir::LogicalResult buildExecutable(mlir::ModuleOp module) {
  std::string output =
      outputFilename.empty() ? defaultExecutableName() : outputFilename.getValue();
  // A work directory to keep is named without a pid: no later nnc takes it
  // for one that a killed nnc left behind.
  llvm::SmallString<128> workDir;
  if (std::error_code ec = saveTemps
                               ? llvm::sys::fs::createUniqueDirectory("nnc", workDir)
                               : createProcessTemporaryDirectory("nnc", workDir)) {
    mlir::emitError(module.getLoc()) << "cannot create a temporary directory: "
                                     << ec.message();
    return mlir::failure();
  }
  auto cleanup = llvm::make_scope_exit([&] {
    if (saveTemps)
      llvm::errs() << "nnc: temporary files kept in " << workDir << "\n";
    else
      llvm::sys::fs::remove_directories(workDir);
  });

  std::vector<std::string> objects;
  HalideOptions halideOptions = getHalideOptions();
  halideOptions.cacheDirectory = noCache ? std::string() : ObjectCache::defaultDirectory();
  halideOptions.log = verbose ? &llvm::errs() : nullptr;
  halideOptions.jobs = parallelJobs ? parallelJobs.getValue() : defaultParallelJobs();
  if (failed(compileToObjects(module, halideOptions, workDir, objects)))
    return mlir::failure();

  llvm::SmallString<128> registryPath(workDir);
  llvm::sys::path::append(registryPath, "model_registry.cpp");
  {
    std::error_code ec;
    llvm::raw_fd_ostream registry(registryPath, ec);
    if (ec) {
      mlir::emitError(module.getLoc()) << "cannot write " << registryPath << ": "
                                       << ec.message();
      return mlir::failure();
    }
    if (failed(emitModelRegistry(module, inputFilename, registry)))
      return mlir::failure();
  }
  if (llvm::Error error =
          linkExecutable(registryPath.str().str(), objects, output, verbose)) {
    llvm::errs() << "nnc: error: " << llvm::toString(std::move(error)) << "\n";
    return mlir::failure();
  }
  return mlir::success();
}

int run() {
  if (!isValidHalideTarget(halideTarget)) {
    llvm::errs() << "nnc: error: invalid --target '" << halideTarget
                 << "' (expected a Halide target such as 'host' or "
                    "'x86-64-linux-avx2-fma')\n";
    return 1;
  }
  std::string errorMessage;
  auto buffer = llvm::MemoryBuffer::getFileOrSTDIN(inputFilename, /*IsText=*/true);
  if (std::error_code ec = buffer.getError()) {
    llvm::errs() << "nnc: error: cannot open '" << inputFilename
                 << "': " << ec.message() << "\n";
    return 1;
  }
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());

  mlir::DialectRegistry registry;
  registerHalideLowerings(registry);
  registerOnnxExports(registry);
  registerTorchExports(registry);
  registerKerasExports(registry);
  // No threads: pipelines compile in forked processes (Support/ForkedJobs.h),
  // which must not inherit a thread pool's locks; nnc's passes are cheap.
  mlir::MLIRContext context(registry, mlir::MLIRContext::Threading::DISABLED);
  context.loadDialect<nn::NNDialect, mlir::func::FuncDialect>();
  // An error names the model and the line; a dump of the IR it was found in
  // (MLIR's "see current operation" note) says nothing more to a user.
  context.printOpOnDiagnostic(false);
  mlir::SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);

  // A .mlir file holds nn dialect already (tests of later stages start there).
  bool fromMLIR = llvm::StringRef(inputFilename).ends_with(".mlir");
  std::unique_ptr<ast::Module> ast;
  if (!fromMLIR) {
    ast = parseModule(sourceMgr, context);
    if (!ast)
      return 1;
  } else if (emitKind == Emit::AST) {
    llvm::errs() << "nnc: error: --emit=ast needs a .nn file\n";
    return 1;
  }

  bool toFile = emitKind != Emit::Executable;
  std::unique_ptr<llvm::ToolOutputFile> out;
  if (toFile) {
    out = mlir::openOutputFile(outputFilename.empty() ? "-" : outputFilename.getValue(),
                               &errorMessage);
    if (!out) {
      llvm::errs() << "nnc: error: " << errorMessage << "\n";
      return 1;
    }
  }
  if (emitKind == Emit::AST) {
    dumpAST(*ast, out->os());
    out->keep();
    return 0;
  }

  mlir::OwningOpRef<mlir::ModuleOp> module =
      fromMLIR ? mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr, &context)
               : generateMLIR(context, *ast);
  if (!module)
    return 1;

  // The forward graphs alone answer this.
  if (emitKind == Emit::Summary) {
    if (failed(printSummaries(*module, out->os())))
      return 1;
    out->keep();
    return 0;
  }
  if (emitKind == Emit::Onnx) {
    std::vector<mlir::func::FuncOp> models = getModels(*module);
    if (models.size() != 1) {
      llvm::errs() << "nnc: error: --emit=onnx writes one model, and " << inputFilename
                   << " defines " << models.size() << "\n";
      return 1;
    }
    mlir::FailureOr<std::string> onnx = exportModelToOnnx(models.front());
    if (failed(onnx))
      return 1;
    out->os() << *onnx;
    out->keep();
    return 0;
  }
  if (emitKind == Emit::Torch) {
    std::vector<mlir::func::FuncOp> models = getModels(*module);
    if (models.size() != 1) {
      llvm::errs() << "nnc: error: --emit=torch writes one model, and " << inputFilename
                   << " defines " << models.size() << "\n";
      return 1;
    }
    mlir::FailureOr<torch_export::TorchModel> torch =
        exportModelToTorch(models.front(), inputFilename);
    if (failed(torch))
      return 1;
    out->os() << torch->source;
    out->keep();
    return 0;
  }
  if (emitKind == Emit::Keras) {
    std::vector<mlir::func::FuncOp> models = getModels(*module);
    if (models.size() != 1) {
      llvm::errs() << "nnc: error: --emit=keras writes one model, and " << inputFilename
                   << " defines " << models.size() << "\n";
      return 1;
    }
    mlir::FailureOr<std::string> keras = exportModelToKeras(models.front(), inputFilename);
    if (failed(keras))
      return 1;
    out->os() << *keras;
    out->keep();
    return 0;
  }
  // Sequence models get their one-token step function (@M_step) for
  // generation; it only clones the forward graph.
  if (hasRecurrentLayers(*module)) {
    mlir::PassManager stepPasses(&context);
    stepPasses.addPass(nn::createMakeStepPass());
    if (failed(stepPasses.run(*module)))
      return 1;
  }
  if (emitKind == Emit::MLIR) {
    module->print(out->os());
    out->keep();
    return 0;
  }
  // Everything past the forward graph needs the training functions of models
  // that have a train block.
  mlir::PassManager passes(&context);
  passes.addPass(nn::createAutodiffPass());
  if (failed(passes.run(*module)))
    return 1;

  mlir::LogicalResult result = mlir::success();
  switch (emitKind) {
  case Emit::AST:
  case Emit::MLIR:
  case Emit::Summary:
  case Emit::Onnx:
  case Emit::Torch:
  case Emit::Keras:
    break;
  case Emit::MLIRTrain:
    module->print(out->os());
    break;
  case Emit::Schedule:
    result = printSchedules(*module, getHalideOptions(), out->os());
    break;
  case Emit::Halide:
    result = printLoweredHalide(*module, getHalideOptions(), out->os());
    break;
  case Emit::Registry:
    result = emitModelRegistry(*module, inputFilename, out->os());
    break;
  case Emit::Executable:
    result = buildExecutable(*module);
    break;
  }
  if (failed(result))
    return 1;
  if (out)
    out->keep();
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  cl::HideUnrelatedOptions(nncCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "nnc: compile a neural network written in the nn language to a native program\n\n"
      "  nnc model.nn -o model     build ./model (run ./model --help)\n"
      "  nnc --emit=summary model.nn\n");
  return run();
}
