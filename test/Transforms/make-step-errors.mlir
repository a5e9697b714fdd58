// RUN: nnc-opt %s --nn-make-step -split-input-file -verify-diagnostics
//
// A model that cannot run on a one-token sequence is reported at the op
// whose shape rule refuses it, in that rule's words.

func.func @baked_length(%x: tensor<?x6x4xf32> {nn.input = "x"},
                        %k: tensor<4x8xf32> {nn.param = "lstm_1.kernel"},
                        %rk: tensor<2x8xf32> {nn.param = "lstm_1.recurrent_kernel"},
                        %b: tensor<8xf32> {nn.param = "lstm_1.bias"})
    -> (tensor<?x3x4xf32> {nn.output = "output"}) {
  %l:3 = nn.lstm %x, %k, %rk, %b {name = "lstm_1", return_sequences = true}
      : (tensor<?x6x4xf32>, tensor<4x8xf32>, tensor<2x8xf32>, tensor<8xf32>)
      -> (tensor<?x6x2xf32>, tensor<?x2xf32>, tensor<?x2xf32>)
  // expected-error @+1 {{cannot make @baked_length_step (the model on a one-token sequence): cannot reshape 2 elements into [3, 4] (12 elements)}}
  %r = nn.reshape %l#0 {name = "reshape_1", shape = array<i64: 3, 4>} : (tensor<?x6x2xf32>) -> tensor<?x3x4xf32>
  return %r : tensor<?x3x4xf32>
}

// -----

// expected-error @+1 {{cannot make @no_time_step: input 0 has no time axis [batch, time, ...], got 'tensor<?xf32>'}}
func.func @no_time(%t: tensor<?xf32> {nn.input = "t"}, %x: tensor<?x3x4xf32> {nn.input = "x"},
                   %k: tensor<4x8xf32> {nn.param = "lstm_1.kernel"},
                   %rk: tensor<2x8xf32> {nn.param = "lstm_1.recurrent_kernel"},
                   %b: tensor<8xf32> {nn.param = "lstm_1.bias"})
    -> (tensor<?x2xf32> {nn.output = "output"}) {
  %l:3 = nn.lstm %x, %k, %rk, %b {name = "lstm_1", return_sequences = false}
      : (tensor<?x3x4xf32>, tensor<4x8xf32>, tensor<2x8xf32>, tensor<8xf32>)
      -> (tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x2xf32>)
  return %l#0 : tensor<?x2xf32>
}

// -----

// expected-error @+1 {{cannot add the step function: @taken_step already exists}}
func.func @taken(%x: tensor<?x3x4xf32> {nn.input = "x"},
                 %k: tensor<4x8xf32> {nn.param = "lstm_1.kernel"},
                 %rk: tensor<2x8xf32> {nn.param = "lstm_1.recurrent_kernel"},
                 %b: tensor<8xf32> {nn.param = "lstm_1.bias"})
    -> (tensor<?x2xf32> {nn.output = "output"}) {
  %l:3 = nn.lstm %x, %k, %rk, %b {name = "lstm_1", return_sequences = false}
      : (tensor<?x3x4xf32>, tensor<4x8xf32>, tensor<2x8xf32>, tensor<8xf32>)
      -> (tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x2xf32>)
  return %l#0 : tensor<?x2xf32>
}
func.func @taken_step() {
  return
}

// -----

func.func @stateful(%x: tensor<?x3x4xf32> {nn.input = "x"},
                    %k: tensor<4x8xf32> {nn.param = "lstm_1.kernel"},
                    %rk: tensor<2x8xf32> {nn.param = "lstm_1.recurrent_kernel"},
                    %b: tensor<8xf32> {nn.param = "lstm_1.bias"},
                    %h: tensor<?x2xf32> {nn.input = "h"}, %c: tensor<?x2xf32> {nn.input = "c"})
    -> (tensor<?x2xf32> {nn.output = "output"}) {
  // expected-error @+1 {{cannot make @stateful_step: the LSTM already has an initial_state}}
  %l:3 = nn.lstm %x, %k, %rk, %b initial_state %h, %c {name = "lstm_1", return_sequences = false}
      : (tensor<?x3x4xf32>, tensor<4x8xf32>, tensor<2x8xf32>, tensor<8xf32>, tensor<?x2xf32>, tensor<?x2xf32>)
      -> (tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x2xf32>)
  return %l#0 : tensor<?x2xf32>
}
