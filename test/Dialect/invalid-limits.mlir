// Tensors larger than the generated code can hold (TensorLimits.h) are
// rejected by every op: operands by type inference, in the op's terms, and
// results by the ResultsWithinTensorLimits trait, under the layer's name.
// RUN: nnc-opt %s -split-input-file -verify-diagnostics

func.func @kernel_too_large(%x: tensor<?x100000xf32>, %k: tensor<100000x100000xf32>) {
  // expected-error @+2 {{dense kernel (100000, 100000) has 10000000000 values (40000000000 bytes); a tensor of the generated code holds at most 536870911 f32 values (2 GiB, Halide's buffer limit)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.dense %x, %k {activation = #nn<activation linear>, name = "dense_1"} : (tensor<?x100000xf32>, tensor<100000x100000xf32>) -> tensor<?x100000xf32>
  return
}

// -----

// The element count overflows int64; it used to wrap to a negative size.
func.func @input_overflows(%x: tensor<?x3037000500x3037000500xf32>) {
  // expected-error @+2 {{flatten input (None, 3037000500, 3037000500) has more than 9223372036854775807 values per sample}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.flatten %x {name = "flatten_1"} : (tensor<?x3037000500x3037000500xf32>) -> tensor<?x1xf32>
  return
}

// -----

func.func @too_many_axes(%x: tensor<?x1x1x1x1x1x1x1x2xf32>) {
  // expected-error @+2 {{relu input has 9 axes, the batch included; a tensor of the generated code has at most 8}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.activation %x {activation = #nn<activation relu>, name = "relu_1"} : (tensor<?x1x1x1x1x1x1x1x2xf32>) -> tensor<?x1x1x1x1x1x1x1x2xf32>
  return
}

// -----

// Operands within the limits, a result beyond them.
func.func @result_too_large(%x: tensor<?x16384x16384x1xf32>) {
  // expected-error @+1 {{up output (None, 32768, 32768, 1) has 1073741824 values (4294967296 bytes) per sample; a tensor of the generated code holds at most 536870911 f32 values}}
  %0 = nn.upsample2d %x {name = "up", size = array<i64: 2, 2>} : (tensor<?x16384x16384x1xf32>) -> tensor<?x32768x32768x1xf32>
  return
}

// -----

func.func @dilation_too_long(%x: tensor<?x4x4x1xf32>, %k: tensor<3x3x1x1xf32>) {
  // expected-error @+2 {{kernel 3x3 with dilation 300000000x1 spans 600000001x3, longer than the longest axis of a tensor of the generated code (536870911)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d %x, %k {activation = #nn<activation linear>, dilation = array<i64: 300000000, 1>, name = "conv2d_1", padding = #nn<padding same>, strides = array<i64: 1, 1>} : (tensor<?x4x4x1xf32>, tensor<3x3x1x1xf32>) -> tensor<?x4x4x1xf32>
  return
}

// -----

// Gradient ops state sizes as attributes: bounded as well.
func.func @kernel_size_too_large(%x: tensor<?x4x4x1xf32>, %dpre: tensor<?x4x4x1xf32>) {
  // expected-error @+2 {{conv2d_grad_kernel kernel_size must be at most 536870911 (the longest axis of a tensor of the generated code), got [3000000000, 3]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d_grad_kernel %x, %dpre {dilation = array<i64: 1, 1>, kernel_size = array<i64: 3000000000, 3>, name = "conv2d_1", padding = #nn<padding same>, strides = array<i64: 1, 1>} : (tensor<?x4x4x1xf32>, tensor<?x4x4x1xf32>) -> tensor<3000000000x3x1x1xf32>
  return
}
