//===- Npz.h - NumPy .npz archives -----------------------------------------===//
//
// numpy.savez and savez_compressed write a zip archive (stored or deflated
// members) holding one .npy file per array, named "<array>.npy". libzip
// reads the archive, checking each member's CRC; the members parse as .npy
// files (Npy.h).
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_NPZ_H
#define NNCRT_NPZ_H

#include "nncrt/Npy.h"

#include <string>
#include <vector>

namespace nncrt {

/// The array `name` of the archive `path`, as numpy.load(path)[name] reads
/// it. Errors name the archive and the array ("data.npz:x_train").
NpyArray readNpzArray(const std::string &path, const std::string &name);

/// The names of the arrays an archive holds, in archive order.
std::vector<std::string> npzArrayNames(const std::string &path);

} // namespace nncrt

#endif // NNCRT_NPZ_H
