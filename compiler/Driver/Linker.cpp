//===- Linker.cpp - Turn generated objects into one executable ------------===//
//
// The runtime's build writes the linker arguments it needs next to the library
// (lib/nncrt-link.txt, lib/nncrt-include.txt); nnc finds them relative to its
// own executable, so a build tree works without installing.
//
//===----------------------------------------------------------------------===//

#include "Driver/Linker.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace nnc;

static void anchor() {}

/// Whitespace-separated words of `<libdir>/<name>`.
static llvm::Expected<std::vector<std::string>> readRuntimeFile(llvm::StringRef name) {
  std::string self = llvm::sys::fs::getMainExecutable(
      nullptr, reinterpret_cast<void *>(&anchor));
  llvm::SmallString<256> path(llvm::sys::path::parent_path(self));
  llvm::sys::path::append(path, "..", "lib", name);
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return llvm::createStringError(buffer.getError(),
                                   "cannot find the nnc runtime description '" + path +
                                       "' (is nnc run from its build directory?)");
  llvm::SmallVector<llvm::StringRef> words;
  llvm::SplitString((*buffer)->getBuffer(), words);
  return std::vector<std::string>(words.begin(), words.end());
}

llvm::Error nnc::linkExecutable(const std::string &registrySource,
                                const std::vector<std::string> &objects,
                                const std::string &output, bool verbose) {
  auto includes = readRuntimeFile("nncrt-include.txt");
  if (!includes)
    return includes.takeError();
  auto libraries = readRuntimeFile("nncrt-link.txt");
  if (!libraries)
    return libraries.takeError();

  const char *fromEnvironment = std::getenv("CXX");
  std::string compilerName = fromEnvironment && *fromEnvironment ? fromEnvironment : "c++";
  auto compiler = llvm::sys::findProgramByName(compilerName);
  if (!compiler)
    return llvm::createStringError(compiler.getError(),
                                   "cannot find the C++ compiler '" + compilerName +
                                       "' used to link the executable (install g++)");

  std::vector<std::string> args = {*compiler, "-std=c++17", "-O1"};
  for (const std::string &include : *includes)
    args.push_back("-I" + include);
  args.push_back(registrySource);
  args.insert(args.end(), objects.begin(), objects.end());
  args.insert(args.end(), libraries->begin(), libraries->end());
  args.push_back("-o");
  args.push_back(output);

  std::vector<llvm::StringRef> argRefs(args.begin(), args.end());
  if (verbose) {
    llvm::interleave(args, llvm::errs(), " ");
    llvm::errs() << "\n";
  }
  std::string message;
  int status = llvm::sys::ExecuteAndWait(*compiler, argRefs, std::nullopt, {}, 0, 0,
                                         &message);
  if (status != 0)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "linking '" + output + "' failed" +
                                       (message.empty() ? "" : ": " + message) +
                                       " (rerun with -v to see the command)");
  return llvm::Error::success();
}
