//===- ObjectCache.cpp - Compiled pipelines kept between runs of nnc ------===//

#include "Support/ObjectCache.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SHA256.h"

using namespace nnc;

std::string ObjectCache::defaultDirectory() {
  if (std::optional<std::string> dir = llvm::sys::Process::GetEnv("NNC_CACHE_DIR"))
    return *dir;
  llvm::SmallString<128> path;
  if (std::optional<std::string> xdg = llvm::sys::Process::GetEnv("XDG_CACHE_HOME");
      xdg && !xdg->empty()) {
    path = *xdg;
  } else if (std::optional<std::string> home = llvm::sys::Process::GetEnv("HOME");
             home && !home->empty()) {
    path = *home;
    llvm::sys::path::append(path, ".cache");
  } else {
    return "";
  }
  llvm::sys::path::append(path, "nnc");
  return path.str().str();
}

ObjectCache::ObjectCache(std::string directory, std::string identity)
    : folder(std::move(directory)), identity(std::move(identity)) {}

std::string ObjectCache::pathOf(llvm::StringRef name, llvm::StringRef key) const {
  llvm::SHA256 hash;
  hash.update(identity);
  hash.update(llvm::StringRef("\0", 1));
  hash.update(key);
  llvm::SmallString<128> path(folder);
  llvm::sys::path::append(path, name + "-" + llvm::toHex(hash.final(), /*LowerCase=*/true) +
                                    ".o");
  return path.str().str();
}

std::optional<std::string> ObjectCache::find(llvm::StringRef name,
                                             llvm::StringRef key) const {
  std::string path = pathOf(name, key);
  uint64_t size = 0;
  // An empty file is no object (nothing stores one).
  if (llvm::sys::fs::file_size(path, size) || size == 0)
    return std::nullopt;
  return path;
}

std::string ObjectCache::store(llvm::StringRef name, llvm::StringRef key,
                               llvm::StringRef object) const {
  auto buffer = llvm::MemoryBuffer::getFile(object, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return "cannot read " + object.str() + ": " + buffer.getError().message();
  if (std::error_code ec = llvm::sys::fs::create_directories(folder))
    return "cannot create " + folder + ": " + ec.message();
  // A unique temporary beside the entry, renamed into place: readers see
  // the whole object or none, whatever else runs.
  std::string path = pathOf(name, key);
  llvm::SmallString<128> temporary;
  int fd;
  if (std::error_code ec =
          llvm::sys::fs::createUniqueFile(path + ".tmp-%%%%%%%%", fd, temporary))
    return "cannot write in " + folder + ": " + ec.message();
  std::string problem;
  {
    llvm::raw_fd_ostream out(fd, /*shouldClose=*/true);
    out << (*buffer)->getBuffer();
    out.close();
    if (out.has_error()) {
      problem = "cannot write " + temporary.str().str() + ": " + out.error().message();
      out.clear_error();
    }
  }
  if (problem.empty())
    if (std::error_code ec = llvm::sys::fs::rename(temporary, path))
      problem = "cannot rename " + temporary.str().str() + ": " + ec.message();
  if (!problem.empty())
    llvm::sys::fs::remove(temporary);
  return problem;
}

std::string nnc::executableIdentity() {
  static const std::string identity = [] {
    std::string self = llvm::sys::fs::getMainExecutable(nullptr, nullptr);
    auto buffer = llvm::MemoryBuffer::getFile(self, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!buffer)
      return std::string();
    return llvm::toHex(llvm::SHA256::hash(llvm::arrayRefFromStringRef((*buffer)->getBuffer())),
                       /*LowerCase=*/true);
  }();
  return identity;
}
