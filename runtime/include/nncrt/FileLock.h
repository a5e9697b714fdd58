//===- FileLock.h - One process at a time per output file ------------------===//
//
// `train` holds an advisory lock (flock) on `<checkpoint>.lock` for the whole
// run: a second run on the same checkpoint would interleave the metrics log
// and lose epochs to the first one's renames. The lock file holds the
// holder's pid, so that the refusal can name it; the kernel drops the lock
// when its holder dies, so a killed run never blocks the next one. The file
// is removed when the lock is released (the lock is taken on the file the
// path still names, so a removal never lets two holders in).
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_FILELOCK_H
#define NNCRT_FILELOCK_H

#include <memory>
#include <string>

namespace nncrt {

class FileLock {
public:
  /// Locks `<path>.lock`, or returns null when another process holds it and
  /// sets `holder` to its pid (0 when it cannot be told). Throws Error when
  /// the lock file cannot be created.
  static std::unique_ptr<FileLock> tryAcquire(const std::string &path,
                                              long &holder);
  ~FileLock();
  FileLock(const FileLock &) = delete;
  FileLock &operator=(const FileLock &) = delete;

  const std::string &lockPath() const { return path; }

private:
  FileLock(std::string path, int fd) : path(std::move(path)), fd(fd) {}

  std::string path;
  int fd;
};

} // namespace nncrt

#endif // NNCRT_FILELOCK_H
