//===- FileLock.cpp - One process at a time per output file ----------------===//

#include "nncrt/FileLock.h"

#include "nncrt/Error.h"

#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace nncrt {

namespace {

/// The pid a holder wrote into its lock file, or 0.
long readHolder(int fd) {
  char text[24] = {};
  ssize_t got = ::pread(fd, text, sizeof(text) - 1, 0);
  if (got <= 0)
    return 0;
  char *end = nullptr;
  long pid = std::strtol(text, &end, 10);
  return end != text && *end == '\n' && pid > 0 ? pid : 0;
}

/// Whether `fd` is the file `path` names now (not one a releasing holder
/// has just removed).
bool isCurrentFile(int fd, const std::string &path) {
  struct stat opened, named;
  return ::fstat(fd, &opened) == 0 && ::stat(path.c_str(), &named) == 0 &&
         opened.st_dev == named.st_dev && opened.st_ino == named.st_ino;
}

} // namespace

std::unique_ptr<FileLock> FileLock::tryAcquire(const std::string &path,
                                               long &holder) {
  std::string lockPath = path + ".lock";
  holder = 0;
  while (true) {
    int fd = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
      fail("{}: cannot create the lock file '{}': {}", path, lockPath,
           systemErrorText(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      int savedErrno = errno;
      if (savedErrno == EWOULDBLOCK)
        holder = readHolder(fd);
      ::close(fd);
      if (savedErrno == EWOULDBLOCK)
        return nullptr;
      if (savedErrno == EINTR)
        continue;
      fail("{}: cannot lock '{}': {}", path, lockPath,
           systemErrorText(savedErrno));
    }
    // The holder we waited for may have removed the file after we opened
    // it: a lock on the removed file would exclude nobody. Try again.
    if (!isCurrentFile(fd, lockPath)) {
      ::close(fd);
      continue;
    }
    std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd, 0) != 0 ||
        ::pwrite(fd, pid.data(), pid.size(), 0) != ssize_t(pid.size())) {
      int savedErrno = errno;
      ::unlink(lockPath.c_str());
      ::close(fd);
      fail("{}: cannot write the lock file '{}': {}", path, lockPath,
           systemErrorText(savedErrno));
    }
    return std::unique_ptr<FileLock>(new FileLock(lockPath, fd));
  }
}

FileLock::~FileLock() {
  // Removed while still locked: whoever opens it from now on gets a new file.
  ::unlink(path.c_str());
  ::close(fd);
}

} // namespace nncrt
