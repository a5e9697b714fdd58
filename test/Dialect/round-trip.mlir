// RUN: nnc-opt %s | nnc-opt | FileCheck %s
// RUN: nnc-opt %s -mlir-print-op-generic | nnc-opt | FileCheck %s
//
// Every op prints and parses back unchanged. The declared result types are
// the Keras shapes from the models' notes (the verifier recomputes them).

// Autoencoder version A (Keras: 28x28x16 -> 14x14x16 -> ... -> 28x28x1).
// CHECK-LABEL: func.func @autoencoder_a
// CHECK-SAME: (%[[X:.*]]: tensor<?x28x28x1xf32> {nn.input = "image"}, %[[K1:.*]]: tensor<3x3x1x16xf32> {nn.init = "glorot_uniform", nn.param = "conv2d_1.kernel"}, %[[B1:.*]]: tensor<16xf32> {nn.init = "zeros", nn.param = "conv2d_1.bias"}
// CHECK-SAME: -> (tensor<?x28x28x1xf32> {nn.output = "output"})
func.func @autoencoder_a(%x: tensor<?x28x28x1xf32> {nn.input = "image"},
                         %k1: tensor<3x3x1x16xf32> {nn.param = "conv2d_1.kernel", nn.init = "glorot_uniform"},
                         %b1: tensor<16xf32> {nn.param = "conv2d_1.bias", nn.init = "zeros"},
                         %k2: tensor<3x3x16x4xf32> {nn.param = "conv2d_2.kernel"},
                         %k3: tensor<3x3x4x16xf32> {nn.param = "conv2d_3.kernel"},
                         %k4: tensor<3x3x16x16xf32> {nn.param = "conv2d_4.kernel"},
                         %k5: tensor<3x3x16x1xf32> {nn.param = "conv2d_5.kernel"},
                         %b5: tensor<1xf32> {nn.param = "conv2d_5.bias"})
    -> (tensor<?x28x28x1xf32> {nn.output = "output"}) {
  // CHECK: %[[C1:.*]] = nn.conv2d %[[X]], %[[K1]], %[[B1]] {activation = #nn<activation relu>, dilation = array<i64: 1, 1>, name = "conv2d_1", padding = #nn<padding same>, strides = array<i64: 1, 1>} : (tensor<?x28x28x1xf32>, tensor<3x3x1x16xf32>, tensor<16xf32>) -> tensor<?x28x28x16xf32>
  %c1 = nn.conv2d %x, %k1, %b1 {activation = #nn<activation relu>, dilation = array<i64: 1, 1>, name = "conv2d_1", padding = #nn<padding same>, strides = array<i64: 1, 1>} : (tensor<?x28x28x1xf32>, tensor<3x3x1x16xf32>, tensor<16xf32>) -> tensor<?x28x28x16xf32>
  // CHECK: nn.max_pool2d %[[C1]] {name = "max_pool2d_1", padding = #nn<padding same>, pool = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x28x28x16xf32>) -> tensor<?x14x14x16xf32>
  %p1 = nn.max_pool2d %c1 {name = "max_pool2d_1", padding = #nn<padding same>, pool = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x28x28x16xf32>) -> tensor<?x14x14x16xf32>
  // CHECK: nn.conv2d %{{.*}}, %{{.*}} {activation = #nn<activation relu>, {{.*}}} : (tensor<?x14x14x16xf32>, tensor<3x3x16x4xf32>) -> tensor<?x14x14x4xf32>
  %c2 = nn.conv2d %p1, %k2 {activation = #nn<activation relu>, dilation = array<i64: 1, 1>, name = "conv2d_2", padding = #nn<padding same>, strides = array<i64: 1, 1>} : (tensor<?x14x14x16xf32>, tensor<3x3x16x4xf32>) -> tensor<?x14x14x4xf32>
  // 14 -> 7 -> 4: 'same' pooling rounds up.
  // CHECK: nn.min_pool2d %{{.*}} {{.*}} : (tensor<?x14x14x4xf32>) -> tensor<?x7x7x4xf32>
  %p2 = nn.min_pool2d %c2 {name = "min_pool2d_1", padding = #nn<padding same>, pool = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x14x14x4xf32>) -> tensor<?x7x7x4xf32>
  // CHECK: nn.avg_pool2d %{{.*}} {{.*}} : (tensor<?x7x7x4xf32>) -> tensor<?x4x4x4xf32>
  %p3 = nn.avg_pool2d %p2 {name = "avg_pool2d_1", padding = #nn<padding same>, pool = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x7x7x4xf32>) -> tensor<?x4x4x4xf32>
  // CHECK: nn.upsample2d %{{.*}} {name = "upsample2d_1", size = array<i64: 2, 2>} : (tensor<?x4x4x4xf32>) -> tensor<?x8x8x4xf32>
  %u1 = nn.upsample2d %p3 {name = "upsample2d_1", size = array<i64: 2, 2>} : (tensor<?x4x4x4xf32>) -> tensor<?x8x8x4xf32>
  // CHECK: nn.conv2d {{.*}} : (tensor<?x8x8x4xf32>, tensor<3x3x4x16xf32>) -> tensor<?x8x8x16xf32>
  %c3 = nn.conv2d %u1, %k3 {activation = #nn<activation relu>, dilation = array<i64: 1, 1>, name = "conv2d_3", padding = #nn<padding same>, strides = array<i64: 1, 1>} : (tensor<?x8x8x4xf32>, tensor<3x3x4x16xf32>) -> tensor<?x8x8x16xf32>
  // 8x8 -> 16x16 -> 'valid' 3x3 -> 14x14 -> 28x28 (upsampling by 2 and by 1x2 then 2x1).
  // CHECK: nn.upsample2d {{.*}} -> tensor<?x16x16x16xf32>
  %u2 = nn.upsample2d %c3 {name = "upsample2d_2", size = array<i64: 2, 2>} : (tensor<?x8x8x16xf32>) -> tensor<?x16x16x16xf32>
  // CHECK: nn.conv2d {{.*}}padding = #nn<padding valid>{{.*}} -> tensor<?x14x14x16xf32>
  %c4 = nn.conv2d %u2, %k4 {activation = #nn<activation linear>, dilation = array<i64: 1, 1>, name = "conv2d_4", padding = #nn<padding valid>, strides = array<i64: 1, 1>} : (tensor<?x16x16x16xf32>, tensor<3x3x16x16xf32>) -> tensor<?x14x14x16xf32>
  // CHECK: nn.upsample2d {{.*}}size = array<i64: 1, 2>{{.*}} -> tensor<?x14x28x16xf32>
  %u3 = nn.upsample2d %c4 {name = "upsample2d_3", size = array<i64: 1, 2>} : (tensor<?x14x14x16xf32>) -> tensor<?x14x28x16xf32>
  %u4 = nn.upsample2d %u3 {name = "upsample2d_4", size = array<i64: 2, 1>} : (tensor<?x14x28x16xf32>) -> tensor<?x28x28x16xf32>
  // CHECK: nn.conv2d {{.*}}activation = #nn<activation sigmoid>{{.*}} -> tensor<?x28x28x1xf32>
  %y = nn.conv2d %u4, %k5, %b5 {activation = #nn<activation sigmoid>, dilation = array<i64: 1, 1>, name = "conv2d_5", padding = #nn<padding same>, strides = array<i64: 1, 1>} : (tensor<?x28x28x16xf32>, tensor<3x3x16x1xf32>, tensor<1xf32>) -> tensor<?x28x28x1xf32>
  return %y : tensor<?x28x28x1xf32>
}

// Autoencoder version B: 'valid' encoder 28 -> 26 -> 13 -> 11 -> 5 -> 3, then
// Conv2DTranspose decoder 3 -> 6 -> 12 -> 14 -> 28.
// CHECK-LABEL: func.func @autoencoder_b
func.func @autoencoder_b(%x: tensor<?x28x28x1xf32>, %k1: tensor<3x3x1x8xf32>, %k2: tensor<3x3x8x8xf32>,
                         %t1: tensor<2x2x8x8xf32>, %t3: tensor<3x3x8x8xf32>, %tb: tensor<8xf32>,
                         %t4: tensor<2x2x1x8xf32>) -> tensor<?x28x28x1xf32> {
  // CHECK: nn.conv2d {{.*}} -> tensor<?x26x26x8xf32>
  %c1 = nn.conv2d %x, %k1 {activation = #nn<activation relu>, dilation = array<i64: 1, 1>, name = "conv2d_1", padding = #nn<padding valid>, strides = array<i64: 1, 1>} : (tensor<?x28x28x1xf32>, tensor<3x3x1x8xf32>) -> tensor<?x26x26x8xf32>
  // CHECK: nn.max_pool2d {{.*}} -> tensor<?x13x13x8xf32>
  %p1 = nn.max_pool2d %c1 {name = "max_pool2d_1", padding = #nn<padding valid>, pool = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x26x26x8xf32>) -> tensor<?x13x13x8xf32>
  // CHECK: nn.conv2d {{.*}} -> tensor<?x11x11x8xf32>
  %c2 = nn.conv2d %p1, %k2 {activation = #nn<activation relu>, dilation = array<i64: 1, 1>, name = "conv2d_2", padding = #nn<padding valid>, strides = array<i64: 1, 1>} : (tensor<?x13x13x8xf32>, tensor<3x3x8x8xf32>) -> tensor<?x11x11x8xf32>
  // 'valid' pooling rounds down: 11 -> 5.
  // CHECK: nn.max_pool2d {{.*}} -> tensor<?x5x5x8xf32>
  %p2 = nn.max_pool2d %c2 {name = "max_pool2d_2", padding = #nn<padding valid>, pool = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x11x11x8xf32>) -> tensor<?x5x5x8xf32>
  // CHECK: nn.conv2d {{.*}} -> tensor<?x3x3x8xf32>
  %c3 = nn.conv2d %p2, %k2 {activation = #nn<activation relu>, dilation = array<i64: 1, 1>, name = "conv2d_3", padding = #nn<padding valid>, strides = array<i64: 1, 1>} : (tensor<?x5x5x8xf32>, tensor<3x3x8x8xf32>) -> tensor<?x3x3x8xf32>
  // CHECK: nn.conv2d_transpose %{{.*}}, %{{.*}} {activation = #nn<activation relu>, name = "conv2d_transpose_1", padding = #nn<padding valid>, strides = array<i64: 2, 2>} : (tensor<?x3x3x8xf32>, tensor<2x2x8x8xf32>) -> tensor<?x6x6x8xf32>
  %d1 = nn.conv2d_transpose %c3, %t1 {activation = #nn<activation relu>, name = "conv2d_transpose_1", padding = #nn<padding valid>, strides = array<i64: 2, 2>} : (tensor<?x3x3x8xf32>, tensor<2x2x8x8xf32>) -> tensor<?x6x6x8xf32>
  // CHECK: nn.conv2d_transpose {{.*}} -> tensor<?x12x12x8xf32>
  %d2 = nn.conv2d_transpose %d1, %t1 {activation = #nn<activation relu>, name = "conv2d_transpose_2", padding = #nn<padding same>, strides = array<i64: 2, 2>} : (tensor<?x6x6x8xf32>, tensor<2x2x8x8xf32>) -> tensor<?x12x12x8xf32>
  // 'valid' with stride 1: 12 + 3 - 1 = 14.
  // CHECK: nn.conv2d_transpose %{{.*}}, %{{.*}}, %{{.*}} {{.*}} : (tensor<?x12x12x8xf32>, tensor<3x3x8x8xf32>, tensor<8xf32>) -> tensor<?x14x14x8xf32>
  %d3 = nn.conv2d_transpose %d2, %t3, %tb {activation = #nn<activation relu>, name = "conv2d_transpose_3", padding = #nn<padding valid>, strides = array<i64: 1, 1>} : (tensor<?x12x12x8xf32>, tensor<3x3x8x8xf32>, tensor<8xf32>) -> tensor<?x14x14x8xf32>
  // CHECK: nn.conv2d_transpose {{.*}} : (tensor<?x14x14x8xf32>, tensor<2x2x1x8xf32>) -> tensor<?x28x28x1xf32>
  %y = nn.conv2d_transpose %d3, %t4 {activation = #nn<activation sigmoid>, name = "conv2d_transpose_4", padding = #nn<padding valid>, strides = array<i64: 2, 2>} : (tensor<?x14x14x8xf32>, tensor<2x2x1x8xf32>) -> tensor<?x28x28x1xf32>
  return %y : tensor<?x28x28x1xf32>
}

// The 1920x1080 example: 16 filters 5x5, stride 5, no bias -> 384x216x16,
// flattened to 1,327,104 features, then Dense(1).
// CHECK-LABEL: func.func @big_image
func.func @big_image(%x: tensor<?x1920x1080x3xf32>, %k: tensor<5x5x3x16xf32>,
                     %d: tensor<1327104x1xf32>) -> tensor<?x1xf32> {
  // CHECK: nn.conv2d {{.*}} -> tensor<?x384x216x16xf32>
  %c = nn.conv2d %x, %k {activation = #nn<activation linear>, dilation = array<i64: 1, 1>, name = "conv2d_1", padding = #nn<padding valid>, strides = array<i64: 5, 5>} : (tensor<?x1920x1080x3xf32>, tensor<5x5x3x16xf32>) -> tensor<?x384x216x16xf32>
  // CHECK: nn.flatten %{{.*}} {name = "flatten_1"} : (tensor<?x384x216x16xf32>) -> tensor<?x1327104xf32>
  %f = nn.flatten %c {name = "flatten_1"} : (tensor<?x384x216x16xf32>) -> tensor<?x1327104xf32>
  // CHECK: nn.dense %{{.*}}, %{{.*}} {activation = #nn<activation linear>, name = "dense_1"} : (tensor<?x1327104xf32>, tensor<1327104x1xf32>) -> tensor<?x1xf32>
  %y = nn.dense %f, %d {activation = #nn<activation linear>, name = "dense_1"} : (tensor<?x1327104xf32>, tensor<1327104x1xf32>) -> tensor<?x1xf32>
  return %y : tensor<?x1xf32>
}

// The boxes model: Dense acts on the last axis of a rank-3 input, squeeze
// drops the size-1 axes down to a rank-1 (batch only) tensor.
// CHECK-LABEL: func.func @boxes
func.func @boxes(%x: tensor<?x4x2xf32>, %k1: tensor<2x3xf32>, %b1: tensor<3xf32>,
                 %k2: tensor<3x1xf32>, %k3: tensor<4x1xf32>) -> tensor<?xf32> {
  // CHECK: nn.dense %{{.*}}, %{{.*}}, %{{.*}} {activation = #nn<activation tanh>, name = "dense_1"} : (tensor<?x4x2xf32>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<?x4x3xf32>
  %d1 = nn.dense %x, %k1, %b1 {activation = #nn<activation tanh>, name = "dense_1"} : (tensor<?x4x2xf32>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<?x4x3xf32>
  %d2 = nn.dense %d1, %k2 {activation = #nn<activation linear>, name = "dense_2"} : (tensor<?x4x3xf32>, tensor<3x1xf32>) -> tensor<?x4x1xf32>
  // CHECK: nn.squeeze %{{.*}} {axis = -1 : i64, name = "squeeze_1"} : (tensor<?x4x1xf32>) -> tensor<?x4xf32>
  %s1 = nn.squeeze %d2 {axis = -1 : i64, name = "squeeze_1"} : (tensor<?x4x1xf32>) -> tensor<?x4xf32>
  %d3 = nn.dense %s1, %k3 {activation = #nn<activation linear>, name = "dense_3"} : (tensor<?x4xf32>, tensor<4x1xf32>) -> tensor<?x1xf32>
  // CHECK: nn.squeeze %{{.*}} {axis = 1 : i64, name = "squeeze_2"} : (tensor<?x1xf32>) -> tensor<?xf32>
  %s2 = nn.squeeze %d3 {axis = 1 : i64, name = "squeeze_2"} : (tensor<?x1xf32>) -> tensor<?xf32>
  return %s2 : tensor<?xf32>
}

// Two inputs joined by concat; reshape with an inferred -1; activations as
// layers; a static batch is kept as it is.
// CHECK-LABEL: func.func @two_inputs
func.func @two_inputs(%a: tensor<?x28x28x8xf32>, %b: tensor<?x28x28x4xf32>, %c: tensor<8x28x28x1xf32>,
                      %k: tensor<3x3x1x1xf32>)
    -> (tensor<?x12x1176xf32>, tensor<8x28x28x1xf32>) {
  // CHECK: nn.concat %{{.*}}, %{{.*}} {axis = -1 : i64, name = "concat_1"} : (tensor<?x28x28x8xf32>, tensor<?x28x28x4xf32>) -> tensor<?x28x28x12xf32>
  %z = nn.concat %a, %b {axis = -1 : i64, name = "concat_1"} : (tensor<?x28x28x8xf32>, tensor<?x28x28x4xf32>) -> tensor<?x28x28x12xf32>
  // CHECK: nn.concat %{{.*}}, %{{.*}}, %{{.*}} {axis = 1 : i64, name = "concat_2"} : (tensor<?x28x28x12xf32>, tensor<?x28x28x12xf32>, tensor<?x28x28x12xf32>) -> tensor<?x84x28x12xf32>
  %z3 = nn.concat %z, %z, %z {axis = 1 : i64, name = "concat_2"} : (tensor<?x28x28x12xf32>, tensor<?x28x28x12xf32>, tensor<?x28x28x12xf32>) -> tensor<?x84x28x12xf32>
  // 84 * 28 * 12 = 28224 = 21 * 1344.
  // CHECK: nn.reshape %{{.*}} {name = "reshape_1", shape = array<i64: 21, -1>} : (tensor<?x84x28x12xf32>) -> tensor<?x21x1344xf32>
  %r = nn.reshape %z3 {name = "reshape_1", shape = array<i64: 21, -1>} : (tensor<?x84x28x12xf32>) -> tensor<?x21x1344xf32>
  // CHECK: nn.activation %{{.*}} {activation = #nn<activation relu>, name = "relu_1"} : (tensor<?x21x1344xf32>) -> tensor<?x21x1344xf32>
  %r1 = nn.activation %r {activation = #nn<activation relu>, name = "relu_1"} : (tensor<?x21x1344xf32>) -> tensor<?x21x1344xf32>
  // CHECK: nn.activation %{{.*}} {activation = #nn<activation sigmoid>, name = "sigmoid_1"}
  %r2 = nn.activation %r1 {activation = #nn<activation sigmoid>, name = "sigmoid_1"} : (tensor<?x21x1344xf32>) -> tensor<?x21x1344xf32>
  // CHECK: nn.activation %{{.*}} {activation = #nn<activation tanh>, name = "tanh_1"}
  %r3 = nn.activation %r2 {activation = #nn<activation tanh>, name = "tanh_1"} : (tensor<?x21x1344xf32>) -> tensor<?x21x1344xf32>
  // CHECK: nn.softmax %{{.*}} {axis = -1 : i64, name = "softmax_1"} : (tensor<?x21x1344xf32>) -> tensor<?x21x1344xf32>
  %r4 = nn.softmax %r3 {axis = -1 : i64, name = "softmax_1"} : (tensor<?x21x1344xf32>) -> tensor<?x21x1344xf32>
  // CHECK: nn.reshape %{{.*}} {name = "reshape_2", shape = array<i64: 12, 1176, -1>} : (tensor<?x21x1344xf32>) -> tensor<?x12x1176x2xf32>
  %r5 = nn.reshape %r4 {name = "reshape_2", shape = array<i64: 12, 1176, -1>} : (tensor<?x21x1344xf32>) -> tensor<?x12x1176x2xf32>
  // CHECK: nn.max_pool2d {{.*}}pool = array<i64: 1, 2>, strides = array<i64: 1, 2>{{.*}} -> tensor<?x12x588x2xf32>
  %r6 = nn.max_pool2d %r5 {name = "max_pool2d_1", padding = #nn<padding valid>, pool = array<i64: 1, 2>, strides = array<i64: 1, 2>} : (tensor<?x12x1176x2xf32>) -> tensor<?x12x588x2xf32>
  // CHECK: nn.reshape {{.*}} -> tensor<?x12x1176xf32>
  %r7 = nn.reshape %r6 {name = "reshape_3", shape = array<i64: 12, 1176>} : (tensor<?x12x588x2xf32>) -> tensor<?x12x1176xf32>
  // CHECK: nn.conv2d {{.*}}dilation = array<i64: 2, 3>{{.*}} : (tensor<8x28x28x1xf32>, tensor<3x3x1x1xf32>) -> tensor<8x24x22x1xf32>
  %d = nn.conv2d %c, %k {activation = #nn<activation softmax>, dilation = array<i64: 2, 3>, name = "conv2d_1", padding = #nn<padding valid>, strides = array<i64: 1, 1>} : (tensor<8x28x28x1xf32>, tensor<3x3x1x1xf32>) -> tensor<8x24x22x1xf32>
  // CHECK: nn.upsample2d {{.*}} : (tensor<8x24x22x1xf32>) -> tensor<8x48x44x1xf32>
  %e = nn.upsample2d %d {name = "upsample2d_1", size = array<i64: 2, 2>} : (tensor<8x24x22x1xf32>) -> tensor<8x48x44x1xf32>
  // 'same' with stride 3 and dilation 2: ceil(48 / 3) = 16, ceil(44 / 3) = 15.
  // CHECK: nn.conv2d {{.*}} -> tensor<8x16x15x1xf32>
  %f = nn.conv2d %e, %k {activation = #nn<activation linear>, dilation = array<i64: 2, 2>, name = "conv2d_2", padding = #nn<padding same>, strides = array<i64: 3, 3>} : (tensor<8x48x44x1xf32>, tensor<3x3x1x1xf32>) -> tensor<8x16x15x1xf32>
  %g = nn.upsample2d %f {name = "upsample2d_2", size = array<i64: 2, 2>} : (tensor<8x16x15x1xf32>) -> tensor<8x32x30x1xf32>
  // CHECK: nn.avg_pool2d {{.*}} -> tensor<8x28x28x1xf32>
  %h = nn.avg_pool2d %g {name = "avg_pool2d_1", padding = #nn<padding valid>, pool = array<i64: 5, 3>, strides = array<i64: 1, 1>} : (tensor<8x32x30x1xf32>) -> tensor<8x28x28x1xf32>
  return %r7, %h : tensor<?x12x1176xf32>, tensor<8x28x28x1xf32>
}

// Dropout in inference mode (a model) and in training mode (a gradient
// function, with the seed and step counters).
// CHECK-LABEL: func.func @dropout_modes
// CHECK: nn.dropout %{{.*}} {name = "spatial_dropout2d_1", rate = 2.000000e-01 : f32, shared_axes = array<i64: 1, 2>} : (tensor<?x4x4x2xf32>) -> tensor<?x4x4x2xf32>
// CHECK: nn.dropout %{{.*}}, %{{.*}}, %{{.*}} {name = "dropout_1", rate = 5.000000e-01 : f32, shared_axes = array<i64>, training} : (tensor<?x8xf32>, tensor<i32>, tensor<i32>) -> tensor<?x8xf32>
func.func @dropout_modes(%image: tensor<?x4x4x2xf32>, %x: tensor<?x8xf32>, %seed: tensor<i32>, %step: tensor<i32>) {
  %0 = nn.dropout %image {rate = 0.2 : f32, shared_axes = array<i64: 1, 2>, name = "spatial_dropout2d_1"} : (tensor<?x4x4x2xf32>) -> tensor<?x4x4x2xf32>
  %1 = nn.dropout %x, %seed, %step {rate = 0.5 : f32, shared_axes = array<i64>, training, name = "dropout_1"} : (tensor<?x8xf32>, tensor<i32>, tensor<i32>) -> tensor<?x8xf32>
  return
}

// BatchNormalization in inference mode (the moving statistics) and in
// training mode (the batch's, updated into the moving ones), and its
// gradient ops.
// CHECK-LABEL: func.func @batch_norm
// CHECK: nn.batch_norm %{{.*}}, %{{.*}}, %{{.*}} gamma %{{.*}} beta %{{.*}} {epsilon = 1.000000e-03 : f32, momentum = 9.900000e-01 : f32, name = "batchnorm_1"} : (tensor<?x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x4x4x2xf32>
// CHECK: nn.batch_mean %{{.*}} {name = "batchnorm_1.batch_mean"} : (tensor<?x4x4x2xf32>) -> tensor<2xf32>
// CHECK: nn.batch_variance %{{.*}}, %{{.*}} {name = "batchnorm_1.batch_variance"} : (tensor<?x4x4x2xf32>, tensor<2xf32>) -> tensor<2xf32>
// CHECK: nn.batch_norm %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 1.000000e-03 : f32, momentum = 9.900000e-01 : f32, name = "batchnorm_2", training}
// CHECK: nn.moving_average %{{.*}}, %{{.*}} {momentum = 9.900000e-01 : f32, name = "batchnorm_2.moving_mean"} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
// CHECK: nn.batch_norm_grad %{{.*}}, %{{.*}}, %{{.*}} gamma %{{.*}}, %{{.*}} {epsilon = 1.000000e-03 : f32, name = "batchnorm_1.dgamma", wrt = #nn<batch_norm_operand gamma>} : (tensor<?x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<?x4x4x2xf32>) -> tensor<2xf32>
// CHECK: nn.batch_norm_grad %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 1.000000e-03 : f32, name = "batchnorm_2.dx", wrt = #nn<batch_norm_operand x>} : (tensor<?x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<?x4x4x2xf32>) -> tensor<?x4x4x2xf32>
// CHECK: nn.batch_mean_grad %{{.*}}, %{{.*}} {name = "batchnorm_2.batch_mean.dx"} : (tensor<?x4x4x2xf32>, tensor<2xf32>) -> tensor<?x4x4x2xf32>
// CHECK: nn.batch_variance_grad %{{.*}}, %{{.*}}, %{{.*}} {name = "batchnorm_2.batch_variance.dx"} : (tensor<?x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x4x4x2xf32>
func.func @batch_norm(%x: tensor<?x4x4x2xf32>, %m: tensor<2xf32>, %v: tensor<2xf32>, %g: tensor<2xf32>, %b: tensor<2xf32>) {
  %0 = nn.batch_norm %x, %m, %v gamma %g beta %b {momentum = 0.99 : f32, epsilon = 1.0e-3 : f32, name = "batchnorm_1"} : (tensor<?x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x4x4x2xf32>
  %mean = nn.batch_mean %x {name = "batchnorm_1.batch_mean"} : (tensor<?x4x4x2xf32>) -> tensor<2xf32>
  %variance = nn.batch_variance %x, %mean {name = "batchnorm_1.batch_variance"} : (tensor<?x4x4x2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %1 = nn.batch_norm %x, %mean, %variance {momentum = 0.99 : f32, epsilon = 1.0e-3 : f32, name = "batchnorm_2", training} : (tensor<?x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x4x4x2xf32>
  %2 = nn.moving_average %m, %mean {momentum = 0.99 : f32, name = "batchnorm_2.moving_mean"} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %3 = nn.batch_norm_grad %x, %m, %v gamma %g, %0 {epsilon = 1.0e-3 : f32, name = "batchnorm_1.dgamma", wrt = #nn<batch_norm_operand gamma>} : (tensor<?x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<?x4x4x2xf32>) -> tensor<2xf32>
  %4 = nn.batch_norm_grad %x, %mean, %variance, %1 {epsilon = 1.0e-3 : f32, name = "batchnorm_2.dx", wrt = #nn<batch_norm_operand x>} : (tensor<?x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<?x4x4x2xf32>) -> tensor<?x4x4x2xf32>
  %5 = nn.batch_mean_grad %x, %2 {name = "batchnorm_2.batch_mean.dx"} : (tensor<?x4x4x2xf32>, tensor<2xf32>) -> tensor<?x4x4x2xf32>
  %6 = nn.batch_variance_grad %x, %mean, %2 {name = "batchnorm_2.batch_variance.dx"} : (tensor<?x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x4x4x2xf32>
  return
}

// A Conv1D text model's layers (Keras: 14x64 -> 14x32 causal -> 7x32 -> 4x32).
// CHECK-LABEL: func.func @sequence_windows
func.func @sequence_windows(%x: tensor<?x14x64xf32>, %k: tensor<3x64x32xf32>,
                            %b: tensor<32xf32>) -> tensor<?x4x32xf32> {
  // CHECK: nn.conv1d %{{.*}}, %{{.*}}, %{{.*}} {activation = #nn<activation relu>, dilation = array<i64: 2>, name = "conv1d_1", padding = #nn<padding causal>, strides = array<i64: 1>} : (tensor<?x14x64xf32>, tensor<3x64x32xf32>, tensor<32xf32>) -> tensor<?x14x32xf32>
  %c = nn.conv1d %x, %k, %b {activation = #nn<activation relu>, dilation = array<i64: 2>, name = "conv1d_1", padding = #nn<padding causal>, strides = array<i64: 1>} : (tensor<?x14x64xf32>, tensor<3x64x32xf32>, tensor<32xf32>) -> tensor<?x14x32xf32>
  // CHECK: nn.max_pool1d %{{.*}} {name = "maxpool1d_1", padding = #nn<padding valid>, pool = array<i64: 2>, strides = array<i64: 2>} : (tensor<?x14x32xf32>) -> tensor<?x7x32xf32>
  %p = nn.max_pool1d %c {name = "maxpool1d_1", padding = #nn<padding valid>, pool = array<i64: 2>, strides = array<i64: 2>} : (tensor<?x14x32xf32>) -> tensor<?x7x32xf32>
  // CHECK: nn.avg_pool1d %{{.*}} {name = "avgpool1d_1", padding = #nn<padding same>, pool = array<i64: 2>, strides = array<i64: 2>} : (tensor<?x7x32xf32>) -> tensor<?x4x32xf32>
  %a = nn.avg_pool1d %p {name = "avgpool1d_1", padding = #nn<padding same>, pool = array<i64: 2>, strides = array<i64: 2>} : (tensor<?x7x32xf32>) -> tensor<?x4x32xf32>
  return %a : tensor<?x4x32xf32>
}

// A bidirectional layer's backward copy reads the sequence reversed along
// time; every op of the layer names it in nn.wrapper.
// CHECK-LABEL: func.func @reverse_time
func.func @reverse_time(%x: tensor<?x7x3xf32>) -> tensor<?x7x3xf32> {
  // CHECK: nn.reverse %{{.*}} {axis = 1 : i64, name = "b.reversed_input", nn.wrapper = {keras_class = "Bidirectional", layer = "b"}} : (tensor<?x7x3xf32>) -> tensor<?x7x3xf32>
  %0 = nn.reverse %x {axis = 1 : i64, name = "b.reversed_input", nn.wrapper = {keras_class = "Bidirectional", layer = "b"}} : (tensor<?x7x3xf32>) -> tensor<?x7x3xf32>
  return %0 : tensor<?x7x3xf32>
}
