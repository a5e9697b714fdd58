// An LSTM started from a state given as inputs, returning its sequence and
// its final state (three outputs).
func.func @lstm_state(%x: tensor<?x5x3xf32> {nn.input = "x"},
                      %h0: tensor<?x4xf32> {nn.input = "h0"},
                      %c0: tensor<?x4xf32> {nn.input = "c0"},
                      %k: tensor<3x16xf32> {nn.param = "lstm_1.kernel", nn.init = "glorot_uniform"},
                      %rk: tensor<4x16xf32> {nn.param = "lstm_1.recurrent_kernel", nn.init = "orthogonal"},
                      %b: tensor<16xf32> {nn.param = "lstm_1.bias", nn.init = "unit_forget_bias"})
    -> (tensor<?x5x4xf32> {nn.output = "y"}, tensor<?x4xf32> {nn.output = "h"},
        tensor<?x4xf32> {nn.output = "c"}) {
  %y:3 = nn.lstm %x, %k, %rk, %b initial_state %h0, %c0 {name = "lstm_1", return_sequences = true}
      : (tensor<?x5x3xf32>, tensor<3x16xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<?x4xf32>, tensor<?x4xf32>)
      -> (tensor<?x5x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>)
  return %y#0, %y#1, %y#2 : tensor<?x5x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>
}
