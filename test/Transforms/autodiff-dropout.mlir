// RUN: nnc-opt %s --nn-autodiff | FileCheck %s
//
// Dropout trains differently: the model and its loss (predict, eval, the
// validation loss) keep it in inference mode, the gradient function puts it
// in training mode, drawing from the seed and step counters it then takes,
// and its adjoint applies the same layer's mask to the gradient.

func.func @mlp(%x: tensor<?x4xf32> {nn.input = "x"},
               %k1: tensor<4x4xf32> {nn.param = "dense_1.kernel", nn.init = "glorot_uniform"},
               %k: tensor<4x3xf32> {nn.param = "dense_2.kernel", nn.init = "glorot_uniform"})
    -> (tensor<?x3xf32> {nn.output = "y"})
    attributes {nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>,
        epochs = 1, batch = 8, shuffle = true, validation = test, data = #nn.idx<path = "data">>} {
  %h = nn.dense %x, %k1 {activation = #nn<activation linear>, name = "dense_1"} : (tensor<?x4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>
  %d = nn.dropout %h {rate = 2.500000e-01 : f32, shared_axes = array<i64>, name = "dropout_1"} : (tensor<?x4xf32>) -> tensor<?x4xf32>
  %y = nn.dense %d, %k {activation = #nn<activation linear>, name = "dense_2"} : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}

// CHECK-LABEL: func.func @mlp(
// CHECK: nn.dropout %{{[a-z0-9_]+}} {name = "dropout_1", rate = 2.500000e-01 : f32, shared_axes = array<i64>} :

// CHECK-LABEL: func.func @mlp_loss(
// CHECK-NOT: nn.hyper
// CHECK: nn.dropout %{{[a-z0-9_]+}} {name = "dropout_1", rate = 2.500000e-01 : f32, shared_axes = array<i64>} :

// CHECK-LABEL: func.func @mlp_gradient(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<?x4xf32> {nn.input = "x"}
// CHECK-SAME: %[[K1:[a-z0-9]+]]: tensor<4x4xf32> {{.*}}nn.param = "dense_1.kernel"}
// CHECK-SAME: %[[K:[a-z0-9]+]]: tensor<4x3xf32> {{.*}}nn.param = "dense_2.kernel"}
// CHECK-SAME: %[[SEED:[a-z0-9]+]]: tensor<i32> {nn.hyper = "seed"}
// CHECK-SAME: %[[STEP:[a-z0-9]+]]: tensor<i32> {nn.hyper = "step"}
// CHECK: %[[H:.*]] = nn.dense %[[X]], %[[K1]]
// CHECK: %[[D:.*]] = nn.dropout %[[H]], %[[SEED]], %[[STEP]] {name = "dropout_1", rate = 2.500000e-01 : f32, shared_axes = array<i64>, training}
// CHECK: nn.dense %[[D]], %[[K]]
// CHECK: %[[DD:.*]] = nn.dense_grad_input
// CHECK: nn.dense_grad_kernel %[[D]]
// The adjoint: the same layer's mask (same name, counters, rate) on the gradient.
// CHECK: %[[DH:.*]] = nn.dropout %[[DD]], %[[SEED]], %[[STEP]] {name = "dropout_1", rate = 2.500000e-01 : f32, shared_axes = array<i64>, training}
// CHECK: nn.dense_grad_kernel %[[X]], %[[DH]]
// CHECK: return

// The training step passes the counters on to the gradient.
// CHECK-LABEL: func.func @mlp_train_step(
// CHECK-SAME: %[[TSEED:[a-z0-9]+]]: tensor<i32> {nn.hyper = "seed"}, %[[TSTEP:[a-z0-9]+]]: tensor<i32> {nn.hyper = "step"}
// CHECK: call @mlp_gradient({{.*}}, %[[TSEED]], %[[TSTEP]])
