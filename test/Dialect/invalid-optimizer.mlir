// RUN: nnc-opt %s -split-input-file -verify-diagnostics
//
// An update takes a parameter, its gradient and its state (all of the
// parameter's shape) and 0-d learning rate and iteration; hyperparameters
// are checked as Keras checks them.

func.func @state_shape(%p: tensor<3x4xf32>, %g: tensor<3x4xf32>, %v: tensor<4x3xf32>, %lr: tensor<f32>) {
  // expected-error @+2 {{sgd_update: velocity (4, 3) does not have the parameter's shape (3, 4)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = nn.sgd_update %p, %g, %v, %lr {momentum = 0.0 : f32, name = "dense_1.kernel", nesterov = false} : (tensor<3x4xf32>, tensor<3x4xf32>, tensor<4x3xf32>, tensor<f32>) -> (tensor<3x4xf32>, tensor<3x4xf32>)
  return
}

// -----

func.func @learning_rate_scalar(%p: tensor<3x4xf32>, %lr: tensor<1xf32>) {
  // expected-error @+1 {{operand #3 must be 0D tensor of 32-bit float values}}
  %0:2 = nn.sgd_update %p, %p, %p, %lr {momentum = 0.0 : f32, name = "dense_1.kernel", nesterov = false} : (tensor<3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>, tensor<1xf32>) -> (tensor<3x4xf32>, tensor<3x4xf32>)
  return
}

// -----

func.func @momentum_range(%p: tensor<3x4xf32>, %lr: tensor<f32>) {
  // expected-error @+2 {{sgd_update momentum must be in [0, 1], got 1.5}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = nn.sgd_update %p, %p, %p, %lr {momentum = 1.5 : f32, name = "dense_1.kernel", nesterov = false} : (tensor<3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>, tensor<f32>) -> (tensor<3x4xf32>, tensor<3x4xf32>)
  return
}

// -----

func.func @beta_range(%p: tensor<3xf32>, %lr: tensor<f32>) {
  // expected-error @+2 {{adam_update beta_2 must be in [0, 1), got 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:3 = nn.adam_update %p, %p, %p, %p, %lr, %lr {beta_1 = 0.9 : f32, beta_2 = 1.0 : f32, epsilon = 1.0e-7 : f32, name = "b"} : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<f32>, tensor<f32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return
}

// -----

func.func @adam_needs_iteration(%p: tensor<3xf32>, %lr: tensor<f32>) {
  // expected-error @+1 {{expected 6 operands, but found 5}}
  %0:3 = nn.adam_update %p, %p, %p, %p, %lr {beta_1 = 0.9 : f32, beta_2 = 0.999 : f32, epsilon = 1.0e-7 : f32, name = "b"} : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<f32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return
}

// -----

func.func @negative_epsilon(%p: tensor<3xf32>, %lr: tensor<f32>) {
  // expected-error @+2 {{adadelta_update epsilon must not be negative, got -1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:3 = nn.adadelta_update %p, %p, %p, %p, %lr {epsilon = -1.0 : f32, name = "b", rho = 0.95 : f32} : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<f32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return
}

// -----

func.func @rmsprop_missing_rho(%p: tensor<3xf32>, %lr: tensor<f32>) {
  // expected-error @+1 {{requires attribute 'rho'}}
  %0:3 = nn.rmsprop_update %p, %p, %p, %p, %lr {epsilon = 1.0e-7 : f32, momentum = 0.0 : f32, name = "b"} : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<f32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return
}

// -----

func.func @parameter_is_static(%p: tensor<?x3xf32>, %lr: tensor<f32>) {
  // expected-error @+2 {{sgd_update: dimension 0 of the parameter must be static, got (None, 3)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = nn.sgd_update %p, %p, %p, %lr {momentum = 0.0 : f32, name = "p", nesterov = false} : (tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>, tensor<f32>) -> (tensor<?x3xf32>, tensor<?x3xf32>)
  return
}

// -----

// expected-error @+1 {{'nn.grad' must be a non-empty string, got 1 : i64}}
func.func @grad_attr_not_string(%g: tensor<3xf32> {nn.grad = 1}) {
  return
}

// -----

// expected-error @+1 {{'nn.hyper' is not an nn attribute of a function result}}
func.func @hyper_on_result(%lr: tensor<f32>) -> (tensor<f32> {nn.hyper = "learning_rate"}) {
  return %lr : tensor<f32>
}
