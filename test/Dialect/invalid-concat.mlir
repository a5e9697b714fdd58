// RUN: nnc-opt %s -split-input-file -verify-diagnostics

func.func @other_dim(%a: tensor<?x28x28x8xf32>, %b: tensor<?x14x14x8xf32>) {
  // expected-error @+2 {{concat inputs differ in dimension 1: 28 vs 14}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.concat %a, %b {axis = -1 : i64, name = "concat_1"} : (tensor<?x28x28x8xf32>, tensor<?x14x14x8xf32>) -> tensor<?x28x28x16xf32>
  return
}

// -----

func.func @third_input(%a: tensor<?x28x28x8xf32>, %b: tensor<?x28x28x8xf32>, %c: tensor<?x28x27x8xf32>) {
  // expected-error @+2 {{concat inputs differ in dimension 2: 28 vs 27}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.concat %a, %b, %c {axis = 3 : i64, name = "concat_1"} : (tensor<?x28x28x8xf32>, tensor<?x28x28x8xf32>, tensor<?x28x27x8xf32>) -> tensor<?x28x28x24xf32>
  return
}

// -----

func.func @rank(%a: tensor<?x28x28x8xf32>, %b: tensor<?x784xf32>) {
  // expected-error @+2 {{concat inputs differ in rank: (None, 28, 28, 8) vs (None, 784)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.concat %a, %b {axis = -1 : i64, name = "concat_1"} : (tensor<?x28x28x8xf32>, tensor<?x784xf32>) -> tensor<?x28x28x16xf32>
  return
}

// -----

func.func @one_input(%a: tensor<?x28x28x8xf32>) {
  // expected-error @+2 {{concat needs at least two inputs, got 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.concat %a {axis = -1 : i64, name = "concat_1"} : (tensor<?x28x28x8xf32>) -> tensor<?x28x28x8xf32>
  return
}

// -----

func.func @batch_axis(%a: tensor<?x28x28x8xf32>, %b: tensor<?x28x28x8xf32>) {
  // expected-error @+2 {{cannot concatenate along axis -4: it is the batch dimension}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.concat %a, %b {axis = -4 : i64, name = "concat_1"} : (tensor<?x28x28x8xf32>, tensor<?x28x28x8xf32>) -> tensor<?x28x28x8xf32>
  return
}

// -----

func.func @axis_range(%a: tensor<?x8xf32>, %b: tensor<?x8xf32>) {
  // expected-error @+2 {{concat axis -3 is out of range for a 2D tensor (valid axes: -2 to 1)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.concat %a, %b {axis = -3 : i64, name = "concat_1"} : (tensor<?x8xf32>, tensor<?x8xf32>) -> tensor<?x16xf32>
  return
}

// -----

func.func @batch_sizes(%a: tensor<4x8xf32>, %b: tensor<5x8xf32>) {
  // expected-error @+2 {{concat inputs differ in batch size: 4 vs 5}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.concat %a, %b {axis = 1 : i64, name = "concat_1"} : (tensor<4x8xf32>, tensor<5x8xf32>) -> tensor<4x16xf32>
  return
}
