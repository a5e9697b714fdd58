// RUN: nnc-opt %s --nn-autodiff | FileCheck %s
//
// Max unpooling and bed-of-nails upsampling: the unpooled value's gradient
// is gathered at the pool's argmax (from the pool's input, a forward value);
// no gradient flows to the pool input through the unpooling, so conv2d_1's
// result gets its gradient from the max pooling alone (no nn.add).

func.func @unpool(%x: tensor<?x8x8x1xf32> {nn.input = "image"},
                  %k1: tensor<3x3x1x4xf32> {nn.param = "conv2d_1.kernel"},
                  %k2: tensor<1x1x4x4xf32> {nn.param = "conv2d_2.kernel"},
                  %k3: tensor<3x3x4x1xf32> {nn.param = "conv2d_3.kernel"})
    -> (tensor<?x8x8x1xf32> {nn.output = "output"})
    attributes {nn.train = #nn.train<target = input, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>, epochs = 1,
        batch = 8, shuffle = true>} {
  %c1 = nn.conv2d %x, %k1 {activation = #nn<activation relu>, dilation = array<i64: 1, 1>, name = "conv2d_1", padding = #nn<padding same>, strides = array<i64: 1, 1>} : (tensor<?x8x8x1xf32>, tensor<3x3x1x4xf32>) -> tensor<?x8x8x4xf32>
  %p1 = nn.max_pool2d %c1 {name = "p1", padding = #nn<padding valid>, pool = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x8x8x4xf32>) -> tensor<?x4x4x4xf32>
  %c2 = nn.conv2d %p1, %k2 {activation = #nn<activation tanh>, dilation = array<i64: 1, 1>, name = "conv2d_2", padding = #nn<padding valid>, strides = array<i64: 1, 1>} : (tensor<?x4x4x4xf32>, tensor<1x1x4x4xf32>) -> tensor<?x4x4x4xf32>
  %u1 = nn.max_unpool2d %c2, %c1 {name = "unpool", padding = #nn<padding valid>, pool = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x4x4x4xf32>, tensor<?x8x8x4xf32>) -> tensor<?x8x8x4xf32>
  %p2 = nn.max_pool2d %u1 {name = "p2", padding = #nn<padding valid>, pool = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x8x8x4xf32>) -> tensor<?x4x4x4xf32>
  %u2 = nn.bed_of_nails_upsample2d %p2 {name = "nails", size = array<i64: 2, 2>} : (tensor<?x4x4x4xf32>) -> tensor<?x8x8x4xf32>
  %y = nn.conv2d %u2, %k3 {activation = #nn<activation sigmoid>, dilation = array<i64: 1, 1>, name = "conv2d_3", padding = #nn<padding same>, strides = array<i64: 1, 1>} : (tensor<?x8x8x4xf32>, tensor<3x3x4x1xf32>) -> tensor<?x8x8x1xf32>
  return %y : tensor<?x8x8x1xf32>
}

// CHECK-LABEL: func.func @unpool_gradient(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<?x8x8x1xf32> {nn.input = "image"}
// CHECK: %[[C1:.*]] = nn.conv2d %[[X]]
// CHECK: %[[P1:.*]] = nn.max_pool2d %[[C1]]
// CHECK: %[[C2:.*]] = nn.conv2d %[[P1]]
// CHECK: %[[U1:.*]] = nn.max_unpool2d %[[C2]], %[[C1]]
// CHECK: %[[P2:.*]] = nn.max_pool2d %[[U1]]
// CHECK: %[[U2:.*]] = nn.bed_of_nails_upsample2d %[[P2]]
// CHECK: %[[Y:.*]] = nn.conv2d %[[U2]]
// Backward, from the loss to conv2d_1.
// CHECK: %[[DU2:.*]] = nn.conv2d_grad_input %{{.*}}, %{{.*}} {{.*}}name = "conv2d_3.dx"
// CHECK: %[[DP2:.*]] = nn.bed_of_nails_upsample2d_grad %[[DU2]] {name = "nails.dx", size = array<i64: 2, 2>} : (tensor<?x8x8x4xf32>) -> tensor<?x4x4x4xf32>
// CHECK: %[[DU1:.*]] = nn.max_pool2d_grad %[[U1]], %[[DP2]] {name = "p2.dx"
// CHECK: %[[DC2:.*]] = nn.max_unpool2d_grad %[[C1]], %[[DU1]] {name = "unpool.dvalue", padding = #nn<padding valid>, pool = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x8x8x4xf32>, tensor<?x8x8x4xf32>) -> tensor<?x4x4x4xf32>
// CHECK: nn.activation_grad %[[C2]], %[[DC2]]
// CHECK: %[[DP1:.*]] = nn.conv2d_grad_input {{.*}}name = "conv2d_2.dx"
// CHECK-NOT: nn.add
// CHECK: %[[DC1:.*]] = nn.max_pool2d_grad %[[C1]], %[[DP1]] {name = "p1.dx"
// CHECK: nn.activation_grad %[[C1]], %[[DC1]]
// CHECK: nn.conv2d_grad_kernel %[[X]], %{{.*}} {{.*}}name = "conv2d_1.dkernel"
// CHECK-NOT: nn.conv2d_grad_input {{.*}}"conv2d_1.dx"
// CHECK: return
