// RUN: nnc-opt %s -split-input-file -verify-diagnostics

func.func @input_rank(%x: tensor<?xf32>, %k: tensor<1x10xf32>) {
  // expected-error @+2 {{dense expects a rank >= 2 input (batch, ..., features), got (None,)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.dense %x, %k {activation = #nn<activation linear>, name = "dense_1"} : (tensor<?xf32>, tensor<1x10xf32>) -> tensor<?x10xf32>
  return
}

// -----

func.func @kernel_inputs(%x: tensor<?x784xf32>, %k: tensor<78x10xf32>) {
  // expected-error @+2 {{dense kernel (78, 10) expects 78 input features but the input (None, 784) has 784}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.dense %x, %k {activation = #nn<activation linear>, name = "dense_1"} : (tensor<?x784xf32>, tensor<78x10xf32>) -> tensor<?x10xf32>
  return
}

// -----

func.func @kernel_rank(%x: tensor<?x784xf32>, %k: tensor<784x10x1xf32>) {
  // expected-error @+2 {{dense expects a 2D kernel (input features, units), got (784, 10, 1)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.dense %x, %k {activation = #nn<activation linear>, name = "dense_1"} : (tensor<?x784xf32>, tensor<784x10x1xf32>) -> tensor<?x10xf32>
  return
}

// -----

func.func @bias_size(%x: tensor<?x784xf32>, %k: tensor<784x10xf32>, %b: tensor<12xf32>) {
  // expected-error @+2 {{dense bias has 12 entries but the layer has 10 units}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.dense %x, %k, %b {activation = #nn<activation linear>, name = "dense_1"} : (tensor<?x784xf32>, tensor<784x10xf32>, tensor<12xf32>) -> tensor<?x10xf32>
  return
}

// -----

func.func @dynamic_feature(%x: tensor<?x?xf32>, %k: tensor<784x10xf32>) {
  // expected-error @+2 {{dense: dimension 1 of the input must be static, got (None, ?)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.dense %x, %k {activation = #nn<activation linear>, name = "dense_1"} : (tensor<?x?xf32>, tensor<784x10xf32>) -> tensor<?x10xf32>
  return
}

// -----

func.func @element_type(%x: tensor<?x784xi32>, %k: tensor<784x10xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float values}}
  %0 = nn.dense %x, %k {activation = #nn<activation linear>, name = "dense_1"} : (tensor<?x784xi32>, tensor<784x10xf32>) -> tensor<?x10xf32>
  return
}

// -----

func.func @missing_name(%x: tensor<?x784xf32>, %k: tensor<784x10xf32>) {
  // expected-error @+1 {{requires attribute 'name'}}
  %0 = nn.dense %x, %k {activation = #nn<activation linear>} : (tensor<?x784xf32>, tensor<784x10xf32>) -> tensor<?x10xf32>
  return
}

// -----

func.func @unknown_activation(%x: tensor<?x784xf32>, %k: tensor<784x10xf32>) {
  // expected-error @+2 {{expected ::nnc::nn::Activation to be one of: linear, relu, sigmoid, tanh, softmax, leaky_relu, elu, selu, gelu, gelu_tanh, silu, softplus, hard_sigmoid}}
  // expected-error @+1 {{failed to parse NN_ActivationAttr parameter 'value'}}
  %0 = nn.dense %x, %k {activation = #nn<activation mish>, name = "dense_1"} : (tensor<?x784xf32>, tensor<784x10xf32>) -> tensor<?x10xf32>
  return
}
