// RUN: nnc-opt %s -split-input-file -verify-diagnostics

func.func @element_count(%x: tensor<?x14x14x1xf32>) {
  // expected-error @+2 {{cannot reshape 196 elements into [7, 7, 3] (147 elements)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.reshape %x {name = "reshape_1", shape = array<i64: 7, 7, 3>} : (tensor<?x14x14x1xf32>) -> tensor<?x7x7x3xf32>
  return
}

// -----

func.func @inferred_not_divisible(%x: tensor<?x14x14x1xf32>) {
  // expected-error @+2 {{cannot reshape 196 elements into [-1, 3]: 196 is not a multiple of 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.reshape %x {name = "reshape_1", shape = array<i64: -1, 3>} : (tensor<?x14x14x1xf32>) -> tensor<?x65x3xf32>
  return
}

// -----

func.func @two_inferred(%x: tensor<?x14x14x1xf32>) {
  // expected-error @+2 {{reshape shape [-1, 2, -1] has more than one -1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.reshape %x {name = "reshape_1", shape = array<i64: -1, 2, -1>} : (tensor<?x14x14x1xf32>) -> tensor<?x7x2x14xf32>
  return
}

// -----

func.func @zero_size(%x: tensor<?x14x14x1xf32>) {
  // expected-error @+2 {{reshape shape [196, 0] must hold positive sizes (and at most one -1)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.reshape %x {name = "reshape_1", shape = array<i64: 196, 0>} : (tensor<?x14x14x1xf32>) -> tensor<?x196x0xf32>
  return
}

// -----

func.func @overflow(%x: tensor<?x14x14x1xf32>) {
  // expected-error @+2 {{reshape shape [4294967296, 4294967296] has too many elements}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.reshape %x {name = "reshape_1", shape = array<i64: 4294967296, 4294967296>} : (tensor<?x14x14x1xf32>) -> tensor<?x196xf32>
  return
}

// -----

func.func @dynamic_dim(%x: tensor<?x?x14x1xf32>) {
  // expected-error @+2 {{flatten: dimension 1 of the input must be static, got (None, ?, 14, 1)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.flatten %x {name = "flatten_1"} : (tensor<?x?x14x1xf32>) -> tensor<?x196xf32>
  return
}

// -----

func.func @squeeze_size(%x: tensor<?x7x4xf32>) {
  // expected-error @+2 {{cannot squeeze axis 2 of size 4 (only size-1 axes can be squeezed)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.squeeze %x {axis = 2 : i64, name = "squeeze_1"} : (tensor<?x7x4xf32>) -> tensor<?x7xf32>
  return
}

// -----

func.func @squeeze_batch(%x: tensor<1x7x1xf32>) {
  // expected-error @+2 {{cannot squeeze axis -3: it is the batch dimension}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.squeeze %x {axis = -3 : i64, name = "squeeze_1"} : (tensor<1x7x1xf32>) -> tensor<7x1xf32>
  return
}

// -----

func.func @squeeze_axis_range(%x: tensor<?x7x1xf32>) {
  // expected-error @+2 {{squeeze axis 3 is out of range for a 3D tensor (valid axes: -3 to 2)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.squeeze %x {axis = 3 : i64, name = "squeeze_1"} : (tensor<?x7x1xf32>) -> tensor<?x7xf32>
  return
}

// -----

func.func @squeeze_axis_kind(%x: tensor<?x7x1xf32>) {
  // expected-error @+1 {{attribute 'axis' failed to satisfy constraint: 64-bit signless integer attribute}}
  %0 = nn.squeeze %x {axis = 2 : i32, name = "squeeze_1"} : (tensor<?x7x1xf32>) -> tensor<?x7xf32>
  return
}

// -----

func.func @reverse_batch(%x: tensor<?x7x3xf32>) {
  // expected-error @+2 {{cannot reverse axis 0: it is the batch dimension}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.reverse %x {axis = 0 : i64, name = "reverse_1"} : (tensor<?x7x3xf32>) -> tensor<?x7x3xf32>
  return
}

// -----

func.func @reverse_axis_range(%x: tensor<?x7x3xf32>) {
  // expected-error @+2 {{reverse axis -4 is out of range for a 3D tensor (valid axes: -3 to 2)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.reverse %x {axis = -4 : i64, name = "reverse_1"} : (tensor<?x7x3xf32>) -> tensor<?x7x3xf32>
  return
}

// -----

func.func @reverse_batch_only(%x: tensor<?xf32>) {
  // expected-error @+2 {{reverse expects a rank >= 2 input, got (None,)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.reverse %x {axis = 0 : i64, name = "reverse_1"} : (tensor<?xf32>) -> tensor<?xf32>
  return
}

// -----

func.func @wrapper_without_class(%x: tensor<?x7x3xf32>) {
  // expected-error @+1 {{'nn.wrapper' must be {layer = "...", keras_class = "..."}, got {layer = "b"}}}
  %0 = nn.reverse %x {axis = 1 : i64, name = "b.reversed_input", nn.wrapper = {layer = "b"}} : (tensor<?x7x3xf32>) -> tensor<?x7x3xf32>
  return
}
