// RUN: nnc-opt %s -split-input-file -verify-diagnostics

func.func @pool_too_big(%x: tensor<?x2x2x4xf32>) {
  // expected-error @+2 {{pool 3x3 does not fit in input 2x2 with padding 'valid'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.max_pool2d %x {name = "max_pool2d_1", padding = #nn<padding valid>, pool = array<i64: 3, 3>, strides = array<i64: 3, 3>} : (tensor<?x2x2x4xf32>) -> tensor<?x1x1x4xf32>
  return
}

// -----

func.func @zero_pool(%x: tensor<?x28x28x4xf32>) {
  // expected-error @+2 {{minpool2d pool must be two positive integers [height, width], got [0, 2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.min_pool2d %x {name = "min_pool2d_1", padding = #nn<padding valid>, pool = array<i64: 0, 2>, strides = array<i64: 2, 2>} : (tensor<?x28x28x4xf32>) -> tensor<?x14x14x4xf32>
  return
}

// -----

func.func @negative_stride(%x: tensor<?x28x28x4xf32>) {
  // expected-error @+2 {{avgpool2d strides must be two positive integers [height, width], got [-2, 2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.avg_pool2d %x {name = "avg_pool2d_1", padding = #nn<padding valid>, pool = array<i64: 2, 2>, strides = array<i64: -2, 2>} : (tensor<?x28x28x4xf32>) -> tensor<?x14x14x4xf32>
  return
}

// -----

func.func @pool_rank(%x: tensor<?x28x4xf32>) {
  // expected-error @+2 {{maxpool2d expects a 4D input (batch, height, width, channels), got (None, 28, 4)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.max_pool2d %x {name = "max_pool2d_1", padding = #nn<padding valid>, pool = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x28x4xf32>) -> tensor<?x14x2xf32>
  return
}

// -----

func.func @missing_pool(%x: tensor<?x28x28x4xf32>) {
  // expected-error @+1 {{'nn.max_pool2d' op requires attribute 'pool'}}
  %0 = nn.max_pool2d %x {name = "max_pool2d_1", padding = #nn<padding valid>, strides = array<i64: 2, 2>} : (tensor<?x28x28x4xf32>) -> tensor<?x14x14x4xf32>
  return
}

// -----

func.func @zero_size(%x: tensor<?x7x7x4xf32>) {
  // expected-error @+2 {{upsample2d size must be two positive integers [height, width], got [2, 0]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.upsample2d %x {name = "upsample2d_1", size = array<i64: 2, 0>} : (tensor<?x7x7x4xf32>) -> tensor<?x14x14x4xf32>
  return
}

// -----

func.func @upsample_rank(%x: tensor<?x7x4xf32>) {
  // expected-error @+2 {{upsample2d expects a 4D input (batch, height, width, channels), got (None, 7, 4)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.upsample2d %x {name = "upsample2d_1", size = array<i64: 2, 2>} : (tensor<?x7x4xf32>) -> tensor<?x14x8xf32>
  return
}

// -----

func.func @causal_pool1d(%x: tensor<?x8x2xf32>) {
  // expected-error @+2 {{maxpool1d padding must be 'valid' or 'same', got 'causal'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.max_pool1d %x {name = "p", padding = #nn<padding causal>, pool = array<i64: 2>, strides = array<i64: 2>} : (tensor<?x8x2xf32>) -> tensor<?x4x2xf32>
  return
}

// -----

func.func @pool1d_too_long(%x: tensor<?x3x2xf32>) {
  // expected-error @+2 {{pool 4 does not fit in input 3 with padding 'valid'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.avg_pool1d %x {name = "p", padding = #nn<padding valid>, pool = array<i64: 4>, strides = array<i64: 4>} : (tensor<?x3x2xf32>) -> tensor<?x1x2xf32>
  return
}
