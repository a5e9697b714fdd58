// An op of a model function without a PyTorch form is an error naming the
// op, not a crash. Every layer of the language has one; nn.batch_mean, a step
// of BatchNormalization's training, only appears here in a hand-written model.
//
// RUN: not nnc --emit=torch %s -o %t.py 2>&1 | FileCheck %s
// RUN: not ls %t.py

func.func @means(%arg0: tensor<?x4xf32> {nn.input = "x"}) -> (tensor<4xf32> {nn.output = "mean"}) {
  // CHECK: torch-not-a-layer.mlir:[[@LINE+1]]:8: error: 'nn.batch_mean' has no PyTorch form
  %0 = nn.batch_mean %arg0 {name = "mean"} : (tensor<?x4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
