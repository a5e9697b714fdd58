// RUN: nnc-opt %s -split-input-file -verify-diagnostics

// Shape errors of embeddings and LSTMs read in Keras terms.

func.func @embedding_tokens_rank(%t: tensor<?xf32>, %table: tensor<100x8xf32>) {
  // expected-error @+2 {{embedding expects a rank >= 2 token input (batch, time), got (None,)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.embedding %t, %table {name = "embedding_1"} : (tensor<?xf32>, tensor<100x8xf32>) -> tensor<?x8xf32>
  return
}

// -----

func.func @embedding_table_rank(%t: tensor<?x14xf32>, %table: tensor<100xf32>) {
  // expected-error @+2 {{embedding expects a 2D table (input_dim, output_dim), got (100,)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.embedding %t, %table {name = "embedding_1"} : (tensor<?x14xf32>, tensor<100xf32>) -> tensor<?x14x8xf32>
  return
}

// -----

func.func @embedding_result(%t: tensor<?x14xf32>, %table: tensor<100x8xf32>) {
  // expected-error @+2 {{'nn.embedding' op inferred type(s) 'tensor<?x14x8xf32>' are incompatible with return type(s) of operation 'tensor<?x14x9xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.embedding %t, %table {name = "embedding_1"} : (tensor<?x14xf32>, tensor<100x8xf32>) -> tensor<?x14x9xf32>
  return
}

// -----

func.func @embedding_grad_vocab(%t: tensor<?x14xf32>, %dy: tensor<?x14x8xf32>) {
  // expected-error @+2 {{embedding_grad vocab must be positive, got 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.embedding_grad %t, %dy {name = "embedding_1.dtable", vocab = 0 : i64} : (tensor<?x14xf32>, tensor<?x14x8xf32>) -> tensor<0x8xf32>
  return
}

// -----

func.func @embedding_grad_tokens(%t: tensor<?x13xf32>, %dy: tensor<?x14x8xf32>) {
  // expected-error @+2 {{embedding_grad token input (None, 13) does not match gradient dy without its last axis (None, 14)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.embedding_grad %t, %dy {name = "embedding_1.dtable", vocab = 100 : i64} : (tensor<?x13xf32>, tensor<?x14x8xf32>) -> tensor<100x8xf32>
  return
}

// -----

func.func @lstm_not_a_sequence(%x: tensor<?x16xf32>, %k: tensor<16x32xf32>, %rk: tensor<8x32xf32>, %b: tensor<32xf32>) {
  // expected-error @+2 {{LSTM expects a sequence [batch, time, features], got (None, 16)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:3 = nn.lstm %x, %k, %rk, %b {name = "lstm_1", return_sequences = false} : (tensor<?x16xf32>, tensor<16x32xf32>, tensor<8x32xf32>, tensor<32xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>)
  return
}

// -----

func.func @lstm_kernel_inputs(%x: tensor<?x14x16xf32>, %k: tensor<15x32xf32>, %rk: tensor<8x32xf32>, %b: tensor<32xf32>) {
  // expected-error @+2 {{lstm kernel (15, 32) expects 15 input features but the input (None, 14, 16) has 16}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:3 = nn.lstm %x, %k, %rk, %b {name = "lstm_1", return_sequences = false} : (tensor<?x14x16xf32>, tensor<15x32xf32>, tensor<8x32xf32>, tensor<32xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>)
  return
}

// -----

func.func @lstm_kernel_gates(%x: tensor<?x14x16xf32>, %k: tensor<16x30xf32>, %rk: tensor<8x32xf32>, %b: tensor<32xf32>) {
  // expected-error @+2 {{lstm kernel (16, 30) must hold 4 gates (input, forget, cell, output): 30 columns is not a multiple of 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:3 = nn.lstm %x, %k, %rk, %b {name = "lstm_1", return_sequences = false} : (tensor<?x14x16xf32>, tensor<16x30xf32>, tensor<8x32xf32>, tensor<32xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>)
  return
}

// -----

func.func @lstm_recurrent_kernel(%x: tensor<?x14x16xf32>, %k: tensor<16x32xf32>, %rk: tensor<8x16xf32>, %b: tensor<32xf32>) {
  // expected-error @+2 {{lstm recurrent_kernel (8, 16) does not match 8 units: expected (8, 32)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:3 = nn.lstm %x, %k, %rk, %b {name = "lstm_1", return_sequences = false} : (tensor<?x14x16xf32>, tensor<16x32xf32>, tensor<8x16xf32>, tensor<32xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>)
  return
}

// -----

func.func @lstm_bias(%x: tensor<?x14x16xf32>, %k: tensor<16x32xf32>, %rk: tensor<8x32xf32>, %b: tensor<8xf32>) {
  // expected-error @+2 {{lstm bias has 8 entries but the layer has 32 gate units (4 * units)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:3 = nn.lstm %x, %k, %rk, %b {name = "lstm_1", return_sequences = false} : (tensor<?x14x16xf32>, tensor<16x32xf32>, tensor<8x32xf32>, tensor<8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>)
  return
}

// -----

func.func @lstm_output(%x: tensor<?x14x16xf32>, %k: tensor<16x32xf32>, %rk: tensor<8x32xf32>, %b: tensor<32xf32>) {
  // expected-error @+2 {{'nn.lstm' op inferred type(s) 'tensor<?x14x8xf32>', 'tensor<?x8xf32>', 'tensor<?x8xf32>' are incompatible with return type(s) of operation 'tensor<?x8xf32>', 'tensor<?x8xf32>', 'tensor<?x8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:3 = nn.lstm %x, %k, %rk, %b {name = "lstm_1", return_sequences = true} : (tensor<?x14x16xf32>, tensor<16x32xf32>, tensor<8x32xf32>, tensor<32xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>)
  return
}

// -----

func.func @lstm_one_state(%x: tensor<?x14x16xf32>, %k: tensor<16x32xf32>, %rk: tensor<8x32xf32>, %b: tensor<32xf32>, %h: tensor<?x8xf32>) {
  // expected-error @+1 {{'nn.lstm' op initial_state must be none or two tensors [h, c], got 1}}
  %0:3 = nn.lstm %x, %k, %rk, %b initial_state %h {name = "lstm_1", return_sequences = false} : (tensor<?x14x16xf32>, tensor<16x32xf32>, tensor<8x32xf32>, tensor<32xf32>, tensor<?x8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>)
  return
}

// -----

func.func @lstm_state_units(%x: tensor<?x14x16xf32>, %k: tensor<16x32xf32>, %rk: tensor<8x32xf32>, %b: tensor<32xf32>, %h: tensor<?x8xf32>, %c: tensor<?x7xf32>) {
  // expected-error @+1 {{'nn.lstm' op initial_state 'tensor<?x7xf32>' must have the final state's type 'tensor<?x8xf32>'}}
  %0:3 = nn.lstm %x, %k, %rk, %b initial_state %h, %c {name = "lstm_1", return_sequences = false} : (tensor<?x14x16xf32>, tensor<16x32xf32>, tensor<8x32xf32>, tensor<32xf32>, tensor<?x8xf32>, tensor<?x7xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>)
  return
}

// -----

func.func @lstm_grad_doutput(%x: tensor<?x14x16xf32>, %k: tensor<16x32xf32>, %rk: tensor<8x32xf32>, %b: tensor<32xf32>, %y: tensor<?x14x8xf32>, %dy: tensor<?x8xf32>) {
  // expected-error @+2 {{lstm_grad gradient doutput (None, 8) does not match the LSTM's output (None, 14, 8)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:6 = nn.lstm_grad %x, %k, %rk, %b, %y, %dy {name = "lstm_1.grad", return_sequences = true} : (tensor<?x14x16xf32>, tensor<16x32xf32>, tensor<8x32xf32>, tensor<32xf32>, tensor<?x14x8xf32>, tensor<?x8xf32>) -> (tensor<?x14x16xf32>, tensor<16x32xf32>, tensor<8x32xf32>, tensor<32xf32>, tensor<?x8xf32>, tensor<?x8xf32>)
  return
}

// -----

func.func @lstm_grad_results(%x: tensor<?x14x16xf32>, %k: tensor<16x32xf32>, %rk: tensor<8x32xf32>, %b: tensor<32xf32>, %y: tensor<?x8xf32>, %dy: tensor<?x8xf32>) {
  // expected-error @+2 {{'nn.lstm_grad' op inferred type(s)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:6 = nn.lstm_grad %x, %k, %rk, %b, %y, %dy {name = "lstm_1.grad", return_sequences = false} : (tensor<?x14x16xf32>, tensor<16x32xf32>, tensor<8x32xf32>, tensor<32xf32>, tensor<?x8xf32>, tensor<?x8xf32>) -> (tensor<?x14x16xf32>, tensor<16x32xf32>, tensor<8x32xf32>, tensor<32xf32>, tensor<?x8xf32>, tensor<?x16xf32>)
  return
}

// -----

// GRU: three gates (z, r, h) and reset_after=true's bias [2, 3U].
func.func @gru_kernel_gates(%x: tensor<?x14x16xf32>, %k: tensor<16x32xf32>, %rk: tensor<8x24xf32>, %b: tensor<2x24xf32>) {
  // expected-error @+2 {{gru kernel (16, 32) must hold 3 gates (update, reset, candidate): 32 columns is not a multiple of 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = nn.gru %x, %k, %rk, %b {name = "gru_1", return_sequences = false} : (tensor<?x14x16xf32>, tensor<16x32xf32>, tensor<8x24xf32>, tensor<2x24xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>)
  return
}

// -----

func.func @gru_bias_one_row(%x: tensor<?x14x16xf32>, %k: tensor<16x24xf32>, %rk: tensor<8x24xf32>, %b: tensor<24xf32>) {
  // expected-error @+2 {{gru expects a 2D bias (2, 3 * units), got (24,)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = nn.gru %x, %k, %rk, %b {name = "gru_1", return_sequences = false} : (tensor<?x14x16xf32>, tensor<16x24xf32>, tensor<8x24xf32>, tensor<24xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>)
  return
}

// -----

func.func @gru_bias_units(%x: tensor<?x14x16xf32>, %k: tensor<16x24xf32>, %rk: tensor<8x24xf32>, %b: tensor<2x12xf32>) {
  // expected-error @+2 {{gru bias (2, 12) does not match 8 units: expected (2, 24), an input and a recurrent bias (reset_after=true)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = nn.gru %x, %k, %rk, %b {name = "gru_1", return_sequences = false} : (tensor<?x14x16xf32>, tensor<16x24xf32>, tensor<8x24xf32>, tensor<2x12xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>)
  return
}

// -----

func.func @gru_two_states(%x: tensor<?x14x16xf32>, %k: tensor<16x24xf32>, %rk: tensor<8x24xf32>, %b: tensor<2x24xf32>, %h: tensor<?x8xf32>) {
  // expected-error @+1 {{'nn.gru' op initial_state must be none or one tensor [h], got 2}}
  %0:2 = nn.gru %x, %k, %rk, %b initial_state %h, %h {name = "gru_1", return_sequences = false} : (tensor<?x14x16xf32>, tensor<16x24xf32>, tensor<8x24xf32>, tensor<2x24xf32>, tensor<?x8xf32>, tensor<?x8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>)
  return
}

// -----

func.func @gru_grad_doutput(%x: tensor<?x14x16xf32>, %k: tensor<16x24xf32>, %rk: tensor<8x24xf32>, %b: tensor<2x24xf32>, %y: tensor<?x14x8xf32>, %dy: tensor<?x8xf32>) {
  // expected-error @+2 {{gru_grad gradient doutput (None, 8) does not match the GRU's output (None, 14, 8)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:5 = nn.gru_grad %x, %k, %rk, %b, %y, %dy {name = "gru_1.grad", return_sequences = true} : (tensor<?x14x16xf32>, tensor<16x24xf32>, tensor<8x24xf32>, tensor<2x24xf32>, tensor<?x14x8xf32>, tensor<?x8xf32>) -> (tensor<?x14x16xf32>, tensor<16x24xf32>, tensor<8x24xf32>, tensor<2x24xf32>, tensor<?x8xf32>)
  return
}

// -----

// SimpleRNN: one gate, kernel [in, U], bias [U].
func.func @simple_rnn_recurrent_kernel(%x: tensor<?x14x16xf32>, %k: tensor<16x8xf32>, %rk: tensor<8x16xf32>, %b: tensor<8xf32>) {
  // expected-error @+2 {{simple_rnn recurrent_kernel (8, 16) does not match 8 units: expected (8, 8)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = nn.simple_rnn %x, %k, %rk, %b {name = "simple_rnn_1", return_sequences = false} : (tensor<?x14x16xf32>, tensor<16x8xf32>, tensor<8x16xf32>, tensor<8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>)
  return
}

// -----

func.func @simple_rnn_bias(%x: tensor<?x14x16xf32>, %k: tensor<16x8xf32>, %rk: tensor<8x8xf32>, %b: tensor<16xf32>) {
  // expected-error @+2 {{simple_rnn bias has 16 entries but the layer has 8 units}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = nn.simple_rnn %x, %k, %rk, %b {name = "simple_rnn_1", return_sequences = false} : (tensor<?x14x16xf32>, tensor<16x8xf32>, tensor<8x8xf32>, tensor<16xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>)
  return
}

// -----

func.func @simple_rnn_not_a_sequence(%x: tensor<?x16xf32>, %k: tensor<16x8xf32>, %rk: tensor<8x8xf32>, %b: tensor<8xf32>) {
  // expected-error @+2 {{SimpleRNN expects a sequence [batch, time, features], got (None, 16)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = nn.simple_rnn %x, %k, %rk, %b {name = "simple_rnn_1", return_sequences = false} : (tensor<?x16xf32>, tensor<16x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>)
  return
}
