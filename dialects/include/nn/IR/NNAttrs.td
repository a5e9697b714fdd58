//===- NNAttrs.td - Every attribute of the nn dialect ------*- tablegen -*-===//
//
// The one input of the attribute generators (enums, attribute classes and
// their interfaces), so that the dialect has one attribute parser.
//
//===----------------------------------------------------------------------===//

#ifndef NN_ATTRS_TD
#define NN_ATTRS_TD

include "nn/IR/NNEnums.td"
include "nn/IR/NNTrainAttrs.td"

#endif // NN_ATTRS_TD
