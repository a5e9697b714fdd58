// RUN: nnc-opt %s -split-input-file -verify-diagnostics

func.func @rate_one(%x: tensor<?x4xf32>) {
  // expected-error @+1 {{'nn.dropout' op rate must be in [0, 1), got 1}}
  %0 = nn.dropout %x {rate = 1.0 : f32, shared_axes = array<i64>, name = "dropout_1"} : (tensor<?x4xf32>) -> tensor<?x4xf32>
  return
}

// -----

func.func @training_without_counters(%x: tensor<?x4xf32>) {
  // expected-error @+1 {{'nn.dropout' op in training mode takes the step's seed and step counters, got 0 of them}}
  %0 = nn.dropout %x {rate = 0.5 : f32, shared_axes = array<i64>, training, name = "dropout_1"} : (tensor<?x4xf32>) -> tensor<?x4xf32>
  return
}

// -----

func.func @inference_with_counters(%x: tensor<?x4xf32>, %seed: tensor<i32>, %step: tensor<i32>) {
  // expected-error @+1 {{'nn.dropout' op in inference mode takes no random counters, got 2 of them}}
  %0 = nn.dropout %x, %seed, %step {rate = 0.5 : f32, shared_axes = array<i64>, name = "dropout_1"} : (tensor<?x4xf32>, tensor<i32>, tensor<i32>) -> tensor<?x4xf32>
  return
}

// -----

func.func @float_counters(%x: tensor<?x4xf32>, %seed: tensor<f32>, %step: tensor<f32>) {
  // expected-error @+1 {{operand #1 must be variadic of 0D tensor of 32-bit signless integer values}}
  %0 = nn.dropout %x, %seed, %step {rate = 0.5 : f32, shared_axes = array<i64>, training, name = "dropout_1"} : (tensor<?x4xf32>, tensor<f32>, tensor<f32>) -> tensor<?x4xf32>
  return
}

// -----

func.func @shared_batch(%x: tensor<?x4x4x2xf32>) {
  // expected-error @+2 {{dropout shares its mask along axes [0, 1]: they must increase, and lie between 1 and the last axis of its (None, 4, 4, 2) input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.dropout %x {rate = 0.5 : f32, shared_axes = array<i64: 0, 1>, name = "dropout_1"} : (tensor<?x4x4x2xf32>) -> tensor<?x4x4x2xf32>
  return
}
