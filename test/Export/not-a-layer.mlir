// An op of a model function without an ONNX form is an error naming the op,
// not a crash. Every layer of the language has one; nn.batch_mean, a step of
// BatchNormalization's training, only appears here in a hand-written model.
//
// RUN: not nnc --emit=onnx %s -o %t.onnx 2>&1 | FileCheck %s
// RUN: not ls %t.onnx

func.func @means(%arg0: tensor<?x4xf32> {nn.input = "x"}) -> (tensor<4xf32> {nn.output = "mean"}) {
  // CHECK: not-a-layer.mlir:[[@LINE+1]]:8: error: 'nn.batch_mean' has no ONNX form
  %0 = nn.batch_mean %arg0 {name = "mean"} : (tensor<?x4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
