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
