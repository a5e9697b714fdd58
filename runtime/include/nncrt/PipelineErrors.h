//===- PipelineErrors.h - Halide's run-time errors as nncrt::Error ---------===//
//
// A compiled pipeline that fails a check (a buffer over Halide's size limit,
// a shape it did not expect) reports it through halide_error, whose default
// handler prints the message and aborts the program. The command line
// installs keepHalideError instead (ModelRegistry::setErrorHandler): the
// pipeline then returns its error code, and the runtime throws one Error
// that carries Halide's message.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_PIPELINEERRORS_H
#define NNCRT_PIPELINEERRORS_H

#include "nncrt/ModelDesc.h"

#include <string>

namespace nncrt {

/// A halide_error_handler_t that keeps the message for failPipelineCall.
void keepHalideError(void *userContext, const char *message);

/// Installs keepHalideError through the registry, where it can.
void installHalideErrorHandler(const ModelRegistry &registry);

/// Throws "<what> failed with Halide error <status>", followed by the
/// message Halide gave, if one was kept.
[[noreturn]] void failPipelineCall(const std::string &what, int status);

} // namespace nncrt

#endif // NNCRT_PIPELINEERRORS_H
