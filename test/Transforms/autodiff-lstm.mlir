// RUN: nnc-opt %s --nn-autodiff | FileCheck %s
//
// The lyric generator's shape, small: embedding -> LSTM -> LSTM -> dense
// logits per step, trained on the next token with sparse categorical
// cross-entropy that leaves padding (index 0) out. The backward graph runs
// one nn.lstm_grad per layer, feeding the second's dx to the first, and
// scatters the first's dx into the embedding table.

func.func @lyrics(%tokens: tensor<?x14xf32> {nn.input = "tokens"},
                  %table: tensor<50x8xf32> {nn.param = "embedding_1.embeddings", nn.init = "random_uniform"},
                  %k1: tensor<8x24xf32> {nn.param = "lstm_1.kernel", nn.init = "glorot_uniform"},
                  %rk1: tensor<6x24xf32> {nn.param = "lstm_1.recurrent_kernel", nn.init = "orthogonal"},
                  %b1: tensor<24xf32> {nn.param = "lstm_1.bias", nn.init = "unit_forget_bias"},
                  %k2: tensor<6x20xf32> {nn.param = "lstm_2.kernel", nn.init = "glorot_uniform"},
                  %rk2: tensor<5x20xf32> {nn.param = "lstm_2.recurrent_kernel", nn.init = "orthogonal"},
                  %b2: tensor<20xf32> {nn.param = "lstm_2.bias", nn.init = "unit_forget_bias"},
                  %k3: tensor<5x50xf32> {nn.param = "dense_1.kernel", nn.init = "glorot_uniform"},
                  %b3: tensor<50xf32> {nn.param = "dense_1.bias", nn.init = "zeros"})
    -> (tensor<?x14x50xf32> {nn.output = "output"})
    attributes {nn.train = #nn.train<target = labels, loss = sparse_categorical_crossentropy,
        from_logits = true, ignore_class = 0,
        optimizer = #nn.adam<learning_rate = 0.001, beta_1 = 0.9, beta_2 = 0.999, epsilon = 1.0e-07>,
        epochs = 1, batch = 32, shuffle = true>} {
  %e = nn.embedding %tokens, %table {name = "embedding_1"} : (tensor<?x14xf32>, tensor<50x8xf32>) -> tensor<?x14x8xf32>
  %l1:3 = nn.lstm %e, %k1, %rk1, %b1 {name = "lstm_1", return_sequences = true}
      : (tensor<?x14x8xf32>, tensor<8x24xf32>, tensor<6x24xf32>, tensor<24xf32>)
      -> (tensor<?x14x6xf32>, tensor<?x6xf32>, tensor<?x6xf32>)
  %l2:3 = nn.lstm %l1#0, %k2, %rk2, %b2 {name = "lstm_2", return_sequences = true}
      : (tensor<?x14x6xf32>, tensor<6x20xf32>, tensor<5x20xf32>, tensor<20xf32>)
      -> (tensor<?x14x5xf32>, tensor<?x5xf32>, tensor<?x5xf32>)
  %y = nn.dense %l2#0, %k3, %b3 {activation = #nn<activation linear>, name = "dense_1"} : (tensor<?x14x5xf32>, tensor<5x50xf32>, tensor<50xf32>) -> tensor<?x14x50xf32>
  return %y : tensor<?x14x50xf32>
}

// The target holds one token index per step.
// CHECK-LABEL: func.func @lyrics_gradient(
// CHECK-SAME: %[[TOK:[a-z0-9]+]]: tensor<?x14xf32> {nn.input = "tokens"}
// CHECK-SAME: %[[T:[a-z0-9]+]]: tensor<?x14xf32> {nn.target = "labels"}
// CHECK-SAME: %[[TABLE:[a-z0-9]+]]: tensor<50x8xf32>
// CHECK-SAME: %[[K1:[a-z0-9]+]]: tensor<8x24xf32>
// CHECK-SAME: %[[RK1:[a-z0-9]+]]: tensor<6x24xf32>
// CHECK-SAME: %[[B1:[a-z0-9]+]]: tensor<24xf32>
// CHECK-SAME: %[[K2:[a-z0-9]+]]: tensor<6x20xf32>
// CHECK-SAME: %[[RK2:[a-z0-9]+]]: tensor<5x20xf32>
// CHECK-SAME: %[[B2:[a-z0-9]+]]: tensor<20xf32>
// CHECK-SAME: %[[K3:[a-z0-9]+]]: tensor<5x50xf32>
// CHECK-SAME: %[[B3:[a-z0-9]+]]: tensor<50xf32>
// CHECK-SAME: -> (tensor<f32> {nn.output = "loss"}, tensor<50x8xf32> {nn.grad = "embedding_1.embeddings"}, tensor<8x24xf32> {nn.grad = "lstm_1.kernel"}, tensor<6x24xf32> {nn.grad = "lstm_1.recurrent_kernel"}, tensor<24xf32> {nn.grad = "lstm_1.bias"}, tensor<6x20xf32> {nn.grad = "lstm_2.kernel"}, tensor<5x20xf32> {nn.grad = "lstm_2.recurrent_kernel"}, tensor<20xf32> {nn.grad = "lstm_2.bias"}, tensor<5x50xf32> {nn.grad = "dense_1.kernel"}, tensor<50xf32> {nn.grad = "dense_1.bias"})
// CHECK: %[[E:.*]] = nn.embedding %[[TOK]], %[[TABLE]]
// CHECK: %[[L1:.*]], %{{.*}}, %{{.*}} = nn.lstm %[[E]], %[[K1]], %[[RK1]], %[[B1]] {name = "lstm_1", return_sequences = true}
// CHECK: %[[L2:.*]], %{{.*}}, %{{.*}} = nn.lstm %[[L1]], %[[K2]], %[[RK2]], %[[B2]] {name = "lstm_2", return_sequences = true}
// CHECK: %[[Y:.*]] = nn.dense %[[L2]], %[[K3]], %[[B3]]
// CHECK: %[[L:.*]] = nn.sparse_categorical_crossentropy %[[Y]], %[[T]] {from_logits = true, ignore_index = 0 : i64, name = "loss"}
// CHECK: %[[DY:.*]] = nn.sparse_categorical_crossentropy_grad %[[Y]], %[[T]] {from_logits = true, ignore_index = 0 : i64, name = "loss.dpred"} : (tensor<?x14x50xf32>, tensor<?x14xf32>) -> tensor<?x14x50xf32>
// A linear dense passes its gradient straight to its input, kernel and bias.
// CHECK-DAG: %[[DL2:.*]] = nn.dense_grad_input %[[DY]], %[[K3]] {name = "dense_1.dx"} : (tensor<?x14x50xf32>, tensor<5x50xf32>) -> tensor<?x14x5xf32>
// CHECK-DAG: %[[DK3:.*]] = nn.dense_grad_kernel %[[L2]], %[[DY]] {name = "dense_1.dkernel"}
// CHECK-DAG: %[[DB3:.*]] = nn.bias_grad %[[DY]] {name = "dense_1.dbias"}
// Each LSTM's gradient comes from its output and reuses it (forward_output).
// CHECK: %[[DL1:.*]], %[[DK2:.*]], %[[DRK2:.*]], %[[DB2:.*]], %{{.*}}, %{{.*}} = nn.lstm_grad %[[L1]], %[[K2]], %[[RK2]], %[[B2]], %[[L2]], %[[DL2]] {name = "lstm_2.grad", return_sequences = true} : (tensor<?x14x6xf32>, tensor<6x20xf32>, tensor<5x20xf32>, tensor<20xf32>, tensor<?x14x5xf32>, tensor<?x14x5xf32>) -> (tensor<?x14x6xf32>, tensor<6x20xf32>, tensor<5x20xf32>, tensor<20xf32>, tensor<?x5xf32>, tensor<?x5xf32>)
// CHECK: %[[DE:.*]], %[[DK1:.*]], %[[DRK1:.*]], %[[DB1:.*]], %{{.*}}, %{{.*}} = nn.lstm_grad %[[E]], %[[K1]], %[[RK1]], %[[B1]], %[[L1]], %[[DL1]] {name = "lstm_1.grad", return_sequences = true}
// Token indices have no gradient; the table's is a scatter-add of dE.
// CHECK: %[[DTABLE:.*]] = nn.embedding_grad %[[TOK]], %[[DE]] {name = "embedding_1.dtable", vocab = 50 : i64} : (tensor<?x14xf32>, tensor<?x14x8xf32>) -> tensor<50x8xf32>
// CHECK-NOT: nn.lstm_grad
// CHECK: return %[[L]], %[[DTABLE]], %[[DK1]], %[[DRK1]], %[[DB1]], %[[DK2]], %[[DRK2]], %[[DB2]], %[[DK3]], %[[DB3]]

// The update keeps one Adam state pair per parameter, the table's included.
// CHECK-LABEL: func.func @lyrics_update(
// CHECK: nn.adam_update {{.*}}name = "embedding_1.embeddings"
// CHECK: nn.adam_update {{.*}}name = "lstm_1.recurrent_kernel"
