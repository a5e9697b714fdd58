//===- FileIO.h - Whole-file reads and atomic writes ----------------------===//
//
// Readers load a file into memory and parse it from there, so every format
// checks sizes against what is actually present. Writers build the bytes in
// memory and hand them to writeFileAtomically: the file appears complete or
// not at all, and a previous version survives any failure.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_FILEIO_H
#define NNCRT_FILEIO_H

#include <string>
#include <string_view>
#include <utility>

namespace nncrt {

/// The bytes of a file; throws Error naming the file if it cannot be read.
std::string readFile(const std::string &path);

/// The bytes of a file, decompressed if it is gzip-compressed.
std::string readPossiblyGzippedFile(const std::string &path);

/// Gzip-compresses `bytes` (the .gz file format).
std::string gzipCompress(std::string_view bytes);

/// Writes `<path>.tmp-<pid>`, flushes it to disk and renames it over `path`.
/// On failure the temporary file is removed and `path` is left untouched.
/// Temporaries of `path` that killed writers left behind are removed first.
void writeFileAtomically(const std::string &path, std::string_view bytes);

/// Removes the files `<path>.tmp-<pid>` beside `path` whose process is no
/// longer running (a writer killed between write and rename leaves one).
/// Those of running processes, this one included, are kept. Best effort:
/// a file that cannot be removed stays.
void removeStaleTemporaries(const std::string &path);

/// Whether process `pid` runs (in this pid namespace). Processes of other
/// users count as running.
bool isProcessRunning(long pid);

/// The directory part of `path` ("." when it has none) and the file name.
std::pair<std::string, std::string> splitPath(const std::string &path);

/// Whether `text` ends with `suffix`.
bool endsWith(std::string_view text, std::string_view suffix);

} // namespace nncrt

#endif // NNCRT_FILEIO_H
