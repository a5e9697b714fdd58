//===- ObjectCache.h - Compiled pipelines kept between runs of nnc --------===//
//
// Compiling a pipeline (Halide's lowering, then LLVM's code generation) is
// most of nnc's time; the object it makes depends only on the pipeline's IR,
// the target and the compiler. The cache keeps each object under the
// SHA-256 of that key text in one folder: $NNC_CACHE_DIR, else
// $XDG_CACHE_HOME/nnc, else ~/.cache/nnc. An object enters the folder under
// a unique temporary name and is renamed into place, so concurrent builds
// never see half an object and may race to store the same one. Nothing is
// evicted: the folder may be removed at any time.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_SUPPORT_OBJECTCACHE_H
#define NNC_SUPPORT_OBJECTCACHE_H

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace nnc {

class ObjectCache {
public:
  /// The cache folder the environment names; empty when it names none
  /// (no $NNC_CACHE_DIR, $XDG_CACHE_HOME or $HOME).
  static std::string defaultDirectory();

  /// A cache in `directory` (created when first stored to); `identity`
  /// names the compiler that makes the objects and joins every key.
  ObjectCache(std::string directory, std::string identity);

  /// The cached object of `key`, named `<name>-<hash>.o`, if present.
  std::optional<std::string> find(llvm::StringRef name, llvm::StringRef key) const;

  /// Copies `object` into the cache as the object of `key`. A cache that
  /// cannot be written is not an error: the build goes on without it, and
  /// the reason is returned (empty on success).
  std::string store(llvm::StringRef name, llvm::StringRef key, llvm::StringRef object) const;

  const std::string &directory() const { return folder; }

private:
  std::string pathOf(llvm::StringRef name, llvm::StringRef key) const;

  std::string folder;
  std::string identity;
};

/// A text that changes whenever the running executable does: the SHA-256
/// of its own file (empty when it cannot be read).
std::string executableIdentity();

} // namespace nnc

#endif // NNC_SUPPORT_OBJECTCACHE_H
