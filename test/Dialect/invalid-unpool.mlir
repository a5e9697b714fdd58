// RUN: nnc-opt %s -split-input-file -verify-diagnostics

func.func @bed_of_nails_rank(%x: tensor<?x10xf32>) {
  // expected-error @+2 {{upsample2d expects a 4D input (batch, height, width, channels), got (None, 10)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.bed_of_nails_upsample2d %x {name = "up", size = array<i64: 2, 2>} : (tensor<?x10xf32>) -> tensor<?x20xf32>
  return
}

// -----

func.func @bed_of_nails_size(%x: tensor<?x3x3x1xf32>) {
  // expected-error @+2 {{upsample2d size must be two positive integers [height, width], got [0, 2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.bed_of_nails_upsample2d %x {name = "up", size = array<i64: 0, 2>} : (tensor<?x3x3x1xf32>) -> tensor<?x0x6x1xf32>
  return
}

// -----

func.func @bed_of_nails_type(%x: tensor<?x3x3x1xf32>) {
  // expected-error @+2 {{'nn.bed_of_nails_upsample2d' op inferred type(s) 'tensor<?x6x6x1xf32>' are incompatible with return type(s) of operation 'tensor<?x6x7x1xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.bed_of_nails_upsample2d %x {name = "up", size = array<i64: 2, 2>} : (tensor<?x3x3x1xf32>) -> tensor<?x6x7x1xf32>
  return
}

// -----

func.func @bed_of_nails_grad_blocks(%dy: tensor<?x5x6x1xf32>) {
  // expected-error @+2 {{bed_of_nails_upsample2d_grad: the gradient dy (None, 5, 6, 1) is not a whole number of 2x2 blocks}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.bed_of_nails_upsample2d_grad %dy {name = "up.dx", size = array<i64: 2, 2>} : (tensor<?x5x6x1xf32>) -> tensor<?x2x3x1xf32>
  return
}

// -----

func.func @unpool_value_shape(%value: tensor<?x8x8x4xf32>, %pool_input: tensor<?x8x8x4xf32>) {
  // expected-error @+2 {{max_unpool2d: the pool input (None, 8, 8, 4) pools to (None, 4, 4, 4) but the value to unpool is (None, 8, 8, 4)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.max_unpool2d %value, %pool_input {name = "u", padding = #nn<padding valid>, pool = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x8x8x4xf32>, tensor<?x8x8x4xf32>) -> tensor<?x8x8x4xf32>
  return
}

// -----

func.func @unpool_channels(%value: tensor<?x4x4x3xf32>, %pool_input: tensor<?x8x8x4xf32>) {
  // expected-error @+2 {{max_unpool2d: the pool input (None, 8, 8, 4) pools to (None, 4, 4, 4) but the value to unpool is (None, 4, 4, 3)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.max_unpool2d %value, %pool_input {name = "u", padding = #nn<padding valid>, pool = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x4x4x3xf32>, tensor<?x8x8x4xf32>) -> tensor<?x8x8x4xf32>
  return
}

// -----

func.func @unpool_pool_fits(%value: tensor<?x1x1x4xf32>, %pool_input: tensor<?x2x2x4xf32>) {
  // expected-error @+2 {{pool 3x3 does not fit in input 2x2 with padding 'valid'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.max_unpool2d %value, %pool_input {name = "u", padding = #nn<padding valid>, pool = array<i64: 3, 3>, strides = array<i64: 3, 3>} : (tensor<?x1x1x4xf32>, tensor<?x2x2x4xf32>) -> tensor<?x2x2x4xf32>
  return
}

// -----

func.func @unpool_strides(%value: tensor<?x4x4x4xf32>, %pool_input: tensor<?x8x8x4xf32>) {
  // expected-error @+2 {{max_unpool2d strides must be two positive integers [height, width], got [2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.max_unpool2d %value, %pool_input {name = "u", padding = #nn<padding valid>, pool = array<i64: 2, 2>, strides = array<i64: 2>} : (tensor<?x4x4x4xf32>, tensor<?x8x8x4xf32>) -> tensor<?x8x8x4xf32>
  return
}

// -----

func.func @unpool_grad_dy(%pool_input: tensor<?x8x8x4xf32>, %dy: tensor<?x4x4x4xf32>) {
  // expected-error @+2 {{max_unpool2d_grad: the gradient dy (None, 4, 4, 4) must have the pool input's shape (None, 8, 8, 4)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.max_unpool2d_grad %pool_input, %dy {name = "u.dvalue", padding = #nn<padding valid>, pool = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x8x8x4xf32>, tensor<?x4x4x4xf32>) -> tensor<?x4x4x4xf32>
  return
}

// -----

func.func @unpool_padding(%value: tensor<?x4x4x4xf32>, %pool_input: tensor<?x8x8x4xf32>) {
  // expected-error @+1 {{attribute 'padding' failed to satisfy constraint}}
  %0 = nn.max_unpool2d %value, %pool_input {name = "u", padding = "valid", pool = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x4x4x4xf32>, tensor<?x8x8x4xf32>) -> tensor<?x8x8x4xf32>
  return
}
