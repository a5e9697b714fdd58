//===- ErrorOf.h - The message of an expected nncrt::Error -----------------===//

#ifndef NNCRT_TEST_ERROROF_H
#define NNCRT_TEST_ERROROF_H

#include "nncrt/Error.h"

#include <string>

namespace nncrt::test {

/// The message of the Error that `body` throws, or "" if it throws none.
template <typename Body>
std::string errorOf(Body body) {
  try {
    body();
  } catch (const Error &error) {
    return error.what();
  }
  return "";
}

} // namespace nncrt::test

#endif // NNCRT_TEST_ERROROF_H
