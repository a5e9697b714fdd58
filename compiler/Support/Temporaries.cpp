//===- Temporaries.cpp - Temporary files that outlive no killed nnc -------===//

#include "Support/Temporaries.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

#include <cerrno>
#include <csignal>
#include <unistd.h>

using namespace nnc;

namespace {

/// LLVM's unique names replace each '%' by a lower-case hex digit.
constexpr llvm::StringLiteral kUniquePart = "%%%%%%";

std::string pidPrefix(llvm::StringRef prefix) {
  return (prefix + "-" + llvm::Twine(llvm::sys::Process::getProcessId())).str();
}

bool isProcessRunning(unsigned long pid) {
  if (pid == 0 || pid != static_cast<unsigned long>(static_cast<pid_t>(pid)))
    return false;
  // Signal 0 only checks; EPERM: it runs, as another user.
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH;
}

/// The pid in `<prefix>-<pid>-XXXXXX<suffix>`, or 0 when `name` is not one
/// of our names.
unsigned long pidInName(llvm::StringRef name, llvm::StringRef prefix,
                        llvm::StringRef suffix) {
  if (!name.consume_front(prefix) || !name.consume_front("-") ||
      !name.consume_back(suffix))
    return 0;
  auto [digits, unique] = name.split('-');
  auto isUniqueChar = [](char c) { return llvm::isDigit(c) || (c >= 'a' && c <= 'f'); };
  unsigned long pid = 0;
  if (unique.size() != kUniquePart.size() || !llvm::all_of(unique, isUniqueChar) ||
      digits.empty() || !llvm::all_of(digits, llvm::isDigit) ||
      digits.getAsInteger(10, pid))
    return 0;
  return pid;
}

} // namespace

void nnc::removeStaleTemporaries(llvm::StringRef prefix, llvm::StringRef suffix) {
  llvm::SmallString<128> directory;
  llvm::sys::path::system_temp_directory(/*ErasedOnReboot=*/true, directory);
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(directory, ec, /*FollowSymlinks=*/false),
       end;
       it != end && !ec; it.increment(ec)) {
    llvm::StringRef name = llvm::sys::path::filename(it->path());
    unsigned long pid = pidInName(name, prefix, suffix);
    if (pid == 0 || isProcessRunning(pid))
      continue;
    llvm::sys::fs::file_status status;
    if (llvm::sys::fs::status(it->path(), status, /*Follow=*/false) ||
        status.getUser() != ::getuid())
      continue;
    if (status.type() == llvm::sys::fs::file_type::directory_file)
      (void)llvm::sys::fs::remove_directories(it->path(), /*IgnoreErrors=*/true);
    else if (status.type() == llvm::sys::fs::file_type::regular_file)
      (void)llvm::sys::fs::remove(it->path());
  }
}

std::error_code nnc::createProcessTemporaryFile(llvm::StringRef prefix,
                                                llvm::StringRef suffix,
                                                llvm::SmallVectorImpl<char> &path) {
  removeStaleTemporaries(prefix, suffix);
  llvm::SmallString<128> model;
  llvm::sys::path::system_temp_directory(/*ErasedOnReboot=*/true, model);
  llvm::sys::path::append(model, pidPrefix(prefix) + "-" + kUniquePart + suffix);
  return llvm::sys::fs::createUniqueFile(model, path);
}

std::error_code
nnc::createProcessTemporaryDirectory(llvm::StringRef prefix,
                                     llvm::SmallVectorImpl<char> &path) {
  removeStaleTemporaries(prefix, "");
  // createUniqueDirectory appends "-XXXXXX" in the temporary directory.
  return llvm::sys::fs::createUniqueDirectory(pidPrefix(prefix), path);
}
