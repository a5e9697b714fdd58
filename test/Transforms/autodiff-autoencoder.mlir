// RUN: nnc-opt %s --nn-autodiff | FileCheck %s
//
// Autoencoder-like graphs (target = input, binary cross-entropy, Adadelta as
// in the notes): the adjoints of conv2d, the three poolings, upsample2d and
// conv2d_transpose, wired to the forward values they need.

func.func @autoencoder(%x: tensor<?x8x8x1xf32> {nn.input = "image"},
                       %k1: tensor<3x3x1x4xf32> {nn.param = "conv2d_1.kernel"},
                       %b1: tensor<4xf32> {nn.param = "conv2d_1.bias"},
                       %k2: tensor<3x3x4x4xf32> {nn.param = "conv2d_2.kernel"},
                       %k3: tensor<3x3x4x1xf32> {nn.param = "conv2d_3.kernel"},
                       %b3: tensor<1xf32> {nn.param = "conv2d_3.bias"})
    -> (tensor<?x8x8x1xf32> {nn.output = "output"})
    attributes {nn.train = #nn.train<target = input, loss = binary_crossentropy, from_logits = false,
        optimizer = #nn.adadelta<learning_rate = 1.0, rho = 0.95, epsilon = 1.0e-07>, epochs = 50,
        batch = 256, shuffle = true>} {
  %c1 = nn.conv2d %x, %k1, %b1 {activation = #nn<activation relu>, dilation = array<i64: 1, 1>, name = "conv2d_1", padding = #nn<padding same>, strides = array<i64: 1, 1>} : (tensor<?x8x8x1xf32>, tensor<3x3x1x4xf32>, tensor<4xf32>) -> tensor<?x8x8x4xf32>
  %p1 = nn.max_pool2d %c1 {name = "max_pool2d_1", padding = #nn<padding same>, pool = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x8x8x4xf32>) -> tensor<?x4x4x4xf32>
  %p2 = nn.min_pool2d %p1 {name = "min_pool2d_1", padding = #nn<padding valid>, pool = array<i64: 2, 2>, strides = array<i64: 1, 1>} : (tensor<?x4x4x4xf32>) -> tensor<?x3x3x4xf32>
  %p3 = nn.avg_pool2d %p2 {name = "avg_pool2d_1", padding = #nn<padding same>, pool = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x3x3x4xf32>) -> tensor<?x2x2x4xf32>
  %c2 = nn.conv2d %p3, %k2 {activation = #nn<activation tanh>, dilation = array<i64: 1, 1>, name = "conv2d_2", padding = #nn<padding same>, strides = array<i64: 1, 1>} : (tensor<?x2x2x4xf32>, tensor<3x3x4x4xf32>) -> tensor<?x2x2x4xf32>
  %u1 = nn.upsample2d %c2 {name = "upsample2d_1", size = array<i64: 4, 4>} : (tensor<?x2x2x4xf32>) -> tensor<?x8x8x4xf32>
  %y = nn.conv2d %u1, %k3, %b3 {activation = #nn<activation sigmoid>, dilation = array<i64: 1, 1>, name = "conv2d_3", padding = #nn<padding same>, strides = array<i64: 1, 1>} : (tensor<?x8x8x4xf32>, tensor<3x3x4x1xf32>, tensor<1xf32>) -> tensor<?x8x8x1xf32>
  return %y : tensor<?x8x8x1xf32>
}

// The target is the input image itself.
// CHECK-LABEL: func.func @autoencoder_loss(
// CHECK-SAME: tensor<?x8x8x1xf32> {nn.input = "image"}, %[[T:[a-z0-9]+]]: tensor<?x8x8x1xf32> {nn.target = "image"}
// CHECK: nn.binary_crossentropy %{{.*}}, %[[T]] {name = "loss"}

// CHECK-LABEL: func.func @autoencoder_gradient(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<?x8x8x1xf32> {nn.input = "image"}, %[[T:[a-z0-9]+]]: tensor<?x8x8x1xf32> {nn.target = "image"}, %[[K1:[a-z0-9]+]]: {{.*}}, %[[B1:[a-z0-9]+]]: {{.*}}, %[[K2:[a-z0-9]+]]: {{.*}}, %[[K3:[a-z0-9]+]]: {{.*}}, %[[B3:[a-z0-9]+]]:
// CHECK: %[[C1:.*]] = nn.conv2d %[[X]], %[[K1]], %[[B1]]
// CHECK: %[[P1:.*]] = nn.max_pool2d %[[C1]]
// CHECK: %[[P2:.*]] = nn.min_pool2d %[[P1]]
// CHECK: %[[P3:.*]] = nn.avg_pool2d %[[P2]]
// CHECK: %[[C2:.*]] = nn.conv2d %[[P3]], %[[K2]]
// CHECK: %[[U1:.*]] = nn.upsample2d %[[C2]]
// CHECK: %[[Y:.*]] = nn.conv2d %[[U1]], %[[K3]], %[[B3]]
// CHECK: %[[L:.*]] = nn.binary_crossentropy %[[Y]], %[[T]]
// CHECK: %[[DY:.*]] = nn.binary_crossentropy_grad %[[Y]], %[[T]] {name = "loss.dpred"}
// CHECK: %[[DPRE3:.*]] = nn.activation_grad %[[Y]], %[[DY]] {activation = #nn<activation sigmoid>, name = "conv2d_3.dpre"}
// CHECK-DAG: %[[DU1:.*]] = nn.conv2d_grad_input %[[DPRE3]], %[[K3]] {dilation = array<i64: 1, 1>, input_size = array<i64: 8, 8>, name = "conv2d_3.dx", padding = #nn<padding same>, strides = array<i64: 1, 1>} : (tensor<?x8x8x1xf32>, tensor<3x3x4x1xf32>) -> tensor<?x8x8x4xf32>
// CHECK-DAG: %[[DK3:.*]] = nn.conv2d_grad_kernel %[[U1]], %[[DPRE3]] {dilation = array<i64: 1, 1>, kernel_size = array<i64: 3, 3>, name = "conv2d_3.dkernel", padding = #nn<padding same>, strides = array<i64: 1, 1>} : (tensor<?x8x8x4xf32>, tensor<?x8x8x1xf32>) -> tensor<3x3x4x1xf32>
// CHECK-DAG: %[[DB3:.*]] = nn.bias_grad %[[DPRE3]] {name = "conv2d_3.dbias"}
// CHECK: %[[DC2:.*]] = nn.upsample2d_grad %[[DU1]] {name = "upsample2d_1.dx", size = array<i64: 4, 4>} : (tensor<?x8x8x4xf32>) -> tensor<?x2x2x4xf32>
// CHECK: %[[DPRE2:.*]] = nn.activation_grad %[[C2]], %[[DC2]] {activation = #nn<activation tanh>, name = "conv2d_2.dpre"}
// CHECK-DAG: %[[DP3:.*]] = nn.conv2d_grad_input %[[DPRE2]], %[[K2]] {{.*}}input_size = array<i64: 2, 2>
// CHECK-DAG: %[[DK2:.*]] = nn.conv2d_grad_kernel %[[P3]], %[[DPRE2]]
// CHECK: %[[DP2:.*]] = nn.avg_pool2d_grad %[[DP3]] {input_size = array<i64: 3, 3>, name = "avg_pool2d_1.dx", padding = #nn<padding same>, pool = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x2x2x4xf32>) -> tensor<?x3x3x4xf32>
// CHECK: %[[DP1:.*]] = nn.min_pool2d_grad %[[P1]], %[[DP2]] {name = "min_pool2d_1.dx", padding = #nn<padding valid>, pool = array<i64: 2, 2>, strides = array<i64: 1, 1>} : (tensor<?x4x4x4xf32>, tensor<?x3x3x4xf32>) -> tensor<?x4x4x4xf32>
// CHECK: %[[DC1:.*]] = nn.max_pool2d_grad %[[C1]], %[[DP1]] {name = "max_pool2d_1.dx", {{.*}}} : (tensor<?x8x8x4xf32>, tensor<?x4x4x4xf32>) -> tensor<?x8x8x4xf32>
// CHECK: %[[DPRE1:.*]] = nn.activation_grad %[[C1]], %[[DC1]] {activation = #nn<activation relu>, name = "conv2d_1.dpre"}
// CHECK-DAG: %[[DK1:.*]] = nn.conv2d_grad_kernel %[[X]], %[[DPRE1]] {{.*}} -> tensor<3x3x1x4xf32>
// CHECK-DAG: %[[DB1:.*]] = nn.bias_grad %[[DPRE1]]
// No gradient for the image.
// CHECK-NOT: conv2d_1.dx
// CHECK: return %[[L]], %[[DK1]], %[[DB1]], %[[DK2]], %[[DK3]], %[[DB3]] :

// Adadelta with rho from the train block and Keras's epsilon.
// CHECK-LABEL: func.func @autoencoder_update(
// CHECK-SAME: {nn.state = "conv2d_1.kernel.accum_grad"}, %{{.*}}: tensor<3x3x1x4xf32> {nn.state = "conv2d_1.kernel.accum_var"}, %{{.*}}: tensor<4xf32> {nn.state = "conv2d_1.bias.accum_grad"}
// CHECK-COUNT-5: nn.adadelta_update {{.*}} {epsilon = 1.000000e-07 : f32, name = "{{.*}}", rho = 0.949999988 : f32}
// CHECK-NOT: nn.adadelta_update
// CHECK: return

// Autoencoder version B's decoder: a linear 'valid' stride-2 Conv2DTranspose.
func.func @decoder(%x: tensor<?x3x3x2xf32> {nn.input = "code"},
                   %t1: tensor<2x2x1x2xf32> {nn.param = "conv2d_transpose_1.kernel"})
    -> (tensor<?x6x6x1xf32> {nn.output = "output"})
    attributes {nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>, epochs = 1,
        batch = 32, shuffle = true>} {
  %y = nn.conv2d_transpose %x, %t1 {activation = #nn<activation linear>, name = "conv2d_transpose_1", padding = #nn<padding valid>, strides = array<i64: 2, 2>} : (tensor<?x3x3x2xf32>, tensor<2x2x1x2xf32>) -> tensor<?x6x6x1xf32>
  return %y : tensor<?x6x6x1xf32>
}

// A linear layer passes the loss's gradient on as it is (no activation_grad).
// CHECK-LABEL: func.func @decoder_gradient(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<?x3x3x2xf32> {nn.input = "code"}, %[[T:[a-z0-9]+]]: tensor<?x6x6x1xf32> {nn.target = "labels"}
// CHECK: %[[DY:.*]] = nn.mean_squared_error_grad
// CHECK-NOT: nn.activation_grad
// CHECK: %[[DK:.*]] = nn.conv2d_transpose_grad_kernel %[[X]], %[[DY]] {kernel_size = array<i64: 2, 2>, name = "conv2d_transpose_1.dkernel", padding = #nn<padding valid>, strides = array<i64: 2, 2>} : (tensor<?x3x3x2xf32>, tensor<?x6x6x1xf32>) -> tensor<2x2x1x2xf32>
// CHECK-NOT: conv2d_transpose_grad_input
// CHECK: return %{{.*}}, %[[DK]]

// SGD: Keras's defaults (momentum 0, no Nesterov), one velocity per param.
// CHECK-LABEL: func.func @decoder_update(
// CHECK-SAME: {nn.state = "conv2d_transpose_1.kernel.velocity"}
// CHECK: nn.sgd_update {{.*}} {momentum = 0.000000e+00 : f32, name = "conv2d_transpose_1.kernel", nesterov = false}
