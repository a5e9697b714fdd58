// RUN: nnc-opt %s -split-input-file -verify-diagnostics

func.func @relu_type(%x: tensor<?x10xf32>) {
  // expected-error @+2 {{'nn.activation' op inferred type(s) 'tensor<?x10xf32>' are incompatible with return type(s) of operation 'tensor<?x11xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.activation %x {activation = #nn<activation relu>, name = "relu_1"} : (tensor<?x10xf32>) -> tensor<?x11xf32>
  return
}

// -----

func.func @tanh_unranked(%x: tensor<*xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float values}}
  %0 = nn.activation %x {activation = #nn<activation tanh>, name = "tanh_1"} : (tensor<*xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @sigmoid_name(%x: tensor<?x10xf32>) {
  // expected-error @+1 {{attribute 'name' failed to satisfy constraint: string attribute}}
  %0 = nn.activation %x {activation = #nn<activation sigmoid>, name = 3 : i64} : (tensor<?x10xf32>) -> tensor<?x10xf32>
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

// -----

// Linear is no op and softmax acts along an axis (nn.softmax).
func.func @activation_softmax(%x: tensor<?x10xf32>) {
  // expected-error @+1 {{'nn.activation' op is elementwise: softmax is nn.softmax}}
  %0 = nn.activation %x {activation = #nn<activation softmax>, name = "a"} : (tensor<?x10xf32>) -> tensor<?x10xf32>
  return
}

// -----

func.func @activation_alpha(%x: tensor<?x10xf32>) {
  // expected-error @+1 {{'nn.activation' op activation gelu takes no alpha}}
  %0 = nn.activation %x {activation = #nn<activation gelu>, alpha = 0.5 : f32, name = "a"} : (tensor<?x10xf32>) -> tensor<?x10xf32>
  return
}

// -----

// leaky_relu is differentiated from its output, which needs y > 0 iff x > 0.
func.func @leaky_relu_negative_slope(%x: tensor<?x10xf32>) {
  // expected-error @+1 {{'nn.activation' op leaky_relu's negative slope must be >= 0}}
  %0 = nn.activation %x {activation = #nn<activation leaky_relu>, alpha = -0.5 : f32, name = "a"} : (tensor<?x10xf32>) -> tensor<?x10xf32>
  return
}

// -----

// The gradient of gelu needs its input; relu's is taken from its output.
func.func @gelu_grad_without_input(%y: tensor<?x10xf32>) {
  // expected-error @+1 {{'nn.activation_grad' op of gelu needs input x: its derivative is computed from x}}
  %0 = nn.activation_grad %y, %y {activation = #nn<activation gelu>, name = "d"} : (tensor<?x10xf32>, tensor<?x10xf32>) -> tensor<?x10xf32>
  return
}

// -----

func.func @relu_grad_with_input(%y: tensor<?x10xf32>) {
  // expected-error @+1 {{'nn.activation_grad' op of relu takes no input x: its derivative is computed from the output y}}
  %0 = nn.activation_grad %y, %y, input %y {activation = #nn<activation relu>, name = "d"} : (tensor<?x10xf32>, tensor<?x10xf32>, tensor<?x10xf32>) -> tensor<?x10xf32>
  return
}

// -----

func.func @grad_input_shape(%y: tensor<?x10xf32>, %x: tensor<?x9xf32>) {
  // expected-error @+2 {{activation_grad input x (None, 9) does not match output y (None, 10)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.activation_grad %y, %y, input %x {activation = #nn<activation silu>, name = "d"} : (tensor<?x10xf32>, tensor<?x10xf32>, tensor<?x9xf32>) -> tensor<?x10xf32>
  return
}

// -----

// Keras's Subtract takes exactly two inputs.
func.func @subtract_three(%a: tensor<?x4xf32>) {
  // expected-error @+1 {{'nn.merge' op subtract takes exactly two inputs, got 3}}
  %0 = nn.merge %a, %a, %a {kind = #nn<merge subtract>, name = "s"} : (tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  return
}

// -----

func.func @merge_one(%a: tensor<?x4xf32>) {
  // expected-error @+2 {{multiply needs at least two inputs, got 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.merge %a {kind = #nn<merge multiply>, name = "m"} : (tensor<?x4xf32>) -> tensor<?x4xf32>
  return
}

// -----

func.func @merge_grad_index(%a: tensor<?x4xf32>) {
  // expected-error @+1 {{'nn.merge_grad' op index 2 is not one of the 2 inputs}}
  %0 = nn.merge_grad (%a, %a), %a {index = 2 : i64, kind = #nn<merge maximum>, name = "g"} : (tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  return
}
