// RUN: nnc-opt %s --nn-autodiff | FileCheck %s
//
// A graph with branches: a value used twice gets the sum of its gradients
// (nn.add), concat's adjoint slices, flatten/reshape/squeeze reshape back,
// and activation layers differentiate from their outputs.

func.func @branches(%x: tensor<?x4x2xf32> {nn.input = "points"},
                    %k1: tensor<2x3xf32> {nn.param = "dense_1.kernel"},
                    %k2: tensor<3x2xf32> {nn.param = "dense_2.kernel"},
                    %k3: tensor<3x1xf32> {nn.param = "dense_3.kernel"},
                    %k4: tensor<12x1xf32> {nn.param = "dense_4.kernel"})
    -> (tensor<?x1xf32> {nn.output = "output"})
    attributes {nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.9, nesterov = true>, epochs = 1,
        batch = 32, shuffle = true>} {
  %h = nn.dense %x, %k1 {activation = #nn<activation linear>, name = "dense_1"} : (tensor<?x4x2xf32>, tensor<2x3xf32>) -> tensor<?x4x3xf32>
  %t = nn.activation %h {activation = #nn<activation tanh>, name = "tanh_1"} : (tensor<?x4x3xf32>) -> tensor<?x4x3xf32>
  // %t feeds two layers.
  %a = nn.dense %t, %k2 {activation = #nn<activation linear>, name = "dense_2"} : (tensor<?x4x3xf32>, tensor<3x2xf32>) -> tensor<?x4x2xf32>
  %b = nn.dense %t, %k3 {activation = #nn<activation linear>, name = "dense_3"} : (tensor<?x4x3xf32>, tensor<3x1xf32>) -> tensor<?x4x1xf32>
  %s = nn.activation %b {activation = #nn<activation sigmoid>, name = "sigmoid_1"} : (tensor<?x4x1xf32>) -> tensor<?x4x1xf32>
  %c = nn.concat %a, %s {axis = -1 : i64, name = "concat_1"} : (tensor<?x4x2xf32>, tensor<?x4x1xf32>) -> tensor<?x4x3xf32>
  %r = nn.reshape %c {name = "reshape_1", shape = array<i64: 3, 4, 1>} : (tensor<?x4x3xf32>) -> tensor<?x3x4x1xf32>
  %q = nn.squeeze %r {axis = -1 : i64, name = "squeeze_1"} : (tensor<?x3x4x1xf32>) -> tensor<?x3x4xf32>
  %f = nn.flatten %q {name = "flatten_1"} : (tensor<?x3x4xf32>) -> tensor<?x12xf32>
  %y = nn.dense %f, %k4 {activation = #nn<activation linear>, name = "dense_4"} : (tensor<?x12xf32>, tensor<12x1xf32>) -> tensor<?x1xf32>
  return %y : tensor<?x1xf32>
}

// CHECK-LABEL: func.func @branches_gradient(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<?x4x2xf32> {nn.input = "points"}, %[[T:[a-z0-9]+]]: tensor<?x1xf32> {nn.target = "labels"}, %[[K1:[a-z0-9]+]]: {{.*}}, %[[K2:[a-z0-9]+]]: {{.*}}, %[[K3:[a-z0-9]+]]: {{.*}}, %[[K4:[a-z0-9]+]]:
// CHECK: %[[H:.*]] = nn.dense %[[X]], %[[K1]]
// CHECK: %[[TH:.*]] = nn.activation %[[H]] {activation = #nn<activation tanh>
// CHECK: %[[B:.*]] = nn.dense %[[TH]], %[[K3]]
// CHECK: %[[S:.*]] = nn.activation %[[B]] {activation = #nn<activation sigmoid>
// CHECK: %[[Y:.*]] = nn.dense %[[F:.*]], %[[K4]]
// CHECK: nn.mean_squared_error %[[Y]], %[[T]] {name = "loss"}
// CHECK: %[[DY:.*]] = nn.mean_squared_error_grad %[[Y]], %[[T]]
// CHECK: %[[DF:.*]] = nn.dense_grad_input %[[DY]], %[[K4]]
// CHECK: nn.dense_grad_kernel %[[F]], %[[DY]]
// Reshapes go back to their input's shape (without the batch).
// CHECK: %[[DQ:.*]] = nn.reshape %[[DF]] {name = "flatten_1.dx", shape = array<i64: 3, 4>} : (tensor<?x12xf32>) -> tensor<?x3x4xf32>
// CHECK: %[[DR:.*]] = nn.reshape %[[DQ]] {name = "squeeze_1.dx", shape = array<i64: 3, 4, 1>} : (tensor<?x3x4xf32>) -> tensor<?x3x4x1xf32>
// CHECK: %[[DC:.*]] = nn.reshape %[[DR]] {name = "reshape_1.dx", shape = array<i64: 4, 3>} : (tensor<?x3x4x1xf32>) -> tensor<?x4x3xf32>
// Concat: one slice per input, along the normalized axis.
// CHECK-DAG: %[[DA:.*]] = nn.slice %[[DC]] {axis = 2 : i64, name = "concat_1.dx0", offset = 0 : i64, size = 2 : i64} : (tensor<?x4x3xf32>) -> tensor<?x4x2xf32>
// CHECK-DAG: %[[DS:.*]] = nn.slice %[[DC]] {axis = 2 : i64, name = "concat_1.dx1", offset = 2 : i64, size = 1 : i64} : (tensor<?x4x3xf32>) -> tensor<?x4x1xf32>
// CHECK: %[[DB:.*]] = nn.activation_grad %[[S]], %[[DS]] {activation = #nn<activation sigmoid>, name = "sigmoid_1.dpre"}
// CHECK: %[[DT3:.*]] = nn.dense_grad_input %[[DB]], %[[K3]] {name = "dense_3.dx"}
// CHECK: %[[DT2:.*]] = nn.dense_grad_input %[[DA]], %[[K2]] {name = "dense_2.dx"}
// Both uses of tanh_1 contribute to its gradient.
// CHECK: %[[DT:.*]] = nn.add %[[DT3]], %[[DT2]] {name = "tanh_1.dsum"} : (tensor<?x4x3xf32>, tensor<?x4x3xf32>) -> tensor<?x4x3xf32>
// CHECK: %[[DH:.*]] = nn.activation_grad %[[TH]], %[[DT]] {activation = #nn<activation tanh>, name = "tanh_1.dpre"}
// CHECK: %[[DK1:.*]] = nn.dense_grad_kernel %[[X]], %[[DH]]
// CHECK-NOT: nn.dense_grad_input {{.*}}%[[K1]]
// CHECK: return

// Momentum and Nesterov from the train block.
// CHECK-LABEL: func.func @branches_update(
// CHECK-COUNT-4: nn.sgd_update {{.*}} {momentum = 0.899999976 : f32, name = "dense_{{[1-4]}}.kernel", nesterov = true}

// A parameter used twice (shared weights): its two gradients are summed.
func.func @shared(%x: tensor<?x3xf32> {nn.input = "x"},
                  %k: tensor<3x3xf32> {nn.param = "dense_1.kernel"})
    -> (tensor<?x3xf32> {nn.output = "output"})
    attributes {nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.rmsprop<learning_rate = 0.001, rho = 0.9, momentum = 0.0, epsilon = 1.0e-07>,
        epochs = 1, batch = 32, shuffle = true>} {
  %a = nn.dense %x, %k {activation = #nn<activation relu>, name = "dense_1"} : (tensor<?x3xf32>, tensor<3x3xf32>) -> tensor<?x3xf32>
  %b = nn.dense %a, %k {activation = #nn<activation linear>, name = "dense_2"} : (tensor<?x3xf32>, tensor<3x3xf32>) -> tensor<?x3xf32>
  %y = nn.softmax %b {axis = 1 : i64, name = "softmax_1"} : (tensor<?x3xf32>) -> tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}

// CHECK-LABEL: func.func @shared_gradient(
// CHECK: nn.activation_grad %{{.*}}, %{{.*}} {activation = #nn<activation softmax>, axis = 1 : i64, name = "softmax_1.dpre"}
// CHECK: %[[D2:.*]] = nn.dense_grad_kernel {{.*}} {name = "dense_2.dkernel"}
// CHECK: %[[D1:.*]] = nn.dense_grad_kernel {{.*}} {name = "dense_1.dkernel"}
// CHECK: %[[SUM:.*]] = nn.add %[[D2]], %[[D1]] {name = "dense_1.kernel.dsum"} : (tensor<3x3xf32>, tensor<3x3xf32>) -> tensor<3x3xf32>
// CHECK: return %{{.*}}, %[[SUM]] :

// RMSprop: Keras's defaults (rho 0.9, no momentum), slots ms then mom.
// CHECK-LABEL: func.func @shared_update(
// CHECK-SAME: {nn.state = "dense_1.kernel.ms"}, %{{.*}}: tensor<3x3xf32> {nn.state = "dense_1.kernel.mom"}
// CHECK: nn.rmsprop_update {{.*}} {epsilon = 1.000000e-07 : f32, momentum = 0.000000e+00 : f32, name = "dense_1.kernel", rho = 0.899999976 : f32}
