// RUN: nnc-opt %s | nnc-opt | FileCheck %s
// RUN: nnc-opt %s -mlir-print-op-generic | nnc-opt | FileCheck %s
//
// The training ops (gradients, losses, optimizer updates) print and parse
// back unchanged, and their declared result types are those the ops infer:
// each gradient has the shape of the value it is the gradient of.

// CHECK-LABEL: func.func @layer_gradients
func.func @layer_gradients(%x: tensor<?x4x3xf32>, %k: tensor<3x5xf32>, %y: tensor<?x4x5xf32>,
                           %dy: tensor<?x4x5xf32>) {
  // The default axis (-1) is not printed.
  // CHECK: %[[DPRE:.*]] = nn.activation_grad %{{.*}}, %{{.*}} {activation = #nn<activation softmax>, name = "dense_1.dpre"} : (tensor<?x4x5xf32>, tensor<?x4x5xf32>) -> tensor<?x4x5xf32>
  %dpre = nn.activation_grad %y, %dy {activation = #nn<activation softmax>, axis = -1 : i64, name = "dense_1.dpre"} : (tensor<?x4x5xf32>, tensor<?x4x5xf32>) -> tensor<?x4x5xf32>
  // CHECK: nn.activation_grad {{.*}}activation = #nn<activation relu>{{.*}} -> tensor<?x4x5xf32>
  %r = nn.activation_grad %y, %dy {activation = #nn<activation relu>, name = "relu_1.dx"} : (tensor<?x4x5xf32>, tensor<?x4x5xf32>) -> tensor<?x4x5xf32>
  // CHECK: nn.dense_grad_input %[[DPRE]], %{{.*}} {name = "dense_1.dx"} : (tensor<?x4x5xf32>, tensor<3x5xf32>) -> tensor<?x4x3xf32>
  %dx = nn.dense_grad_input %dpre, %k {name = "dense_1.dx"} : (tensor<?x4x5xf32>, tensor<3x5xf32>) -> tensor<?x4x3xf32>
  // CHECK: nn.dense_grad_kernel %{{.*}}, %[[DPRE]] {name = "dense_1.kernel.grad"} : (tensor<?x4x3xf32>, tensor<?x4x5xf32>) -> tensor<3x5xf32>
  %dk = nn.dense_grad_kernel %x, %dpre {name = "dense_1.kernel.grad"} : (tensor<?x4x3xf32>, tensor<?x4x5xf32>) -> tensor<3x5xf32>
  // CHECK: nn.bias_grad %[[DPRE]] {name = "dense_1.bias.grad"} : (tensor<?x4x5xf32>) -> tensor<5xf32>
  %db = nn.bias_grad %dpre {name = "dense_1.bias.grad"} : (tensor<?x4x5xf32>) -> tensor<5xf32>
  // CHECK: nn.add %{{.*}}, %{{.*}} {name = "dense_1.kernel.grad_sum"} : (tensor<3x5xf32>, tensor<3x5xf32>) -> tensor<3x5xf32>
  %sum = nn.add %dk, %dk {name = "dense_1.kernel.grad_sum"} : (tensor<3x5xf32>, tensor<3x5xf32>) -> tensor<3x5xf32>
  // CHECK: nn.slice %{{.*}} {axis = -1 : i64, name = "concat_1.dx1", offset = 2 : i64, size = 3 : i64} : (tensor<?x4x5xf32>) -> tensor<?x4x3xf32>
  %s = nn.slice %dy {axis = -1 : i64, name = "concat_1.dx1", offset = 2 : i64, size = 3 : i64} : (tensor<?x4x5xf32>) -> tensor<?x4x3xf32>
  return
}

// Autoencoder A's layers: 'same' convolution, 'same' pooling 7 -> 4, upsampling.
// CHECK-LABEL: func.func @conv_pool_gradients
func.func @conv_pool_gradients(%x: tensor<?x7x7x4xf32>, %k: tensor<3x3x4x8xf32>,
                               %dpre: tensor<?x4x4x8xf32>, %dy: tensor<?x4x4x4xf32>,
                               %up: tensor<?x8x8x4xf32>) {
  // CHECK: nn.conv2d_grad_input %{{.*}}, %{{.*}} {dilation = array<i64: 1, 1>, input_size = array<i64: 7, 7>, name = "conv2d_1.dx", padding = #nn<padding same>, strides = array<i64: 2, 2>} : (tensor<?x4x4x8xf32>, tensor<3x3x4x8xf32>) -> tensor<?x7x7x4xf32>
  %dx = nn.conv2d_grad_input %dpre, %k {dilation = array<i64: 1, 1>, input_size = array<i64: 7, 7>, name = "conv2d_1.dx", padding = #nn<padding same>, strides = array<i64: 2, 2>} : (tensor<?x4x4x8xf32>, tensor<3x3x4x8xf32>) -> tensor<?x7x7x4xf32>
  // CHECK: nn.conv2d_grad_kernel %{{.*}}, %{{.*}} {dilation = array<i64: 1, 1>, kernel_size = array<i64: 3, 3>, name = "conv2d_1.kernel.grad", padding = #nn<padding same>, strides = array<i64: 2, 2>} : (tensor<?x7x7x4xf32>, tensor<?x4x4x8xf32>) -> tensor<3x3x4x8xf32>
  %dk = nn.conv2d_grad_kernel %x, %dpre {dilation = array<i64: 1, 1>, kernel_size = array<i64: 3, 3>, name = "conv2d_1.kernel.grad", padding = #nn<padding same>, strides = array<i64: 2, 2>} : (tensor<?x7x7x4xf32>, tensor<?x4x4x8xf32>) -> tensor<3x3x4x8xf32>
  // CHECK: nn.max_pool2d_grad %{{.*}}, %{{.*}} {name = "max_pool2d_1.dx", padding = #nn<padding same>, pool = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x7x7x4xf32>, tensor<?x4x4x4xf32>) -> tensor<?x7x7x4xf32>
  %mx = nn.max_pool2d_grad %x, %dy {name = "max_pool2d_1.dx", padding = #nn<padding same>, pool = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x7x7x4xf32>, tensor<?x4x4x4xf32>) -> tensor<?x7x7x4xf32>
  // CHECK: nn.min_pool2d_grad {{.*}} -> tensor<?x7x7x4xf32>
  %mn = nn.min_pool2d_grad %x, %dy {name = "min_pool2d_1.dx", padding = #nn<padding same>, pool = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x7x7x4xf32>, tensor<?x4x4x4xf32>) -> tensor<?x7x7x4xf32>
  // CHECK: nn.avg_pool2d_grad %{{.*}} {input_size = array<i64: 7, 7>, name = "avg_pool2d_1.dx", padding = #nn<padding same>, pool = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x4x4x4xf32>) -> tensor<?x7x7x4xf32>
  %av = nn.avg_pool2d_grad %dy {input_size = array<i64: 7, 7>, name = "avg_pool2d_1.dx", padding = #nn<padding same>, pool = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x4x4x4xf32>) -> tensor<?x7x7x4xf32>
  // CHECK: nn.upsample2d_grad %{{.*}} {name = "upsample2d_1.dx", size = array<i64: 2, 2>} : (tensor<?x8x8x4xf32>) -> tensor<?x4x4x4xf32>
  %ug = nn.upsample2d_grad %up {name = "upsample2d_1.dx", size = array<i64: 2, 2>} : (tensor<?x8x8x4xf32>) -> tensor<?x4x4x4xf32>
  return
}

// Autoencoder B's first transposed convolution: 3x3 -> 6x6 ('valid', stride 2, 2x2 kernel).
// CHECK-LABEL: func.func @transposed_gradients
func.func @transposed_gradients(%x: tensor<?x3x3x8xf32>, %k: tensor<2x2x16x8xf32>,
                                %dpre: tensor<?x6x6x16xf32>) {
  // CHECK: nn.conv2d_transpose_grad_input %{{.*}}, %{{.*}} {input_size = array<i64: 3, 3>, name = "conv2d_transpose_1.dx", padding = #nn<padding valid>, strides = array<i64: 2, 2>} : (tensor<?x6x6x16xf32>, tensor<2x2x16x8xf32>) -> tensor<?x3x3x8xf32>
  %dx = nn.conv2d_transpose_grad_input %dpre, %k {input_size = array<i64: 3, 3>, name = "conv2d_transpose_1.dx", padding = #nn<padding valid>, strides = array<i64: 2, 2>} : (tensor<?x6x6x16xf32>, tensor<2x2x16x8xf32>) -> tensor<?x3x3x8xf32>
  // CHECK: nn.conv2d_transpose_grad_kernel %{{.*}}, %{{.*}} {kernel_size = array<i64: 2, 2>, name = "conv2d_transpose_1.kernel.grad", padding = #nn<padding valid>, strides = array<i64: 2, 2>} : (tensor<?x3x3x8xf32>, tensor<?x6x6x16xf32>) -> tensor<2x2x16x8xf32>
  %dk = nn.conv2d_transpose_grad_kernel %x, %dpre {kernel_size = array<i64: 2, 2>, name = "conv2d_transpose_1.kernel.grad", padding = #nn<padding valid>, strides = array<i64: 2, 2>} : (tensor<?x3x3x8xf32>, tensor<?x6x6x16xf32>) -> tensor<2x2x16x8xf32>
  return
}

// CHECK-LABEL: func.func @losses
func.func @losses(%p: tensor<?x28x28x1xf32>, %t: tensor<?x28x28x1xf32>,
                  %logits: tensor<?x15x7001xf32>, %labels: tensor<?x15xf32>) {
  // from_logits = false is the default and not printed.
  // CHECK: %loss = nn.binary_crossentropy %{{.*}}, %{{.*}} {name = "loss"} : (tensor<?x28x28x1xf32>, tensor<?x28x28x1xf32>) -> tensor<f32>
  %0 = nn.binary_crossentropy %p, %t {from_logits = false, name = "loss"} : (tensor<?x28x28x1xf32>, tensor<?x28x28x1xf32>) -> tensor<f32>
  // CHECK: %loss.dpred = nn.binary_crossentropy_grad %{{.*}}, %{{.*}} {from_logits = true, name = "loss.dpred"} : (tensor<?x28x28x1xf32>, tensor<?x28x28x1xf32>) -> tensor<?x28x28x1xf32>
  %1 = nn.binary_crossentropy_grad %p, %t {from_logits = true, name = "loss.dpred"} : (tensor<?x28x28x1xf32>, tensor<?x28x28x1xf32>) -> tensor<?x28x28x1xf32>
  // CHECK: nn.mean_squared_error %{{.*}}, %{{.*}} {name = "loss"} : ({{.*}}) -> tensor<f32>
  %2 = nn.mean_squared_error %p, %t {name = "loss"} : (tensor<?x28x28x1xf32>, tensor<?x28x28x1xf32>) -> tensor<f32>
  // CHECK: nn.mean_squared_error_grad {{.*}} -> tensor<?x28x28x1xf32>
  %3 = nn.mean_squared_error_grad %p, %t {name = "loss.dpred"} : (tensor<?x28x28x1xf32>, tensor<?x28x28x1xf32>) -> tensor<?x28x28x1xf32>
  // CHECK: nn.categorical_crossentropy {{.*}} -> tensor<f32>
  %4 = nn.categorical_crossentropy %p, %t {from_logits = false, name = "loss"} : (tensor<?x28x28x1xf32>, tensor<?x28x28x1xf32>) -> tensor<f32>
  // CHECK: nn.categorical_crossentropy_grad {{.*}} -> tensor<?x28x28x1xf32>
  %5 = nn.categorical_crossentropy_grad %p, %t {from_logits = false, name = "loss.dpred"} : (tensor<?x28x28x1xf32>, tensor<?x28x28x1xf32>) -> tensor<?x28x28x1xf32>
  // The lyrics model: logits per token, labels per token, padding (0) ignored.
  // CHECK: nn.sparse_categorical_crossentropy %{{.*}}, %{{.*}} {from_logits = true, ignore_index = 0 : i64, name = "loss"} : (tensor<?x15x7001xf32>, tensor<?x15xf32>) -> tensor<f32>
  %6 = nn.sparse_categorical_crossentropy %logits, %labels {from_logits = true, ignore_index = 0 : i64, name = "loss"} : (tensor<?x15x7001xf32>, tensor<?x15xf32>) -> tensor<f32>
  // CHECK: nn.sparse_categorical_crossentropy_grad %{{.*}}, %{{.*}} {from_logits = true, name = "loss.dpred"} : (tensor<?x15x7001xf32>, tensor<?x15xf32>) -> tensor<?x15x7001xf32>
  %7 = nn.sparse_categorical_crossentropy_grad %logits, %labels {from_logits = true, name = "loss.dpred"} : (tensor<?x15x7001xf32>, tensor<?x15xf32>) -> tensor<?x15x7001xf32>
  return
}

// Results print under the parameter's name with one suffix each.
// CHECK-LABEL: func.func @updates
func.func @updates(%p: tensor<3x3x1x16xf32>, %g: tensor<3x3x1x16xf32>, %s1: tensor<3x3x1x16xf32>,
                   %s2: tensor<3x3x1x16xf32>, %lr: tensor<f32>, %t: tensor<f32>) {
  // CHECK: %conv2d_1.kernel.p, %conv2d_1.kernel.velocity = nn.sgd_update %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {momentum = 0.899999976 : f32, name = "conv2d_1.kernel", nesterov = true} : (tensor<3x3x1x16xf32>, tensor<3x3x1x16xf32>, tensor<3x3x1x16xf32>, tensor<f32>) -> (tensor<3x3x1x16xf32>, tensor<3x3x1x16xf32>)
  %0:2 = nn.sgd_update %p, %g, %s1, %lr {momentum = 0.9 : f32, name = "conv2d_1.kernel", nesterov = true} : (tensor<3x3x1x16xf32>, tensor<3x3x1x16xf32>, tensor<3x3x1x16xf32>, tensor<f32>) -> (tensor<3x3x1x16xf32>, tensor<3x3x1x16xf32>)
  // CHECK: %conv2d_1.kernel.p_0, %conv2d_1.kernel.m, %conv2d_1.kernel.v = nn.adam_update {{.*}} {beta_1 = 0.899999976 : f32, beta_2 = 9.990000e-01 : f32, epsilon = 1.000000e-07 : f32, name = "conv2d_1.kernel"} : (tensor<3x3x1x16xf32>, tensor<3x3x1x16xf32>, tensor<3x3x1x16xf32>, tensor<3x3x1x16xf32>, tensor<f32>, tensor<f32>) -> (tensor<3x3x1x16xf32>, tensor<3x3x1x16xf32>, tensor<3x3x1x16xf32>)
  %1:3 = nn.adam_update %p, %g, %s1, %s2, %lr, %t {beta_1 = 0.9 : f32, beta_2 = 0.999 : f32, epsilon = 1.0e-7 : f32, name = "conv2d_1.kernel"} : (tensor<3x3x1x16xf32>, tensor<3x3x1x16xf32>, tensor<3x3x1x16xf32>, tensor<3x3x1x16xf32>, tensor<f32>, tensor<f32>) -> (tensor<3x3x1x16xf32>, tensor<3x3x1x16xf32>, tensor<3x3x1x16xf32>)
  // CHECK: %conv2d_1.kernel.p_1, %conv2d_1.kernel.accum_grad, %conv2d_1.kernel.accum_var = nn.adadelta_update {{.*}} {epsilon = 1.000000e-07 : f32, name = "conv2d_1.kernel", rho = 0.949999988 : f32}
  %2:3 = nn.adadelta_update %p, %g, %s1, %s2, %lr {epsilon = 1.0e-7 : f32, name = "conv2d_1.kernel", rho = 0.95 : f32} : (tensor<3x3x1x16xf32>, tensor<3x3x1x16xf32>, tensor<3x3x1x16xf32>, tensor<3x3x1x16xf32>, tensor<f32>) -> (tensor<3x3x1x16xf32>, tensor<3x3x1x16xf32>, tensor<3x3x1x16xf32>)
  // CHECK: %conv2d_1.kernel.p_2, %conv2d_1.kernel.ms, %conv2d_1.kernel.mom = nn.rmsprop_update {{.*}} {epsilon = 1.000000e-07 : f32, momentum = 0.000000e+00 : f32, name = "conv2d_1.kernel", rho = 0.899999976 : f32}
  %3:3 = nn.rmsprop_update %p, %g, %s1, %s2, %lr {epsilon = 1.0e-7 : f32, momentum = 0.0 : f32, name = "conv2d_1.kernel", rho = 0.9 : f32} : (tensor<3x3x1x16xf32>, tensor<3x3x1x16xf32>, tensor<3x3x1x16xf32>, tensor<3x3x1x16xf32>, tensor<f32>) -> (tensor<3x3x1x16xf32>, tensor<3x3x1x16xf32>, tensor<3x3x1x16xf32>)
  return
}

// Training functions' argument and result attributes.
// CHECK-LABEL: func.func @m_update
// CHECK-SAME: {nn.param = "dense_1.kernel"}
// CHECK-SAME: {nn.grad = "dense_1.kernel"}
// CHECK-SAME: {nn.state = "dense_1.kernel.velocity"}
// CHECK-SAME: {nn.hyper = "learning_rate"}
// CHECK-SAME: {nn.hyper = "iteration"}
// CHECK-SAME: -> (tensor<2x3xf32> {nn.param = "dense_1.kernel"}, tensor<2x3xf32> {nn.state = "dense_1.kernel.velocity"})
func.func @m_update(%p: tensor<2x3xf32> {nn.param = "dense_1.kernel"},
                    %g: tensor<2x3xf32> {nn.grad = "dense_1.kernel"},
                    %v: tensor<2x3xf32> {nn.state = "dense_1.kernel.velocity"},
                    %lr: tensor<f32> {nn.hyper = "learning_rate"},
                    %t: tensor<f32> {nn.hyper = "iteration"})
    -> (tensor<2x3xf32> {nn.param = "dense_1.kernel"}, tensor<2x3xf32> {nn.state = "dense_1.kernel.velocity"}) {
  %0:2 = nn.sgd_update %p, %g, %v, %lr {momentum = 0.0 : f32, name = "dense_1.kernel", nesterov = false} : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<f32>) -> (tensor<2x3xf32>, tensor<2x3xf32>)
  return %0#0, %0#1 : tensor<2x3xf32>, tensor<2x3xf32>
}
