// RUN: nnc-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{'nn.input' must be a non-empty string, got 3 : i64}}
func.func @input_not_string(%x: tensor<?x10xf32> {nn.input = 3}) {
  return
}

// -----

// expected-error @+1 {{'nn.param' must be a non-empty string, got ""}}
func.func @empty_param(%x: tensor<10xf32> {nn.param = ""}) {
  return
}

// -----

// expected-error @+1 {{'nn.output' is not an nn attribute of a function argument}}
func.func @output_on_argument(%x: tensor<?x10xf32> {nn.output = "y"}) {
  return
}

// -----

// expected-error @+1 {{'nn.input' is not an nn attribute of a function result}}
func.func @input_on_result(%x: tensor<?x10xf32>) -> (tensor<?x10xf32> {nn.input = "x"}) {
  return %x : tensor<?x10xf32>
}

// -----

// A step function's state goes in as nn.state_in and out as nn.state_out.
// expected-error @+1 {{'nn.state_out' is not an nn attribute of a function argument}}
func.func @state_out_on_argument(%h: tensor<?x4xf32> {nn.state_out = "lstm_1.h"}) {
  return
}

// -----

// expected-error @+1 {{'nn.state_in' is not an nn attribute of a function result}}
func.func @state_in_on_result(%h: tensor<?x4xf32> {nn.state_in = "lstm_1.h"})
    -> (tensor<?x4xf32> {nn.state_in = "lstm_1.h"}) {
  return %h : tensor<?x4xf32>
}

// -----

// expected-error @+1 {{'nn.state_in' must be a non-empty string, got ""}}
func.func @empty_state_in(%h: tensor<?x4xf32> {nn.state_in = ""}) {
  return
}

// -----

// A model names the functions derived from it by symbol.
// expected-error @+1 {{'nn.loss_function' must name a function (@name), got "m_loss"}}
func.func @loss_by_name() attributes {nn.loss_function = "m_loss"} {
  return
}

// -----

// expected-error @+1 {{'nn.step_function' names @m_step, which is not a function of the module}}
func.func @missing_step() attributes {nn.step_function = @m_step} {
  return
}

// -----

// expected-error @+1 {{'nn.model' is not an nn attribute of an operation}}
func.func @unknown() attributes {nn.model = @m} {
  return
}
