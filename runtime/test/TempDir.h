//===- TempDir.h - A scratch directory per test ----------------------------===//

#ifndef NNCRT_TEST_TEMPDIR_H
#define NNCRT_TEST_TEMPDIR_H

#include <string>
#include <string_view>

namespace nncrt::test {

/// A fresh directory under $TMPDIR (or /tmp), removed with its contents.
class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;

  const std::string &path() const { return root; }
  /// `root/name`.
  std::string file(std::string_view name) const;

private:
  std::string root;
};

/// Writes raw bytes to a file (non-atomically: tests build corrupt files).
void writeBytes(const std::string &path, std::string_view bytes);

/// Whether the file exists.
bool fileExists(const std::string &path);

/// The names in a directory, sorted.
std::string listDirectory(const std::string &path);

} // namespace nncrt::test

#endif // NNCRT_TEST_TEMPDIR_H
