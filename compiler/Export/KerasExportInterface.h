//===- KerasExportInterface.h - The op interface of the export --*- C++ -*-===//
//
// Every layer op with a Keras form implements KerasExport through an
// external model, attached in KerasLayers.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_EXPORT_KERASEXPORTINTERFACE_H
#define NNC_EXPORT_KERASEXPORTINTERFACE_H

#include "Export/KerasModel.h"

#include "mlir/IR/OpDefinition.h"

#include "Export/KerasExportInterface.h.inc"

#endif // NNC_EXPORT_KERASEXPORTINTERFACE_H
