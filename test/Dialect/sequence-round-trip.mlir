// RUN: nnc-opt %s | FileCheck %s
// RUN: nnc-opt %s | nnc-opt | FileCheck %s
// RUN: nnc-opt %s -mlir-print-op-generic | nnc-opt | FileCheck %s

// Embeddings and LSTMs with their gradients print and parse back unchanged;
// results are named after their layer (an LSTM's as output, h, c).

// CHECK-LABEL: func.func @embedding
func.func @embedding(%tokens: tensor<?x14xf32>, %table: tensor<7001x16xf32>,
                     %dy: tensor<?x14x16xf32>) -> (tensor<?x14x16xf32>, tensor<7001x16xf32>) {
  // CHECK: %embedding_1 = nn.embedding %{{.*}}, %{{.*}} {name = "embedding_1"} : (tensor<?x14xf32>, tensor<7001x16xf32>) -> tensor<?x14x16xf32>
  %0 = nn.embedding %tokens, %table {name = "embedding_1"}
      : (tensor<?x14xf32>, tensor<7001x16xf32>) -> tensor<?x14x16xf32>
  // CHECK: %embedding_1.dtable = nn.embedding_grad %{{.*}}, %{{.*}} {name = "embedding_1.dtable", vocab = 7001 : i64} : (tensor<?x14xf32>, tensor<?x14x16xf32>) -> tensor<7001x16xf32>
  %1 = nn.embedding_grad %tokens, %dy {name = "embedding_1.dtable", vocab = 7001 : i64}
      : (tensor<?x14xf32>, tensor<?x14x16xf32>) -> tensor<7001x16xf32>
  return %0, %1 : tensor<?x14x16xf32>, tensor<7001x16xf32>
}

// CHECK-LABEL: func.func @lstm_sequences
func.func @lstm_sequences(%x: tensor<?x14x16xf32>, %k: tensor<16x32xf32>,
                          %rk: tensor<8x32xf32>, %b: tensor<32xf32>)
    -> (tensor<?x14x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>) {
  // CHECK: %lstm_1.output, %lstm_1.h, %lstm_1.c = nn.lstm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {name = "lstm_1", return_sequences = true} : (tensor<?x14x16xf32>, tensor<16x32xf32>, tensor<8x32xf32>, tensor<32xf32>) -> (tensor<?x14x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>)
  %0:3 = nn.lstm %x, %k, %rk, %b {name = "lstm_1", return_sequences = true}
      : (tensor<?x14x16xf32>, tensor<16x32xf32>, tensor<8x32xf32>, tensor<32xf32>)
      -> (tensor<?x14x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>)
  return %0#0, %0#1, %0#2 : tensor<?x14x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>
}

// CHECK-LABEL: func.func @lstm_last_step_with_state
func.func @lstm_last_step_with_state(%x: tensor<?x1x16xf32>, %k: tensor<16x32xf32>,
                                     %rk: tensor<8x32xf32>, %b: tensor<32xf32>,
                                     %h: tensor<?x8xf32>, %c: tensor<?x8xf32>)
    -> (tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>) {
  // CHECK: %lstm_2.output, %lstm_2.h, %lstm_2.c = nn.lstm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} initial_state %{{.*}}, %{{.*}} {name = "lstm_2", return_sequences = false} : (tensor<?x1x16xf32>, tensor<16x32xf32>, tensor<8x32xf32>, tensor<32xf32>, tensor<?x8xf32>, tensor<?x8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>)
  %0:3 = nn.lstm %x, %k, %rk, %b initial_state %h, %c {name = "lstm_2", return_sequences = false}
      : (tensor<?x1x16xf32>, tensor<16x32xf32>, tensor<8x32xf32>, tensor<32xf32>,
         tensor<?x8xf32>, tensor<?x8xf32>)
      -> (tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>)
  return %0#0, %0#1, %0#2 : tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>
}

// CHECK-LABEL: func.func @lstm_grad
func.func @lstm_grad(%x: tensor<?x14x16xf32>, %k: tensor<16x32xf32>, %rk: tensor<8x32xf32>,
                     %b: tensor<32xf32>, %y: tensor<?x8xf32>, %dy: tensor<?x8xf32>,
                     %h: tensor<?x8xf32>, %c: tensor<?x8xf32>)
    -> (tensor<?x14x16xf32>, tensor<16x32xf32>, tensor<8x32xf32>, tensor<32xf32>,
        tensor<?x8xf32>, tensor<?x8xf32>) {
  // CHECK: %lstm_1.grad.dx, %lstm_1.grad.dkernel, %lstm_1.grad.drecurrent_kernel, %lstm_1.grad.dbias, %lstm_1.grad.dh0, %lstm_1.grad.dc0 = nn.lstm_grad %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} initial_state %{{.*}}, %{{.*}} {name = "lstm_1.grad", return_sequences = false} : (tensor<?x14x16xf32>, tensor<16x32xf32>, tensor<8x32xf32>, tensor<32xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>) -> (tensor<?x14x16xf32>, tensor<16x32xf32>, tensor<8x32xf32>, tensor<32xf32>, tensor<?x8xf32>, tensor<?x8xf32>)
  %0:6 = nn.lstm_grad %x, %k, %rk, %b, %y, %dy initial_state %h, %c
      {name = "lstm_1.grad", return_sequences = false}
      : (tensor<?x14x16xf32>, tensor<16x32xf32>, tensor<8x32xf32>, tensor<32xf32>,
         tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>)
      -> (tensor<?x14x16xf32>, tensor<16x32xf32>, tensor<8x32xf32>, tensor<32xf32>,
          tensor<?x8xf32>, tensor<?x8xf32>)
  return %0#0, %0#1, %0#2, %0#3, %0#4, %0#5
      : tensor<?x14x16xf32>, tensor<16x32xf32>, tensor<8x32xf32>, tensor<32xf32>,
        tensor<?x8xf32>, tensor<?x8xf32>
}

// A GRU (reset_after=true: bias [2, 3U]) and a SimpleRNN: output, then h.
// CHECK-LABEL: func.func @gru_and_simple_rnn
func.func @gru_and_simple_rnn(%x: tensor<?x14x16xf32>, %k: tensor<16x24xf32>,
                              %rk: tensor<8x24xf32>, %b: tensor<2x24xf32>,
                              %h: tensor<?x8xf32>, %sk: tensor<8x4xf32>,
                              %srk: tensor<4x4xf32>, %sb: tensor<4xf32>)
    -> (tensor<?x4xf32>, tensor<?x8xf32>) {
  // CHECK: %gru_1.output, %gru_1.h = nn.gru %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} initial_state %{{.*}} {name = "gru_1", return_sequences = true} : (tensor<?x14x16xf32>, tensor<16x24xf32>, tensor<8x24xf32>, tensor<2x24xf32>, tensor<?x8xf32>) -> (tensor<?x14x8xf32>, tensor<?x8xf32>)
  %0:2 = nn.gru %x, %k, %rk, %b initial_state %h {name = "gru_1", return_sequences = true}
      : (tensor<?x14x16xf32>, tensor<16x24xf32>, tensor<8x24xf32>, tensor<2x24xf32>,
         tensor<?x8xf32>) -> (tensor<?x14x8xf32>, tensor<?x8xf32>)
  // CHECK: %simple_rnn_1.output, %simple_rnn_1.h = nn.simple_rnn %gru_1.output, %{{.*}}, %{{.*}}, %{{.*}} {name = "simple_rnn_1", return_sequences = false} : (tensor<?x14x8xf32>, tensor<8x4xf32>, tensor<4x4xf32>, tensor<4xf32>) -> (tensor<?x4xf32>, tensor<?x4xf32>)
  %1:2 = nn.simple_rnn %0#0, %sk, %srk, %sb {name = "simple_rnn_1", return_sequences = false}
      : (tensor<?x14x8xf32>, tensor<8x4xf32>, tensor<4x4xf32>, tensor<4xf32>)
      -> (tensor<?x4xf32>, tensor<?x4xf32>)
  return %1#0, %0#1 : tensor<?x4xf32>, tensor<?x8xf32>
}

// CHECK-LABEL: func.func @gru_grad
func.func @gru_grad(%x: tensor<?x14x16xf32>, %k: tensor<16x24xf32>, %rk: tensor<8x24xf32>,
                    %b: tensor<2x24xf32>, %y: tensor<?x8xf32>, %dy: tensor<?x8xf32>)
    -> tensor<2x24xf32> {
  // CHECK: %gru_1.grad.dx, %gru_1.grad.dkernel, %gru_1.grad.drecurrent_kernel, %gru_1.grad.dbias, %gru_1.grad.dh0 = nn.gru_grad
  %0:5 = nn.gru_grad %x, %k, %rk, %b, %y, %dy {name = "gru_1.grad", return_sequences = false}
      : (tensor<?x14x16xf32>, tensor<16x24xf32>, tensor<8x24xf32>, tensor<2x24xf32>,
         tensor<?x8xf32>, tensor<?x8xf32>)
      -> (tensor<?x14x16xf32>, tensor<16x24xf32>, tensor<8x24xf32>, tensor<2x24xf32>,
          tensor<?x8xf32>)
  return %0#3 : tensor<2x24xf32>
}
