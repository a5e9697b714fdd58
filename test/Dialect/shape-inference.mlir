// RUN: nnc-opt %s -split-input-file -verify-diagnostics
//
// Shape inference: each op below declares a wrong result type, and the
// verifier must name the type Keras would give (recomputed by the op).

func.func @dense_last_axis(%x: tensor<?x4x2xf32>, %k: tensor<2x3xf32>) {
  // Dense acts on the last axis
  // expected-error @+2 {{'nn.dense' op inferred type(s) 'tensor<?x4x3xf32>' are incompatible with return type(s) of operation 'tensor<?x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.dense %x, %k {activation = #nn<activation linear>, name = "dense_1"} : (tensor<?x4x2xf32>, tensor<2x3xf32>) -> tensor<?x3xf32>
  return
}

// -----

func.func @conv_stride_5(%x: tensor<?x1920x1080x3xf32>, %k: tensor<5x5x3x16xf32>) {
  // Keras: (64, 1920, 1080, 3) -> (64, 384, 216, 16)
  // expected-error @+2 {{'nn.conv2d' op inferred type(s) 'tensor<?x384x216x16xf32>' are incompatible with return type(s) of operation 'tensor<?x383x216x16xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d %x, %k {activation = #nn<activation linear>, dilation = array<i64: 1, 1>, name = "conv2d_1", padding = #nn<padding valid>, strides = array<i64: 5, 5>} : (tensor<?x1920x1080x3xf32>, tensor<5x5x3x16xf32>) -> tensor<?x383x216x16xf32>
  return
}

// -----

func.func @conv_same_rounds_up(%x: tensor<?x7x7x4xf32>, %k: tensor<3x3x4x8xf32>) {
  // 'same': ceil(7 / 2)
  // expected-error @+2 {{'nn.conv2d' op inferred type(s) 'tensor<?x4x4x8xf32>' are incompatible with return type(s) of operation 'tensor<?x3x3x8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d %x, %k {activation = #nn<activation linear>, dilation = array<i64: 1, 1>, name = "conv2d_1", padding = #nn<padding same>, strides = array<i64: 2, 2>} : (tensor<?x7x7x4xf32>, tensor<3x3x4x8xf32>) -> tensor<?x3x3x8xf32>
  return
}

// -----

func.func @conv_dilated(%x: tensor<?x28x28x1xf32>, %k: tensor<3x3x1x8xf32>) {
  // the dilated kernel spans 5: (28 - 5) / 2 + 1
  // expected-error @+2 {{'nn.conv2d' op inferred type(s) 'tensor<?x12x12x8xf32>' are incompatible with return type(s) of operation 'tensor<?x13x13x8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d %x, %k {activation = #nn<activation linear>, dilation = array<i64: 2, 2>, name = "conv2d_1", padding = #nn<padding valid>, strides = array<i64: 2, 2>} : (tensor<?x28x28x1xf32>, tensor<3x3x1x8xf32>) -> tensor<?x13x13x8xf32>
  return
}

// -----

func.func @conv_static_batch(%x: tensor<8x28x28x1xf32>, %k: tensor<3x3x1x8xf32>) {
  // a static batch stays static
  // expected-error @+2 {{'nn.conv2d' op inferred type(s) 'tensor<8x26x26x8xf32>' are incompatible with return type(s) of operation 'tensor<?x26x26x8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d %x, %k {activation = #nn<activation linear>, dilation = array<i64: 1, 1>, name = "conv2d_1", padding = #nn<padding valid>, strides = array<i64: 1, 1>} : (tensor<8x28x28x1xf32>, tensor<3x3x1x8xf32>) -> tensor<?x26x26x8xf32>
  return
}

// -----

func.func @transpose_valid(%x: tensor<?x7x7x4xf32>, %k: tensor<3x3x8x4xf32>) {
  // 'valid': 7 * 2 + max(3 - 2, 0)
  // expected-error @+2 {{'nn.conv2d_transpose' op inferred type(s) 'tensor<?x15x15x8xf32>' are incompatible with return type(s) of operation 'tensor<?x14x14x8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d_transpose %x, %k {activation = #nn<activation linear>, name = "conv2d_transpose_1", padding = #nn<padding valid>, strides = array<i64: 2, 2>} : (tensor<?x7x7x4xf32>, tensor<3x3x8x4xf32>) -> tensor<?x14x14x8xf32>
  return
}

// -----

func.func @transpose_valid_small_kernel(%x: tensor<?x7x7x4xf32>, %k: tensor<1x1x8x4xf32>) {
  // a kernel smaller than the stride: 7 * s
  // expected-error @+2 {{'nn.conv2d_transpose' op inferred type(s) 'tensor<?x14x21x8xf32>' are incompatible with return type(s) of operation 'tensor<?x13x19x8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d_transpose %x, %k {activation = #nn<activation linear>, name = "conv2d_transpose_1", padding = #nn<padding valid>, strides = array<i64: 2, 3>} : (tensor<?x7x7x4xf32>, tensor<1x1x8x4xf32>) -> tensor<?x13x19x8xf32>
  return
}

// -----

func.func @transpose_same(%x: tensor<?x7x5x4xf32>, %k: tensor<3x3x8x4xf32>) {
  // 'same': H * s
  // expected-error @+2 {{'nn.conv2d_transpose' op inferred type(s) 'tensor<?x14x10x8xf32>' are incompatible with return type(s) of operation 'tensor<?x15x11x8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d_transpose %x, %k {activation = #nn<activation linear>, name = "conv2d_transpose_1", padding = #nn<padding same>, strides = array<i64: 2, 2>} : (tensor<?x7x5x4xf32>, tensor<3x3x8x4xf32>) -> tensor<?x15x11x8xf32>
  return
}

// -----

func.func @max_pool_valid(%x: tensor<?x28x28x4xf32>) {
  // 'valid': (28 - 3) / 2 + 1
  // expected-error @+2 {{'nn.max_pool2d' op inferred type(s) 'tensor<?x13x13x4xf32>' are incompatible with return type(s) of operation 'tensor<?x14x14x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.max_pool2d %x {name = "max_pool2d_1", padding = #nn<padding valid>, pool = array<i64: 3, 3>, strides = array<i64: 2, 2>} : (tensor<?x28x28x4xf32>) -> tensor<?x14x14x4xf32>
  return
}

// -----

func.func @avg_pool_same(%x: tensor<?x7x7x4xf32>) {
  // 'same' rounds up
  // expected-error @+2 {{'nn.avg_pool2d' op inferred type(s) 'tensor<?x4x4x4xf32>' are incompatible with return type(s) of operation 'tensor<?x3x3x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.avg_pool2d %x {name = "avg_pool2d_1", padding = #nn<padding same>, pool = array<i64: 3, 3>, strides = array<i64: 2, 2>} : (tensor<?x7x7x4xf32>) -> tensor<?x3x3x4xf32>
  return
}

// -----

func.func @min_pool_rectangular(%x: tensor<?x5x9x4xf32>) {
  // height and width are independent
  // expected-error @+2 {{'nn.min_pool2d' op inferred type(s) 'tensor<?x4x4x4xf32>' are incompatible with return type(s) of operation 'tensor<?x4x3x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.min_pool2d %x {name = "min_pool2d_1", padding = #nn<padding valid>, pool = array<i64: 2, 3>, strides = array<i64: 1, 2>} : (tensor<?x5x9x4xf32>) -> tensor<?x4x3x4xf32>
  return
}

// -----

func.func @upsample(%x: tensor<?x4x5x3xf32>) {
  // expected-error @+2 {{'nn.upsample2d' op inferred type(s) 'tensor<?x8x15x3xf32>' are incompatible with return type(s) of operation 'tensor<?x8x10x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.upsample2d %x {name = "upsample2d_1", size = array<i64: 2, 3>} : (tensor<?x4x5x3xf32>) -> tensor<?x8x10x3xf32>
  return
}

// -----

func.func @flatten(%x: tensor<?x7x7x8xf32>) {
  // expected-error @+2 {{'nn.flatten' op inferred type(s) 'tensor<?x392xf32>' are incompatible with return type(s) of operation 'tensor<?x56xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.flatten %x {name = "flatten_1"} : (tensor<?x7x7x8xf32>) -> tensor<?x56xf32>
  return
}

// -----

func.func @reshape_inferred(%x: tensor<?x7x7x8xf32>) {
  // expected-error @+2 {{'nn.reshape' op inferred type(s) 'tensor<?x49x8xf32>' are incompatible with return type(s) of operation 'tensor<?x7x8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.reshape %x {name = "reshape_1", shape = array<i64: -1, 8>} : (tensor<?x7x7x8xf32>) -> tensor<?x7x8xf32>
  return
}

// -----

func.func @squeeze(%x: tensor<?x1x7xf32>) {
  // expected-error @+2 {{'nn.squeeze' op inferred type(s) 'tensor<?x7xf32>' are incompatible with return type(s) of operation 'tensor<?x1xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.squeeze %x {axis = 1 : i64, name = "squeeze_1"} : (tensor<?x1x7xf32>) -> tensor<?x1xf32>
  return
}

// -----

func.func @concat(%a: tensor<?x5x3xf32>, %b: tensor<?x5x4xf32>) {
  // expected-error @+2 {{'nn.concat' op inferred type(s) 'tensor<?x5x7xf32>' are incompatible with return type(s) of operation 'tensor<?x10x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.concat %a, %b {axis = 2 : i64, name = "concat_1"} : (tensor<?x5x3xf32>, tensor<?x5x4xf32>) -> tensor<?x10x4xf32>
  return
}

// -----

func.func @concat_known_batch(%a: tensor<?x5xf32>, %b: tensor<6x5xf32>) {
  // one input knows the batch size
  // expected-error @+2 {{'nn.concat' op inferred type(s) 'tensor<6x10xf32>' are incompatible with return type(s) of operation 'tensor<?x10xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.concat %a, %b {axis = 1 : i64, name = "concat_1"} : (tensor<?x5xf32>, tensor<6x5xf32>) -> tensor<?x10xf32>
  return
}

// -----

func.func @softmax(%x: tensor<?x10xf32>) {
  // expected-error @+2 {{'nn.softmax' op inferred type(s) 'tensor<?x10xf32>' are incompatible with return type(s) of operation 'tensor<?x9xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.softmax %x {axis = -1 : i64, name = "softmax_1"} : (tensor<?x10xf32>) -> tensor<?x9xf32>
  return
}
