//===- Linker.h - Turn generated objects into one executable --------------===//

#ifndef NNC_DRIVER_LINKER_H
#define NNC_DRIVER_LINKER_H

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace nnc {

/// Compiles the generated registry source and links it with the pipeline
/// objects and libnncrt into `output`, using the system C++ compiler (`c++`,
/// or $CXX).
llvm::Error linkExecutable(const std::string &registrySource,
                           const std::vector<std::string> &objects,
                           const std::string &output, bool verbose);

} // namespace nnc

#endif // NNC_DRIVER_LINKER_H
