//===- Error.cpp - The runtime's one error type ----------------------------===//

#include "nncrt/Error.h"

#include <cstring>

namespace nncrt {

std::string systemErrorText(int errnum) { return std::strerror(errnum); }

} // namespace nncrt
