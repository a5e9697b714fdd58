// RUN: nnc-opt %s --nn-make-step | FileCheck %s
// RUN: nnc-opt %s --nn-make-step --nn-autodiff | FileCheck %s --check-prefix=TRAIN
//
// The lyric generator's shape: @M_step runs the model on one token, takes
// each LSTM's state as arguments after the model's and returns it after the
// model's output, in LSTM order. Shapes are inferred again from the
// one-step input: the whole graph is [N, 1, ...].

func.func @lyrics(%tokens: tensor<?x14xf32> {nn.input = "tokens"},
                  %table: tensor<50x8xf32> {nn.param = "embedding_1.embeddings", nn.init = "random_uniform"},
                  %k1: tensor<8x24xf32> {nn.param = "lstm_1.kernel"},
                  %rk1: tensor<6x24xf32> {nn.param = "lstm_1.recurrent_kernel"},
                  %b1: tensor<24xf32> {nn.param = "lstm_1.bias"},
                  %k2: tensor<6x20xf32> {nn.param = "lstm_2.kernel"},
                  %rk2: tensor<5x20xf32> {nn.param = "lstm_2.recurrent_kernel"},
                  %b2: tensor<20xf32> {nn.param = "lstm_2.bias"},
                  %k3: tensor<5x50xf32> {nn.param = "dense_1.kernel"},
                  %b3: tensor<50xf32> {nn.param = "dense_1.bias"})
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

// The model itself is left as it was, and names its step.
// CHECK-LABEL: func.func @lyrics(
// CHECK-SAME: tensor<?x14xf32> {nn.input = "tokens"}
// CHECK-SAME: attributes {nn.step_function = @lyrics_step, nn.train = #nn.train<
// CHECK: nn.lstm {{.*}} : (tensor<?x14x8xf32>, tensor<8x24xf32>, tensor<6x24xf32>, tensor<24xf32>) -> (tensor<?x14x6xf32>

// The step is not a training model: no nn.train.
// CHECK-LABEL: func.func @lyrics_step(
// CHECK-SAME: %[[TOK:[a-z0-9]+]]: tensor<?x1xf32> {nn.input = "tokens"}
// CHECK-SAME: %[[TABLE:[a-z0-9]+]]: tensor<50x8xf32> {nn.init = "random_uniform", nn.param = "embedding_1.embeddings"}
// CHECK-SAME: %[[K1:[a-z0-9]+]]: tensor<8x24xf32> {nn.param = "lstm_1.kernel"}
// CHECK-SAME: %[[RK1:[a-z0-9]+]]: tensor<6x24xf32> {nn.param = "lstm_1.recurrent_kernel"}
// CHECK-SAME: %[[B1:[a-z0-9]+]]: tensor<24xf32> {nn.param = "lstm_1.bias"}
// CHECK-SAME: %[[K2:[a-z0-9]+]]: tensor<6x20xf32> {nn.param = "lstm_2.kernel"}
// CHECK-SAME: %[[RK2:[a-z0-9]+]]: tensor<5x20xf32> {nn.param = "lstm_2.recurrent_kernel"}
// CHECK-SAME: %[[B2:[a-z0-9]+]]: tensor<20xf32> {nn.param = "lstm_2.bias"}
// CHECK-SAME: %[[K3:[a-z0-9]+]]: tensor<5x50xf32> {nn.param = "dense_1.kernel"}
// CHECK-SAME: %[[B3:[a-z0-9]+]]: tensor<50xf32> {nn.param = "dense_1.bias"}
// CHECK-SAME: %[[H1:[a-z0-9]+]]: tensor<?x6xf32> {nn.state_in = "lstm_1.h"}
// CHECK-SAME: %[[C1:[a-z0-9]+]]: tensor<?x6xf32> {nn.state_in = "lstm_1.c"}
// CHECK-SAME: %[[H2:[a-z0-9]+]]: tensor<?x5xf32> {nn.state_in = "lstm_2.h"}
// CHECK-SAME: %[[C2:[a-z0-9]+]]: tensor<?x5xf32> {nn.state_in = "lstm_2.c"})
// CHECK-SAME: -> (tensor<?x1x50xf32> {nn.output = "output"}, tensor<?x6xf32> {nn.state_out = "lstm_1.h"}, tensor<?x6xf32> {nn.state_out = "lstm_1.c"}, tensor<?x5xf32> {nn.state_out = "lstm_2.h"}, tensor<?x5xf32> {nn.state_out = "lstm_2.c"})
// CHECK-NOT: nn.train
// CHECK: %[[E:.*]] = nn.embedding %[[TOK]], %[[TABLE]] {name = "embedding_1"} : (tensor<?x1xf32>, tensor<50x8xf32>) -> tensor<?x1x8xf32>
// CHECK: %[[L1:[^,]*]], %[[L1H:[^,]*]], %[[L1C:[^ ]*]] = nn.lstm %[[E]], %[[K1]], %[[RK1]], %[[B1]] initial_state %[[H1]], %[[C1]] {name = "lstm_1", return_sequences = true} : (tensor<?x1x8xf32>, tensor<8x24xf32>, tensor<6x24xf32>, tensor<24xf32>, tensor<?x6xf32>, tensor<?x6xf32>) -> (tensor<?x1x6xf32>, tensor<?x6xf32>, tensor<?x6xf32>)
// CHECK: %[[L2:[^,]*]], %[[L2H:[^,]*]], %[[L2C:[^ ]*]] = nn.lstm %[[L1]], %[[K2]], %[[RK2]], %[[B2]] initial_state %[[H2]], %[[C2]] {name = "lstm_2", return_sequences = true} : (tensor<?x1x6xf32>, tensor<6x20xf32>, tensor<5x20xf32>, tensor<20xf32>, tensor<?x5xf32>, tensor<?x5xf32>) -> (tensor<?x1x5xf32>, tensor<?x5xf32>, tensor<?x5xf32>)
// CHECK: %[[Y:.*]] = nn.dense %[[L2]], %[[K3]], %[[B3]] {{.*}} -> tensor<?x1x50xf32>
// CHECK-NEXT: return %[[Y]], %[[L1H]], %[[L1C]], %[[L2H]], %[[L2C]]

// Training functions come from the model alone; the step gets none.
// TRAIN-DAG: func.func @lyrics_gradient(
// TRAIN-DAG: func.func @lyrics_step(
// TRAIN-NOT: func.func @lyrics_step_

// A model without an LSTM gets no step function.
func.func @classifier(%x: tensor<?x4xf32> {nn.input = "features"},
                      %k: tensor<4x3xf32> {nn.param = "dense_1.kernel"})
    -> (tensor<?x3xf32> {nn.output = "output"}) {
  %y = nn.dense %x, %k {activation = #nn<activation softmax>, name = "dense_1"} : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}
// CHECK-LABEL: func.func @classifier(
// CHECK-NOT: func.func @classifier_step

// An LSTM that returns its last step only: the output is [N, U].
func.func @last_step(%x: tensor<?x7x4xf32> {nn.input = "x"},
                     %k: tensor<4x8xf32> {nn.param = "lstm_1.kernel"},
                     %rk: tensor<2x8xf32> {nn.param = "lstm_1.recurrent_kernel"},
                     %b: tensor<8xf32> {nn.param = "lstm_1.bias"})
    -> (tensor<?x2xf32> {nn.output = "output"}) {
  %l:3 = nn.lstm %x, %k, %rk, %b {name = "lstm_1", return_sequences = false}
      : (tensor<?x7x4xf32>, tensor<4x8xf32>, tensor<2x8xf32>, tensor<8xf32>)
      -> (tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x2xf32>)
  return %l#0 : tensor<?x2xf32>
}
// CHECK-LABEL: func.func @last_step_step(
// CHECK-SAME: tensor<?x1x4xf32> {nn.input = "x"}
// CHECK-SAME: -> (tensor<?x2xf32> {nn.output = "output"}, tensor<?x2xf32> {nn.state_out = "lstm_1.h"}, tensor<?x2xf32> {nn.state_out = "lstm_1.c"})
// CHECK: nn.lstm {{.*}} initial_state {{.*}} : (tensor<?x1x4xf32>, tensor<4x8xf32>, tensor<2x8xf32>, tensor<8xf32>, tensor<?x2xf32>, tensor<?x2xf32>) -> (tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x2xf32>)
