//===- FileIO.cpp - Whole-file reads and atomic writes --------------------===//

#include "nncrt/FileIO.h"

#include "nncrt/Error.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace nncrt {

namespace {

/// writeFileAtomically's temporary of `path` is `<path>.tmp-<pid>`.
constexpr std::string_view kTemporaryInfix = ".tmp-";

/// Throws unless `path` names an existing regular file, so that a missing
/// file or a directory gets a clear message before any parsing starts.
void checkReadableFile(const std::string &path) {
  struct stat info;
  if (::stat(path.c_str(), &info) != 0)
    fail("{}: cannot open: {}", path, systemErrorText(errno));
  if (S_ISDIR(info.st_mode))
    fail("{}: is a directory, expected a file", path);
}

/// The uncompressed size a gzip file announces in its last four bytes
/// (ISIZE, modulo 2^32), or 0 when it is not gzip or cannot tell. Only a
/// capacity hint: it spares the doubling growth of the result (which would
/// briefly need twice the memory of a large data set).
size_t announcedGzipSize(const std::string &path) {
  std::FILE *file = std::fopen(path.c_str(), "rb");
  if (!file)
    return 0;
  unsigned char magic[2] = {0, 0}, trailer[4] = {0, 0, 0, 0};
  bool ok = std::fread(magic, 1, 2, file) == 2 && magic[0] == 0x1f &&
            magic[1] == 0x8b && std::fseek(file, -4, SEEK_END) == 0 &&
            std::fread(trailer, 1, 4, file) == 4;
  std::fclose(file);
  if (!ok)
    return 0;
  size_t size = size_t(trailer[0]) | size_t(trailer[1]) << 8 |
                size_t(trailer[2]) << 16 | size_t(trailer[3]) << 24;
  return std::min<size_t>(size, size_t(1) << 30);
}

} // namespace

std::string readFile(const std::string &path) {
  checkReadableFile(path);
  std::FILE *file = std::fopen(path.c_str(), "rb");
  if (!file)
    fail("{}: cannot open: {}", path, systemErrorText(errno));
  std::string bytes;
  char chunk[1 << 16];
  size_t got;
  while ((got = std::fread(chunk, 1, sizeof(chunk), file)) > 0)
    bytes.append(chunk, got);
  bool failed = std::ferror(file);
  std::fclose(file);
  if (failed)
    fail("{}: read error", path);
  return bytes;
}

std::string readPossiblyGzippedFile(const std::string &path) {
  checkReadableFile(path);
  // gzread passes plain files through unchanged.
  gzFile file = gzopen(path.c_str(), "rb");
  if (!file)
    fail("{}: cannot open: {}", path, systemErrorText(errno));
  std::string bytes;
  bytes.reserve(announcedGzipSize(path));
  char chunk[1 << 16];
  int got;
  while ((got = gzread(file, chunk, sizeof(chunk))) > 0)
    bytes.append(chunk, size_t(got));
  // zlib reports a stream cut short as Z_BUF_ERROR without failing gzread
  // (so that growing files can be read): ask for it explicitly.
  int code = Z_OK;
  std::string message = gzerror(file, &code);
  gzclose(file);
  // zlib starts its message with the path, which ours names already.
  if (message.rfind(path + ": ", 0) == 0)
    message.erase(0, path.size() + 2);
  if (got < 0 || (code != Z_OK && code != Z_STREAM_END))
    fail("{}: corrupt gzip data: {}", path, message);
  return bytes;
}

std::string gzipCompress(std::string_view bytes) {
  z_stream stream{};
  // windowBits 15 + 16 asks zlib for a gzip header and trailer.
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK)
    fail("cannot initialise gzip compression");
  std::string out(deflateBound(&stream, uLong(bytes.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(bytes.data()));
  stream.avail_in = uInt(bytes.size());
  stream.next_out = reinterpret_cast<Bytef *>(out.data());
  stream.avail_out = uInt(out.size());
  int status = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (status != Z_STREAM_END)
    fail("gzip compression failed");
  return out;
}

bool isProcessRunning(long pid) {
  if (pid <= 0 || pid != long(pid_t(pid)))
    return false;
  // Signal 0 checks for existence; EPERM means it runs as another user.
  return ::kill(pid_t(pid), 0) == 0 || errno != ESRCH;
}

std::pair<std::string, std::string> splitPath(const std::string &path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos)
    return {".", path};
  return {slash == 0 ? "/" : path.substr(0, slash), path.substr(slash + 1)};
}

void removeStaleTemporaries(const std::string &path) {
  auto [directory, name] = splitPath(path);
  std::string prefix = name + std::string(kTemporaryInfix);
  DIR *handle = ::opendir(directory.c_str());
  if (!handle)
    return;
  std::vector<std::string> stale;
  while (dirent *entry = ::readdir(handle)) {
    std::string_view candidate = entry->d_name;
    if (candidate.size() <= prefix.size() || candidate.substr(0, prefix.size()) != prefix)
      continue;
    std::string_view digits = candidate.substr(prefix.size());
    // Exactly our naming: decimal, no sign or leading zero, a plausible pid.
    if (digits.size() > 9 || digits[0] == '0' ||
        !std::all_of(digits.begin(), digits.end(),
                     [](char c) { return c >= '0' && c <= '9'; }))
      continue;
    if (!isProcessRunning(std::stol(std::string(digits))))
      stale.emplace_back(candidate);
  }
  ::closedir(handle);
  for (const std::string &file : stale) {
    std::string stalePath = directory + "/" + file;
    struct stat info;
    // Only regular files: never a directory or what a link points to.
    if (::lstat(stalePath.c_str(), &info) == 0 && S_ISREG(info.st_mode))
      ::unlink(stalePath.c_str());
  }
}

void writeFileAtomically(const std::string &path, std::string_view bytes) {
  removeStaleTemporaries(path);
  std::string tempPath =
      path + std::string(kTemporaryInfix) + std::to_string(::getpid());
  // O_EXCL: never write through a file or link that is already there.
  int fd = ::open(tempPath.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0)
    fail("{}: cannot create temporary file '{}': {}", path, tempPath,
         systemErrorText(errno));
  auto abandon = [&](const char *what) {
    int savedErrno = errno;
    ::close(fd);
    ::unlink(tempPath.c_str());
    fail("{}: {}: {}", path, what, systemErrorText(savedErrno));
  };
  const char *data = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    ssize_t written = ::write(fd, data, left);
    if (written < 0) {
      if (errno == EINTR)
        continue;
      abandon("write failed");
    }
    data += written;
    left -= size_t(written);
  }
  if (::fsync(fd) != 0)
    abandon("cannot flush to disk");
  if (::close(fd) != 0) {
    int savedErrno = errno;
    ::unlink(tempPath.c_str());
    fail("{}: write failed: {}", path, systemErrorText(savedErrno));
  }
  if (::rename(tempPath.c_str(), path.c_str()) != 0) {
    int savedErrno = errno;
    ::unlink(tempPath.c_str());
    fail("{}: cannot replace the file: {}", path, systemErrorText(savedErrno));
  }
}

bool endsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         text.substr(text.size() - suffix.size()) == suffix;
}

} // namespace nncrt
