// RUN: nnc-opt %s -split-input-file -verify-diagnostics
//
// Gradient ops check that they belong to a forward op that could exist: the
// gradient has the shape of the forward result, the stated sizes agree.

func.func @activation_grad_mismatch(%y: tensor<?x10xf32>, %dy: tensor<?x11xf32>) {
  // expected-error @+2 {{activation_grad gradient dy (None, 11) does not match output y (None, 10)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.activation_grad %y, %dy {activation = #nn<activation relu>, name = "d"} : (tensor<?x10xf32>, tensor<?x11xf32>) -> tensor<?x10xf32>
  return
}

// -----

func.func @softmax_axis_out_of_range(%y: tensor<?x10xf32>) {
  // expected-error @+2 {{activation_grad axis 2 is out of range for a 2D tensor (valid axes: -2 to 1)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.activation_grad %y, %y {activation = #nn<activation softmax>, axis = 2 : i64, name = "d"} : (tensor<?x10xf32>, tensor<?x10xf32>) -> tensor<?x10xf32>
  return
}

// -----

func.func @dense_grad_input_units(%dpre: tensor<?x4xf32>, %k: tensor<3x5xf32>) {
  // expected-error @+2 {{dense_grad_input kernel (3, 5) has 5 units but the gradient dpre (None, 4) has 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.dense_grad_input %dpre, %k {name = "d"} : (tensor<?x4xf32>, tensor<3x5xf32>) -> tensor<?x3xf32>
  return
}

// -----

func.func @dense_grad_kernel_leading(%x: tensor<?x4x3xf32>, %dpre: tensor<?x2x5xf32>) {
  // expected-error @+2 {{dense_grad_kernel gradient dpre (None, 2, 5) does not match input (with units last) (None, 4, 5)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.dense_grad_kernel %x, %dpre {name = "d"} : (tensor<?x4x3xf32>, tensor<?x2x5xf32>) -> tensor<3x5xf32>
  return
}

// -----

func.func @dense_grad_kernel_result(%x: tensor<?x3xf32>, %dpre: tensor<?x5xf32>) {
  // expected-error @+2 {{'nn.dense_grad_kernel' op inferred type(s) 'tensor<3x5xf32>' are incompatible with return type(s) of operation 'tensor<5x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.dense_grad_kernel %x, %dpre {name = "d"} : (tensor<?x3xf32>, tensor<?x5xf32>) -> tensor<5x3xf32>
  return
}

// -----

func.func @conv_grad_input_wrong_size(%dpre: tensor<?x4x4x8xf32>, %k: tensor<3x3x4x8xf32>) {
  // 'valid' 3x3 on 7x7 gives 5x5, not 4x4.
  // expected-error @+2 {{conv2d_grad_input: the forward input 7x7 gives a 5x5 output but the gradient dpre is 4x4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d_grad_input %dpre, %k {dilation = array<i64: 1, 1>, input_size = array<i64: 7, 7>, name = "d", padding = #nn<padding valid>, strides = array<i64: 1, 1>} : (tensor<?x4x4x8xf32>, tensor<3x3x4x8xf32>) -> tensor<?x7x7x4xf32>
  return
}

// -----

func.func @conv_grad_input_filters(%dpre: tensor<?x7x7x6xf32>, %k: tensor<3x3x4x8xf32>) {
  // expected-error @+2 {{conv2d_grad_input: the kernel has 8 filters but got 6}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d_grad_input %dpre, %k {dilation = array<i64: 1, 1>, input_size = array<i64: 7, 7>, name = "d", padding = #nn<padding same>, strides = array<i64: 1, 1>} : (tensor<?x7x7x6xf32>, tensor<3x3x4x8xf32>) -> tensor<?x7x7x4xf32>
  return
}

// -----

func.func @conv_grad_kernel_missing_size(%x: tensor<?x7x7x4xf32>, %dpre: tensor<?x7x7x8xf32>) {
  // expected-error @+1 {{requires attribute 'kernel_size'}}
  %0 = nn.conv2d_grad_kernel %x, %dpre {dilation = array<i64: 1, 1>, name = "d", padding = #nn<padding same>, strides = array<i64: 1, 1>} : (tensor<?x7x7x4xf32>, tensor<?x7x7x8xf32>) -> tensor<3x3x4x8xf32>
  return
}

// -----

func.func @conv_grad_kernel_result(%x: tensor<?x7x7x4xf32>, %dpre: tensor<?x7x7x8xf32>) {
  // expected-error @+2 {{'nn.conv2d_grad_kernel' op inferred type(s) 'tensor<3x3x4x8xf32>' are incompatible with return type(s) of operation 'tensor<3x3x8x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d_grad_kernel %x, %dpre {dilation = array<i64: 1, 1>, kernel_size = array<i64: 3, 3>, name = "d", padding = #nn<padding same>, strides = array<i64: 1, 1>} : (tensor<?x7x7x4xf32>, tensor<?x7x7x8xf32>) -> tensor<3x3x8x4xf32>
  return
}

// -----

func.func @transpose_grad_input_size(%dpre: tensor<?x6x6x16xf32>, %k: tensor<2x2x16x8xf32>) {
  // 'valid' stride 2, kernel 2: 4x4 -> 8x8.
  // expected-error @+2 {{conv2d_transpose_grad_input: the forward input 4x4 gives a 8x8 output but the gradient dpre is 6x6}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d_transpose_grad_input %dpre, %k {input_size = array<i64: 4, 4>, name = "d", padding = #nn<padding valid>, strides = array<i64: 2, 2>} : (tensor<?x6x6x16xf32>, tensor<2x2x16x8xf32>) -> tensor<?x4x4x8xf32>
  return
}

// -----

func.func @transpose_grad_kernel_result(%x: tensor<?x3x3x8xf32>, %dpre: tensor<?x6x6x16xf32>) {
  // Keras keeps [KH, KW, filters, input channels].
  // expected-error @+2 {{'nn.conv2d_transpose_grad_kernel' op inferred type(s) 'tensor<2x2x16x8xf32>' are incompatible with return type(s) of operation 'tensor<2x2x8x16xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d_transpose_grad_kernel %x, %dpre {kernel_size = array<i64: 2, 2>, name = "d", padding = #nn<padding valid>, strides = array<i64: 2, 2>} : (tensor<?x3x3x8xf32>, tensor<?x6x6x16xf32>) -> tensor<2x2x8x16xf32>
  return
}

// -----

func.func @max_pool_grad_dy(%x: tensor<?x7x7x4xf32>, %dy: tensor<?x3x3x4xf32>) {
  // 'same' pooling rounds up: 7 -> 4.
  // expected-error @+2 {{max_pool2d_grad: the forward input 7x7 pools to 4x4 but the gradient dy is 3x3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.max_pool2d_grad %x, %dy {name = "d", padding = #nn<padding same>, pool = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x7x7x4xf32>, tensor<?x3x3x4xf32>) -> tensor<?x7x7x4xf32>
  return
}

// -----

func.func @min_pool_grad_channels(%x: tensor<?x8x8x4xf32>, %dy: tensor<?x4x4x5xf32>) {
  // expected-error @+2 {{min_pool2d_grad: the gradient dy has 5 channels but the input has 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.min_pool2d_grad %x, %dy {name = "d", padding = #nn<padding valid>, pool = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x8x8x4xf32>, tensor<?x4x4x5xf32>) -> tensor<?x8x8x4xf32>
  return
}

// -----

func.func @avg_pool_grad_zero_pool(%dy: tensor<?x4x4x4xf32>) {
  // expected-error @+2 {{avg_pool2d_grad pool must be two positive integers [height, width], got [0, 2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.avg_pool2d_grad %dy {input_size = array<i64: 8, 8>, name = "d", padding = #nn<padding valid>, pool = array<i64: 0, 2>, strides = array<i64: 2, 2>} : (tensor<?x4x4x4xf32>) -> tensor<?x8x8x4xf32>
  return
}

// -----

func.func @upsample_grad_blocks(%dy: tensor<?x9x8x4xf32>) {
  // expected-error @+2 {{upsample2d_grad: the gradient dy (None, 9, 8, 4) is not a whole number of 2x2 blocks}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.upsample2d_grad %dy {name = "d", size = array<i64: 2, 2>} : (tensor<?x9x8x4xf32>) -> tensor<?x4x4x4xf32>
  return
}

// -----

func.func @slice_out_of_bounds(%x: tensor<?x4x5xf32>) {
  // expected-error @+2 {{slice of 3 entries from offset 3 does not fit in axis -1 of length 5}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.slice %x {axis = -1 : i64, name = "s", offset = 3 : i64, size = 3 : i64} : (tensor<?x4x5xf32>) -> tensor<?x4x3xf32>
  return
}

// -----

func.func @slice_batch(%x: tensor<?x4x5xf32>) {
  // expected-error @+2 {{cannot slice along axis 0: it is the batch dimension}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.slice %x {axis = 0 : i64, name = "s", offset = 0 : i64, size = 1 : i64} : (tensor<?x4x5xf32>) -> tensor<1x4x5xf32>
  return
}

// -----

func.func @add_mismatch(%a: tensor<3x5xf32>, %b: tensor<5x3xf32>) {
  // expected-error @+2 {{add second operand (5, 3) does not match first operand (3, 5)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.add %a, %b {name = "s"} : (tensor<3x5xf32>, tensor<5x3xf32>) -> tensor<3x5xf32>
  return
}
