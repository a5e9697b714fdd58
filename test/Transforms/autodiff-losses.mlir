// RUN: nnc-opt %s --nn-autodiff -split-input-file | FileCheck %s
//
// Each loss of the train block becomes its op and its gradient op with the
// train block's from_logits (and ignore_class, the ops' ignore_index); the
// target's type follows the loss: class indices for sparse categorical
// cross-entropy.

func.func @lm(%x: tensor<?x15x8xf32> {nn.input = "tokens"},
              %k: tensor<8x11xf32> {nn.param = "dense_1.kernel"})
    -> (tensor<?x15x11xf32> {nn.output = "logits"})
    attributes {nn.train = #nn.train<target = labels, loss = sparse_categorical_crossentropy,
        from_logits = true, ignore_class = 0,
        optimizer = #nn.adam<learning_rate = 0.001, beta_1 = 0.8, beta_2 = 0.99, epsilon = 1.0e-6>,
        epochs = 1, batch = 32, shuffle = true>} {
  %y = nn.dense %x, %k {activation = #nn<activation linear>, name = "dense_1"} : (tensor<?x15x8xf32>, tensor<8x11xf32>) -> tensor<?x15x11xf32>
  return %y : tensor<?x15x11xf32>
}
// CHECK-LABEL: func.func @lm_loss(
// CHECK-SAME: %{{.*}}: tensor<?x15xf32> {nn.target = "labels"}
// CHECK: nn.sparse_categorical_crossentropy %{{.*}}, %{{.*}} {from_logits = true, ignore_index = 0 : i64, name = "loss"} : (tensor<?x15x11xf32>, tensor<?x15xf32>) -> tensor<f32>
// CHECK-LABEL: func.func @lm_gradient(
// CHECK: nn.sparse_categorical_crossentropy_grad %{{.*}}, %{{.*}} {from_logits = true, ignore_index = 0 : i64, name = "loss.dpred"} : (tensor<?x15x11xf32>, tensor<?x15xf32>) -> tensor<?x15x11xf32>
// CHECK: nn.dense_grad_kernel {{.*}} : (tensor<?x15x8xf32>, tensor<?x15x11xf32>) -> tensor<8x11xf32>
// Adam's arguments from the train block.
// CHECK-LABEL: func.func @lm_update(
// CHECK: nn.adam_update {{.*}} {beta_1 = 8.000000e-01 : f32, beta_2 = 9.900000e-01 : f32, epsilon = 9.99999997E-7 : f32, name = "dense_1.kernel"}

// -----

func.func @logits(%x: tensor<?x4xf32> {nn.input = "x"},
                  %k: tensor<4x3xf32> {nn.param = "dense_1.kernel"})
    -> (tensor<?x3xf32> {nn.output = "logits"})
    attributes {nn.train = #nn.train<target = labels, loss = categorical_crossentropy, from_logits = true,
        optimizer = #nn.rmsprop<learning_rate = 0.001, rho = 0.8, momentum = 0.5, epsilon = 1.0e-07>,
        epochs = 1, batch = 32, shuffle = true>} {
  %y = nn.dense %x, %k {activation = #nn<activation linear>, name = "dense_1"} : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}
// CHECK-LABEL: func.func @logits_gradient(
// CHECK-SAME: %{{.*}}: tensor<?x3xf32> {nn.target = "labels"}
// CHECK: nn.categorical_crossentropy %{{.*}}, %{{.*}} {from_logits = true, name = "loss"}
// CHECK: nn.categorical_crossentropy_grad %{{.*}}, %{{.*}} {from_logits = true, name = "loss.dpred"}
// CHECK-LABEL: func.func @logits_update(
// CHECK: nn.rmsprop_update {{.*}} {epsilon = 1.000000e-07 : f32, momentum = 5.000000e-01 : f32, name = "dense_1.kernel", rho = 8.000000e-01 : f32}

// -----

// The optimizer's hyperparameters reach its update op (in single precision).
func.func @bce_logits(%x: tensor<?x4xf32> {nn.input = "x"},
                      %k: tensor<4x1xf32> {nn.param = "dense_1.kernel"})
    -> (tensor<?x1xf32> {nn.output = "logit"})
    attributes {nn.train = #nn.train<target = labels, loss = binary_crossentropy, from_logits = true,
        optimizer = #nn.adadelta<learning_rate = 1.0, rho = 0.5, epsilon = 1.0e-07>, epochs = 1,
        batch = 32, shuffle = true>} {
  %y = nn.dense %x, %k {activation = #nn<activation linear>, name = "dense_1"} : (tensor<?x4xf32>, tensor<4x1xf32>) -> tensor<?x1xf32>
  return %y : tensor<?x1xf32>
}
// CHECK-LABEL: func.func @bce_logits_gradient(
// CHECK: nn.binary_crossentropy_grad %{{.*}}, %{{.*}} {from_logits = true, name = "loss.dpred"}
// CHECK-LABEL: func.func @bce_logits_update(
// CHECK: nn.adadelta_update {{.*}} {epsilon = 1.000000e-07 : f32, name = "dense_1.kernel", rho = 5.000000e-01 : f32}
