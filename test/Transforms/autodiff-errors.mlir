// RUN: nnc-opt %s --nn-autodiff -split-input-file -verify-diagnostics -allow-unregistered-dialect
//
// Ops without an adjoint on the gradient's path are all reported, at their
// own locations; signatures it cannot train are reported at the model. (The
// dialect verifies the train settings themselves: Dialect/invalid-train.mlir.)

func.func @no_adjoint(%x: tensor<?x4xf32> {nn.input = "x"},
                      %k: tensor<4x4xf32> {nn.param = "dense_1.kernel"})
    -> (tensor<?x4xf32> {nn.output = "y"})
    attributes {nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>, epochs = 1,
        batch = 32, shuffle = true>} {
  // Not on the gradient's path (does not depend on a parameter): fine.
  %pre = "test.preprocess"(%x) : (tensor<?x4xf32>) -> tensor<?x4xf32>
  %h = nn.dense %pre, %k {activation = #nn<activation relu>, name = "dense_1"} : (tensor<?x4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>
  // expected-error @+1 {{'test.mystery' has no adjoint: the gradient cannot flow through it to the parameters}}
  %m = "test.mystery"(%h) : (tensor<?x4xf32>) -> tensor<?x4xf32>
  // expected-error @+1 {{'nn.slice' has no adjoint: the gradient cannot flow through it to the parameters}}
  %s = nn.slice %m {axis = 1 : i64, name = "slice_1", offset = 0 : i64, size = 4 : i64} : (tensor<?x4xf32>) -> tensor<?x4xf32>
  return %s : tensor<?x4xf32>
}

// -----

// expected-error @+1 {{target = input needs the input's type 'tensor<?x4xf32>' to equal the output's 'tensor<?x1xf32>'}}
func.func @target_input_shape(%x: tensor<?x4xf32> {nn.input = "x"}, %k: tensor<4x1xf32> {nn.param = "k"})
    -> tensor<?x1xf32> attributes {
        nn.train = #nn.train<target = input, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>, epochs = 1,
        batch = 32, shuffle = true>} {
  %y = nn.dense %x, %k {activation = #nn<activation linear>, name = "dense_1"} : (tensor<?x4xf32>, tensor<4x1xf32>) -> tensor<?x1xf32>
  return %y : tensor<?x1xf32>
}

// -----

// expected-error @+1 {{parameter 'unused.kernel' does not affect the loss: it has no gradient}}
func.func @unused_param(%x: tensor<?x4xf32> {nn.input = "x"}, %k: tensor<4x1xf32> {nn.param = "k"},
                        %u: tensor<2x2xf32> {nn.param = "unused.kernel"})
    -> tensor<?x1xf32> attributes {
        nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>, epochs = 1,
        batch = 32, shuffle = true>} {
  %y = nn.dense %x, %k {activation = #nn<activation linear>, name = "dense_1"} : (tensor<?x4xf32>, tensor<4x1xf32>) -> tensor<?x1xf32>
  return %y : tensor<?x1xf32>
}

// -----

// expected-error @+1 {{cannot add the training functions: @taken_loss already exists}}
func.func @taken(%x: tensor<?x4xf32> {nn.input = "x"}, %k: tensor<4x1xf32> {nn.param = "k"})
    -> tensor<?x1xf32> attributes {
        nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>, epochs = 1,
        batch = 32, shuffle = true>} {
  %y = nn.dense %x, %k {activation = #nn<activation linear>, name = "dense_1"} : (tensor<?x4xf32>, tensor<4x1xf32>) -> tensor<?x1xf32>
  return %y : tensor<?x1xf32>
}
func.func @taken_loss() {
  return
}

// -----

// expected-error @+1 {{argument 1 is neither an nn.input nor an nn.param: cannot tell what to differentiate}}
func.func @unmarked(%x: tensor<?x4xf32> {nn.input = "x"}, %k: tensor<4x1xf32>)
    -> tensor<?x1xf32> attributes {
        nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>, epochs = 1,
        batch = 32, shuffle = true>} {
  %y = nn.dense %x, %k {activation = #nn<activation linear>, name = "dense_1"} : (tensor<?x4xf32>, tensor<4x1xf32>) -> tensor<?x1xf32>
  return %y : tensor<?x1xf32>
}

// -----

// An LSTM's final state may be a model's output, but the gradient goes back
// through its output sequence only.
func.func @lstm_final_state(%x: tensor<?x3x4xf32> {nn.input = "x"},
                            %k: tensor<4x8xf32> {nn.param = "lstm_1.kernel"},
                            %rk: tensor<2x8xf32> {nn.param = "lstm_1.recurrent_kernel"},
                            %b: tensor<8xf32> {nn.param = "lstm_1.bias"})
    -> tensor<?x2xf32> attributes {
        nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>, epochs = 1,
        batch = 32, shuffle = true>} {
  // expected-error @+1 {{gradients through the final state of a recurrent layer (LSTM) are not supported}}
  %l:3 = nn.lstm %x, %k, %rk, %b {name = "lstm_1", return_sequences = false}
      : (tensor<?x3x4xf32>, tensor<4x8xf32>, tensor<2x8xf32>, tensor<8xf32>)
      -> (tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x2xf32>)
  %s = nn.add %l#0, %l#2 {name = "add_1"} : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<?x2xf32>
  return %s : tensor<?x2xf32>
}

// -----

// An unused final state is no obstacle.
func.func @lstm_unused_state(%x: tensor<?x3x4xf32> {nn.input = "x"},
                             %k: tensor<4x8xf32> {nn.param = "lstm_1.kernel"},
                             %rk: tensor<2x8xf32> {nn.param = "lstm_1.recurrent_kernel"},
                             %b: tensor<8xf32> {nn.param = "lstm_1.bias"})
    -> tensor<?x2xf32> attributes {
        nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>, epochs = 1,
        batch = 32, shuffle = true>} {
  %l:3 = nn.lstm %x, %k, %rk, %b {name = "lstm_1", return_sequences = false}
      : (tensor<?x3x4xf32>, tensor<4x8xf32>, tensor<2x8xf32>, tensor<8xf32>)
      -> (tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x2xf32>)
  return %l#0 : tensor<?x2xf32>
}
