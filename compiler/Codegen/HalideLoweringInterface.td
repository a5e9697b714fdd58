//===- HalideLoweringInterface.td - nn ops as Halide Funcs -*- tablegen -*-===//
//
// How each nn op becomes Halide: its algorithm, which names the schedule class
// PipelineSchedule.cpp applies to it. The interface lives in Codegen and is
// attached to the dialect's ops as external models (registerHalideLowerings),
// so the dialect knows nothing of Halide and codegen needs no central switch.
//
//===----------------------------------------------------------------------===//

#ifndef NNC_CODEGEN_HALIDE_LOWERING_INTERFACE_TD
#define NNC_CODEGEN_HALIDE_LOWERING_INTERFACE_TD

include "mlir/IR/OpBase.td"

def HalideLoweringOpInterface : OpInterface<"HalideLowering"> {
  let cppNamespace = "::nnc::codegen";
  let description = [{
    An nn op that code generation can lower: it defines the Halide Funcs of
    its result(s) from the Funcs of its operands, already lowered in `scope`,
    and says which schedule class they follow. It states the algorithm only;
    where and how the Funcs are computed is the schedule's business.
  }];
  let methods = [
    InterfaceMethod<
      /*desc=*/[{
        The op's algorithm: its result Funcs, intermediate stages and the
        schedule class that places them.
      }],
      /*retTy=*/"::nnc::codegen::LoweredLayer",
      /*methodName=*/"lowerToHalide",
      /*args=*/(ins "const ::nnc::codegen::LoweringScope &":$scope)>,
  ];
}

#endif // NNC_CODEGEN_HALIDE_LOWERING_INTERFACE_TD
