// RUN: nnc-opt %s -split-input-file -verify-diagnostics

func.func @kernel_too_big(%x: tensor<?x3x3x1xf32>, %k: tensor<5x5x1x8xf32>) {
  // expected-error @+2 {{kernel 5x5 does not fit in input 3x3 with padding 'valid'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d %x, %k {activation = #nn<activation relu>, dilation = array<i64: 1, 1>, name = "conv2d_1", padding = #nn<padding valid>, strides = array<i64: 1, 1>} : (tensor<?x3x3x1xf32>, tensor<5x5x1x8xf32>) -> tensor<?x1x1x8xf32>
  return
}

// -----

func.func @dilated_kernel_too_big(%x: tensor<?x4x9x1xf32>, %k: tensor<3x3x1x8xf32>) {
  // expected-error @+2 {{kernel 3x3 with dilation 2x2 spans 5x5 and does not fit in input 4x9 with padding 'valid'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d %x, %k {activation = #nn<activation relu>, dilation = array<i64: 2, 2>, name = "conv2d_1", padding = #nn<padding valid>, strides = array<i64: 1, 1>} : (tensor<?x4x9x1xf32>, tensor<3x3x1x8xf32>) -> tensor<?x1x5x8xf32>
  return
}

// -----

func.func @zero_stride(%x: tensor<?x28x28x1xf32>, %k: tensor<3x3x1x8xf32>) {
  // expected-error @+2 {{conv2d strides must be two positive integers [height, width], got [0, 1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d %x, %k {activation = #nn<activation relu>, dilation = array<i64: 1, 1>, name = "conv2d_1", padding = #nn<padding valid>, strides = array<i64: 0, 1>} : (tensor<?x28x28x1xf32>, tensor<3x3x1x8xf32>) -> tensor<?x26x26x8xf32>
  return
}

// -----

func.func @negative_dilation(%x: tensor<?x28x28x1xf32>, %k: tensor<3x3x1x8xf32>) {
  // expected-error @+2 {{conv2d dilation must be two positive integers [height, width], got [1, -2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d %x, %k {activation = #nn<activation relu>, dilation = array<i64: 1, -2>, name = "conv2d_1", padding = #nn<padding valid>, strides = array<i64: 1, 1>} : (tensor<?x28x28x1xf32>, tensor<3x3x1x8xf32>) -> tensor<?x26x26x8xf32>
  return
}

// -----

func.func @three_strides(%x: tensor<?x28x28x1xf32>, %k: tensor<3x3x1x8xf32>) {
  // expected-error @+2 {{conv2d strides must be two positive integers [height, width], got [1, 1, 1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d %x, %k {activation = #nn<activation relu>, dilation = array<i64: 1, 1>, name = "conv2d_1", padding = #nn<padding valid>, strides = array<i64: 1, 1, 1>} : (tensor<?x28x28x1xf32>, tensor<3x3x1x8xf32>) -> tensor<?x26x26x8xf32>
  return
}

// -----

func.func @input_rank(%x: tensor<?x784xf32>, %k: tensor<3x3x1x8xf32>) {
  // expected-error @+2 {{conv2d expects a 4D input (batch, height, width, channels), got (None, 784)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d %x, %k {activation = #nn<activation relu>, dilation = array<i64: 1, 1>, name = "conv2d_1", padding = #nn<padding valid>, strides = array<i64: 1, 1>} : (tensor<?x784xf32>, tensor<3x3x1x8xf32>) -> tensor<?x26x26x8xf32>
  return
}

// -----

func.func @in_channels(%x: tensor<?x28x28x1xf32>, %k: tensor<3x3x3x8xf32>) {
  // expected-error @+2 {{conv2d kernel (3, 3, 3, 8) expects 3 input channels but the input (None, 28, 28, 1) has 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d %x, %k {activation = #nn<activation relu>, dilation = array<i64: 1, 1>, name = "conv2d_1", padding = #nn<padding valid>, strides = array<i64: 1, 1>} : (tensor<?x28x28x1xf32>, tensor<3x3x3x8xf32>) -> tensor<?x26x26x8xf32>
  return
}

// -----

func.func @bias_size(%x: tensor<?x28x28x1xf32>, %k: tensor<3x3x1x8xf32>, %b: tensor<1xf32>) {
  // expected-error @+2 {{conv2d bias has 1 entries but the layer has 8 filters}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d %x, %k, %b {activation = #nn<activation relu>, dilation = array<i64: 1, 1>, name = "conv2d_1", padding = #nn<padding valid>, strides = array<i64: 1, 1>} : (tensor<?x28x28x1xf32>, tensor<3x3x1x8xf32>, tensor<1xf32>) -> tensor<?x26x26x8xf32>
  return
}

// -----

func.func @bias_rank(%x: tensor<?x28x28x1xf32>, %k: tensor<3x3x1x8xf32>, %b: tensor<1x8xf32>) {
  // expected-error @+2 {{conv2d expects a 1D bias, got (1, 8)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d %x, %k, %b {activation = #nn<activation relu>, dilation = array<i64: 1, 1>, name = "conv2d_1", padding = #nn<padding valid>, strides = array<i64: 1, 1>} : (tensor<?x28x28x1xf32>, tensor<3x3x1x8xf32>, tensor<1x8xf32>) -> tensor<?x26x26x8xf32>
  return
}

// -----

func.func @missing_dilation(%x: tensor<?x28x28x1xf32>, %k: tensor<3x3x1x8xf32>) {
  // expected-error @+1 {{'nn.conv2d' op requires attribute 'dilation'}}
  %0 = nn.conv2d %x, %k {activation = #nn<activation relu>, name = "conv2d_1", padding = #nn<padding valid>, strides = array<i64: 1, 1>} : (tensor<?x28x28x1xf32>, tensor<3x3x1x8xf32>) -> tensor<?x26x26x8xf32>
  return
}

// -----

func.func @padding_kind(%x: tensor<?x28x28x1xf32>, %k: tensor<3x3x1x8xf32>) {
  // expected-error @+1 {{attribute 'padding' failed to satisfy constraint: Keras padding of a sliding window}}
  %0 = nn.conv2d %x, %k {activation = #nn<activation relu>, dilation = array<i64: 1, 1>, name = "conv2d_1", padding = "same", strides = array<i64: 1, 1>} : (tensor<?x28x28x1xf32>, tensor<3x3x1x8xf32>) -> tensor<?x26x26x8xf32>
  return
}

// -----

func.func @transpose_in_channels(%x: tensor<?x7x7x4xf32>, %k: tensor<3x3x4x8xf32>) {
  // expected-error @+2 {{conv2d_transpose kernel (3, 3, 4, 8) expects 8 input channels but the input (None, 7, 7, 4) has 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d_transpose %x, %k {activation = #nn<activation relu>, name = "conv2d_transpose_1", padding = #nn<padding same>, strides = array<i64: 2, 2>} : (tensor<?x7x7x4xf32>, tensor<3x3x4x8xf32>) -> tensor<?x14x14x4xf32>
  return
}

// -----

func.func @transpose_zero_stride(%x: tensor<?x7x7x4xf32>, %k: tensor<3x3x8x4xf32>) {
  // expected-error @+2 {{conv2d_transpose strides must be two positive integers [height, width], got [2, 0]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d_transpose %x, %k {activation = #nn<activation relu>, name = "conv2d_transpose_1", padding = #nn<padding same>, strides = array<i64: 2, 0>} : (tensor<?x7x7x4xf32>, tensor<3x3x8x4xf32>) -> tensor<?x14x14x8xf32>
  return
}

// -----

func.func @transpose_bias(%x: tensor<?x7x7x4xf32>, %k: tensor<3x3x8x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+2 {{conv2d_transpose bias has 4 entries but the layer has 8 filters}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d_transpose %x, %k, %b {activation = #nn<activation relu>, name = "conv2d_transpose_1", padding = #nn<padding same>, strides = array<i64: 2, 2>} : (tensor<?x7x7x4xf32>, tensor<3x3x8x4xf32>, tensor<4xf32>) -> tensor<?x14x14x8xf32>
  return
}

// -----

func.func @transpose_kernel_rank(%x: tensor<?x7x7x4xf32>, %k: tensor<3x8x4xf32>) {
  // expected-error @+2 {{conv2d_transpose expects a 4D kernel (height, width, filters, input channels), got (3, 8, 4)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d_transpose %x, %k {activation = #nn<activation relu>, name = "conv2d_transpose_1", padding = #nn<padding same>, strides = array<i64: 2, 2>} : (tensor<?x7x7x4xf32>, tensor<3x8x4xf32>) -> tensor<?x14x14x8xf32>
  return
}

// -----

func.func @causal_conv2d(%x: tensor<?x8x8x1xf32>, %k: tensor<3x3x1x8xf32>) {
  // expected-error @+2 {{padding 'causal' is for 1-D windows only (conv1d), not a kernel 3x3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d %x, %k {activation = #nn<activation linear>, dilation = array<i64: 1, 1>, name = "conv2d_1", padding = #nn<padding causal>, strides = array<i64: 1, 1>} : (tensor<?x8x8x1xf32>, tensor<3x3x1x8xf32>) -> tensor<?x8x8x8xf32>
  return
}

// -----

func.func @causal_conv2d_transpose(%x: tensor<?x4x4x2xf32>, %k: tensor<3x3x8x2xf32>) {
  // expected-error @+2 {{conv2d_transpose padding must be 'valid' or 'same', got 'causal'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d_transpose %x, %k {activation = #nn<activation linear>, name = "t", padding = #nn<padding causal>, strides = array<i64: 2, 2>} : (tensor<?x4x4x2xf32>, tensor<3x3x8x2xf32>) -> tensor<?x8x8x8xf32>
  return
}

// -----

func.func @conv1d_on_image(%x: tensor<?x8x8x1xf32>, %k: tensor<3x1x8xf32>) {
  // expected-error @+2 {{conv1d expects a 3D input (batch, steps, channels)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv1d %x, %k {activation = #nn<activation linear>, dilation = array<i64: 1>, name = "conv1d_1", padding = #nn<padding valid>, strides = array<i64: 1>} : (tensor<?x8x8x1xf32>, tensor<3x1x8xf32>) -> tensor<?x6x8xf32>
  return
}

// -----

func.func @conv1d_kernel_too_long(%x: tensor<?x4x2xf32>, %k: tensor<3x2x8xf32>) {
  // expected-error @+2 {{kernel 3 with dilation 2 spans 5 and does not fit in input 4 with padding 'valid'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv1d %x, %k {activation = #nn<activation linear>, dilation = array<i64: 2>, name = "conv1d_1", padding = #nn<padding valid>, strides = array<i64: 1>} : (tensor<?x4x2xf32>, tensor<3x2x8xf32>) -> tensor<?x1x8xf32>
  return
}

// -----

func.func @conv1d_two_strides(%x: tensor<?x8x2xf32>, %k: tensor<3x2x8xf32>) {
  // expected-error @+2 {{conv1d strides must be one positive integer, got [2, 2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv1d %x, %k {activation = #nn<activation linear>, dilation = array<i64: 1>, name = "conv1d_1", padding = #nn<padding valid>, strides = array<i64: 2, 2>} : (tensor<?x8x2xf32>, tensor<3x2x8xf32>) -> tensor<?x3x8xf32>
  return
}

// -----

func.func @conv1d_channels(%x: tensor<?x8x3xf32>, %k: tensor<3x2x8xf32>) {
  // expected-error @+2 {{conv1d kernel (3, 2, 8) expects 2 input channels but the input (None, 8, 3) has 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv1d %x, %k {activation = #nn<activation linear>, dilation = array<i64: 1>, name = "conv1d_1", padding = #nn<padding valid>, strides = array<i64: 1>} : (tensor<?x8x3xf32>, tensor<3x2x8xf32>) -> tensor<?x6x8xf32>
  return
}
