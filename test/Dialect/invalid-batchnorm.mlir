// RUN: nnc-opt %s -split-input-file -verify-diagnostics

func.func @momentum(%x: tensor<?x4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'nn.batch_norm' op momentum must be in [0, 1], got 1.5}}
  %0 = nn.batch_norm %x, %m, %v {momentum = 1.5 : f32, epsilon = 1.0e-3 : f32, name = "batchnorm_1"} : (tensor<?x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return
}

// -----

func.func @epsilon(%x: tensor<?x4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'nn.batch_norm' op epsilon must be a positive number, got 0}}
  %0 = nn.batch_norm %x, %m, %v {momentum = 0.99 : f32, epsilon = 0.0 : f32, name = "batchnorm_1"} : (tensor<?x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return
}

// -----

func.func @channels(%x: tensor<?x3x4xf32>, %m: tensor<3xf32>, %v: tensor<4xf32>) {
  // expected-error @+2 {{batchnorm mean has 3 entries but the input has 4 channels}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.batch_norm %x, %m, %v {momentum = 0.99 : f32, epsilon = 1.0e-3 : f32, name = "batchnorm_1"} : (tensor<?x3x4xf32>, tensor<3xf32>, tensor<4xf32>) -> tensor<?x3x4xf32>
  return
}

// -----

func.func @gamma_shape(%x: tensor<?x4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>, %g: tensor<2x2xf32>) {
  // expected-error @+2 {{batchnorm expects a 1D gamma, got (2, 2)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.batch_norm %x, %m, %v gamma %g {momentum = 0.99 : f32, epsilon = 1.0e-3 : f32, name = "batchnorm_1"} : (tensor<?x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<2x2xf32>) -> tensor<?x4xf32>
  return
}

// -----

func.func @moving_average(%m: tensor<4xf32>, %b: tensor<5xf32>) {
  // expected-error @+2 {{moving_average value has 5 entries but the input has 4 channels}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.moving_average %m, %b {momentum = 0.99 : f32, name = "m"} : (tensor<4xf32>, tensor<5xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @trainable_flag(%x: tensor<?x4xf32>, %m: tensor<4xf32> {nn.param = "bn.moving_mean", nn.trainable = "no"}) {
  // expected-error @-1 {{'nn.trainable' must be true or false, got "no"}}
  return
}
