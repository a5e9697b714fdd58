// A model written in the nn dialect, without the language's layer table.
func.func @ops(%x: tensor<?x8x8x1xf32> {nn.input = "image"},
               %k: tensor<3x3x1x2xf32> {nn.param = "conv.kernel"},
               %b: tensor<2xf32> {nn.param = "conv.bias"})
    -> (tensor<?x6x6x1xf32> {nn.output = "y"}) {
  %c = nn.conv2d %x, %k, %b {activation = #nn<activation linear>, dilation = array<i64: 1, 1>, name = "conv", padding = #nn<padding valid>, strides = array<i64: 1, 1>} : (tensor<?x8x8x1xf32>, tensor<3x3x1x2xf32>, tensor<2xf32>) -> tensor<?x6x6x2xf32>
  %r = nn.activation %c {activation = #nn<activation relu>, name = "relu"} : (tensor<?x6x6x2xf32>) -> tensor<?x6x6x2xf32>
  %p = nn.max_pool2d %r {name = "pool", padding = #nn<padding same>, pool = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x6x6x2xf32>) -> tensor<?x3x3x2xf32>
  %u = nn.bed_of_nails_upsample2d %p {name = "nails", size = array<i64: 2, 2>} : (tensor<?x3x3x2xf32>) -> tensor<?x6x6x2xf32>
  %s = nn.add %u, %r {name = "sum"} : (tensor<?x6x6x2xf32>, tensor<?x6x6x2xf32>) -> tensor<?x6x6x2xf32>
  %y = nn.softmax %s {axis = -1 : i64, name = "probs"} : (tensor<?x6x6x2xf32>) -> tensor<?x6x6x2xf32>
  %t = nn.slice %y {axis = 3 : i64, name = "first", offset = 0 : i64, size = 1 : i64} : (tensor<?x6x6x2xf32>) -> tensor<?x6x6x1xf32>
  return %t : tensor<?x6x6x1xf32>
}
