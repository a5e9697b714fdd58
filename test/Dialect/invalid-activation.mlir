// RUN: nnc-opt %s -split-input-file -verify-diagnostics

func.func @relu_type(%x: tensor<?x10xf32>) {
  // expected-error @+2 {{'nn.relu' op inferred type(s) 'tensor<?x10xf32>' are incompatible with return type(s) of operation 'tensor<?x11xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.relu %x {name = "relu_1"} : (tensor<?x10xf32>) -> tensor<?x11xf32>
  return
}

// -----

func.func @tanh_unranked(%x: tensor<*xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float values}}
  %0 = nn.tanh %x {name = "tanh_1"} : (tensor<*xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @sigmoid_name(%x: tensor<?x10xf32>) {
  // expected-error @+1 {{attribute 'name' failed to satisfy constraint: string attribute}}
  %0 = nn.sigmoid %x {name = 3 : i64} : (tensor<?x10xf32>) -> tensor<?x10xf32>
  return
}

// -----

func.func @softmax_axis(%x: tensor<?x10xf32>) {
  // expected-error @+2 {{softmax axis 2 is out of range for a 2D tensor (valid axes: -2 to 1)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.softmax %x {axis = 2 : i64, name = "softmax_1"} : (tensor<?x10xf32>) -> tensor<?x10xf32>
  return
}

// -----

func.func @softmax_dynamic(%x: tensor<?x?xf32>) {
  // expected-error @+2 {{softmax: dimension 1 of the input must be static, got (None, ?)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.softmax %x {axis = -1 : i64, name = "softmax_1"} : (tensor<?x?xf32>) -> tensor<?x?xf32>
  return
}
