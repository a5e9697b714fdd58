// nn.add, the layer a hand-written model may use for a sum of two, is ONNX's
// Add; the result keeps the layer's name and the output its own.
//
// RUN: nnc --emit=onnx %s -o %t.onnx
// RUN: %python %S/Inputs/dump_onnx.py %t.onnx | FileCheck %s

func.func @sum(%arg0: tensor<?x4xf32> {nn.input = "a"}, %arg1: tensor<?x4xf32> {nn.input = "b"})
    -> (tensor<?x4xf32> {nn.output = "y"}) {
  %0 = nn.add %arg0, %arg1 {name = "total"} : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// CHECK: graph sum (
// CHECK-NEXT:   %a[FLOAT, batchx4]
// CHECK-NEXT:   %b[FLOAT, batchx4]
// CHECK-NEXT: ) {
// CHECK-NEXT:   %total = Add(%a, %b)
// CHECK-NEXT:   %y = Identity(%total)
// CHECK-NEXT:   return %y
