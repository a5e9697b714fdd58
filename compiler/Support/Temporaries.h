//===- Temporaries.h - Temporary files that outlive no killed nnc ---------===//
//
// nnc's temporaries (the work directory of a build, the statement file of
// --emit=halide) carry the pid of the nnc that made them:
// `<tmp>/<prefix>-<pid>-XXXXXX<suffix>`. A killed nnc cannot remove its own,
// so every nnc that makes one first removes those of its prefix whose
// process no longer runs (and that belong to this user).
//
//===----------------------------------------------------------------------===//

#ifndef NNC_SUPPORT_TEMPORARIES_H
#define NNC_SUPPORT_TEMPORARIES_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <system_error>

namespace nnc {

/// Creates the file `<tmp>/<prefix>-<pid>-XXXXXX<suffix>` (suffix with its
/// dot, e.g. ".stmt"), after removing the stale ones.
std::error_code createProcessTemporaryFile(llvm::StringRef prefix,
                                           llvm::StringRef suffix,
                                           llvm::SmallVectorImpl<char> &path);

/// Creates the directory `<tmp>/<prefix>-<pid>-XXXXXX`, after removing the
/// stale ones with their contents.
std::error_code createProcessTemporaryDirectory(llvm::StringRef prefix,
                                                llvm::SmallVectorImpl<char> &path);

/// Removes `<tmp>/<prefix>-<pid>-XXXXXX<suffix>` entries of this user whose
/// process no longer runs. Best effort: what cannot be removed stays.
void removeStaleTemporaries(llvm::StringRef prefix, llvm::StringRef suffix);

} // namespace nnc

#endif // NNC_SUPPORT_TEMPORARIES_H
