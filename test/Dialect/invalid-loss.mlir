// RUN: nnc-opt %s -split-input-file -verify-diagnostics
//
// Losses take a prediction and a target of the same shape (or class-index
// labels of the prediction's shape minus the classes) and give a 0-d tensor;
// their gradients have the prediction's shape.

func.func @target_shape(%p: tensor<?x10xf32>, %t: tensor<?x11xf32>) {
  // expected-error @+2 {{binary_crossentropy target (None, 11) does not match prediction (None, 10)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.binary_crossentropy %p, %t {name = "loss"} : (tensor<?x10xf32>, tensor<?x11xf32>) -> tensor<f32>
  return
}

// -----

func.func @loss_is_a_scalar(%p: tensor<?x10xf32>, %t: tensor<?x10xf32>) {
  // expected-error @+1 {{result #0 must be 0D tensor of 32-bit float values}}
  %0 = nn.mean_squared_error %p, %t {name = "loss"} : (tensor<?x10xf32>, tensor<?x10xf32>) -> tensor<?xf32>
  return
}

// -----

func.func @grad_has_pred_shape(%p: tensor<?x10xf32>, %t: tensor<?x10xf32>) {
  // expected-error @+2 {{'nn.categorical_crossentropy_grad' op inferred type(s) 'tensor<?x10xf32>' are incompatible with return type(s) of operation 'tensor<?x1xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.categorical_crossentropy_grad %p, %t {name = "loss.dpred"} : (tensor<?x10xf32>, tensor<?x10xf32>) -> tensor<?x1xf32>
  return
}

// -----

func.func @sparse_labels_keep_classes(%p: tensor<?x15x7001xf32>, %l: tensor<?x15x7001xf32>) {
  // expected-error @+2 {{sparse_categorical_crossentropy labels (None, 15, 7001) does not match prediction without its classes (None, 15)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.sparse_categorical_crossentropy %p, %l {from_logits = true, name = "loss"} : (tensor<?x15x7001xf32>, tensor<?x15x7001xf32>) -> tensor<f32>
  return
}

// -----

func.func @sparse_needs_classes(%p: tensor<?xf32>, %l: tensor<?xf32>) {
  // expected-error @+2 {{sparse_categorical_crossentropy_grad expects a rank >= 2 prediction (batch, ..., classes), got (None,)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.sparse_categorical_crossentropy_grad %p, %l {name = "loss.dpred"} : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  return
}

// -----

func.func @from_logits_is_bool(%p: tensor<?x10xf32>, %t: tensor<?x10xf32>) {
  // expected-error @+1 {{attribute 'from_logits' failed to satisfy constraint: bool attribute}}
  %0 = nn.binary_crossentropy %p, %t {from_logits = 1 : i64, name = "loss"} : (tensor<?x10xf32>, tensor<?x10xf32>) -> tensor<f32>
  return
}
