// RUN: nnc-opt %s --nn-autodiff | FileCheck %s
//
// A dense chain trained with Adam on categorical cross-entropy: the four
// functions, their argument order and attributes, and the backward graph.

func.func @classifier(%x: tensor<?x4xf32> {nn.input = "features"},
                      %k1: tensor<4x3xf32> {nn.param = "dense_1.kernel", nn.init = "glorot_uniform"},
                      %b1: tensor<3xf32> {nn.param = "dense_1.bias", nn.init = "zeros"},
                      %k2: tensor<3x2xf32> {nn.param = "dense_2.kernel", nn.init = "glorot_uniform"})
    -> (tensor<?x2xf32> {nn.output = "output"})
    attributes {nn.train = #nn.train<target = labels, loss = categorical_crossentropy, from_logits = false,
        optimizer = #nn.adam<learning_rate = 0.001, beta_1 = 0.9, beta_2 = 0.999, epsilon = 1.0e-07>,
        epochs = 3, batch = 32, shuffle = true, validation = test, data = #nn.idx<path = "data">>} {
  %h = nn.dense %x, %k1, %b1 {activation = #nn<activation relu>, name = "dense_1"} : (tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %y = nn.dense %h, %k2 {activation = #nn<activation softmax>, name = "dense_2"} : (tensor<?x3xf32>, tensor<3x2xf32>) -> tensor<?x2xf32>
  return %y : tensor<?x2xf32>
}

// The forward function stays as it was and names the functions derived
// from it.
// CHECK-LABEL: func.func @classifier(
// CHECK-SAME: attributes {nn.gradient_function = @classifier_gradient,
// CHECK-SAME: nn.loss_function = @classifier_loss, nn.train = #nn.train<
// CHECK-SAME: nn.train_step_function = @classifier_train_step,
// CHECK-SAME: nn.update_function = @classifier_update} {
// CHECK: nn.dense
// CHECK: nn.dense
// CHECK-NEXT: return

// Loss: inputs, target, params -> loss.
// CHECK-LABEL: func.func @classifier_loss(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<?x4xf32> {nn.input = "features"}
// CHECK-SAME: %[[T:[a-z0-9]+]]: tensor<?x2xf32> {nn.target = "labels"}
// CHECK-SAME: %[[K1:[a-z0-9]+]]: tensor<4x3xf32> {nn.init = "glorot_uniform", nn.param = "dense_1.kernel"}
// CHECK-SAME: %[[B1:[a-z0-9]+]]: tensor<3xf32> {nn.init = "zeros", nn.param = "dense_1.bias"}
// CHECK-SAME: %[[K2:[a-z0-9]+]]: tensor<3x2xf32> {{{.*}}nn.param = "dense_2.kernel"}
// CHECK-SAME: -> (tensor<f32> {nn.output = "loss"})
// CHECK: %[[H:.*]] = nn.dense %[[X]], %[[K1]], %[[B1]]
// CHECK: %[[Y:.*]] = nn.dense %[[H]], %[[K2]]
// CHECK: %[[L:.*]] = nn.categorical_crossentropy %[[Y]], %[[T]] {name = "loss"}
// CHECK-NEXT: return %[[L]] : tensor<f32>

// Gradient: the same arguments -> loss and one gradient per param.
// CHECK-LABEL: func.func @classifier_gradient(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<?x4xf32> {nn.input = "features"}
// CHECK-SAME: %[[T:[a-z0-9]+]]: tensor<?x2xf32> {nn.target = "labels"}
// CHECK-SAME: %[[K1:[a-z0-9]+]]: tensor<4x3xf32>
// CHECK-SAME: %[[B1:[a-z0-9]+]]: tensor<3xf32>
// CHECK-SAME: %[[K2:[a-z0-9]+]]: tensor<3x2xf32>
// CHECK-SAME: -> (tensor<f32> {nn.output = "loss"}, tensor<4x3xf32> {nn.grad = "dense_1.kernel"}, tensor<3xf32> {nn.grad = "dense_1.bias"}, tensor<3x2xf32> {nn.grad = "dense_2.kernel"})
// CHECK: %[[H:.*]] = nn.dense %[[X]], %[[K1]], %[[B1]]
// CHECK: %[[Y:.*]] = nn.dense %[[H]], %[[K2]]
// CHECK: %[[L:.*]] = nn.categorical_crossentropy %[[Y]], %[[T]]
// CHECK: %[[DY:.*]] = nn.categorical_crossentropy_grad %[[Y]], %[[T]] {name = "loss.dpred"}
// Softmax differentiates from its output along the last axis (the default).
// CHECK: %[[DPRE2:.*]] = nn.activation_grad %[[Y]], %[[DY]] {activation = #nn<activation softmax>, name = "dense_2.dpre"}
// CHECK-DAG: %[[DH:.*]] = nn.dense_grad_input %[[DPRE2]], %[[K2]] {name = "dense_2.dx"}
// CHECK-DAG: %[[DK2:.*]] = nn.dense_grad_kernel %[[H]], %[[DPRE2]] {name = "dense_2.dkernel"} : (tensor<?x3xf32>, tensor<?x2xf32>) -> tensor<3x2xf32>
// CHECK: %[[DPRE1:.*]] = nn.activation_grad %[[H]], %[[DH]] {activation = #nn<activation relu>, name = "dense_1.dpre"}
// CHECK-DAG: %[[DK1:.*]] = nn.dense_grad_kernel %[[X]], %[[DPRE1]] {name = "dense_1.dkernel"}
// CHECK-DAG: %[[DB1:.*]] = nn.bias_grad %[[DPRE1]] {name = "dense_1.dbias"} : (tensor<?x3xf32>) -> tensor<3xf32>
// The gradient of the model's input is not computed.
// CHECK-NOT: dense_1.dx
// CHECK: return %[[L]], %[[DK1]], %[[DB1]], %[[DK2]]

// Update: params, grads, state (param-major: m then v), lr, iteration.
// CHECK-LABEL: func.func @classifier_update(
// CHECK-SAME: %[[P0:[a-z0-9]+]]: tensor<4x3xf32> {nn.param = "dense_1.kernel"}
// CHECK-SAME: %[[P1:[a-z0-9]+]]: tensor<3xf32> {nn.param = "dense_1.bias"}
// CHECK-SAME: %[[P2:[a-z0-9]+]]: tensor<3x2xf32> {nn.param = "dense_2.kernel"}
// CHECK-SAME: %[[G0:[a-z0-9]+]]: tensor<4x3xf32> {nn.grad = "dense_1.kernel"}
// CHECK-SAME: %[[G1:[a-z0-9]+]]: tensor<3xf32> {nn.grad = "dense_1.bias"}
// CHECK-SAME: %[[G2:[a-z0-9]+]]: tensor<3x2xf32> {nn.grad = "dense_2.kernel"}
// CHECK-SAME: %[[M0:[a-z0-9]+]]: tensor<4x3xf32> {nn.state = "dense_1.kernel.m"}
// CHECK-SAME: %[[V0:[a-z0-9]+]]: tensor<4x3xf32> {nn.state = "dense_1.kernel.v"}
// CHECK-SAME: %[[M1:[a-z0-9]+]]: tensor<3xf32> {nn.state = "dense_1.bias.m"}
// CHECK-SAME: %[[V1:[a-z0-9]+]]: tensor<3xf32> {nn.state = "dense_1.bias.v"}
// CHECK-SAME: %[[M2:[a-z0-9]+]]: tensor<3x2xf32> {nn.state = "dense_2.kernel.m"}
// CHECK-SAME: %[[V2:[a-z0-9]+]]: tensor<3x2xf32> {nn.state = "dense_2.kernel.v"}
// CHECK-SAME: %[[LR:[a-z0-9]+]]: tensor<f32> {nn.hyper = "learning_rate"}
// CHECK-SAME: %[[IT:[a-z0-9]+]]: tensor<f32> {nn.hyper = "iteration"}
// CHECK-SAME: -> (tensor<4x3xf32> {nn.param = "dense_1.kernel"}, tensor<3xf32> {nn.param = "dense_1.bias"}, tensor<3x2xf32> {nn.param = "dense_2.kernel"}, tensor<4x3xf32> {nn.state = "dense_1.kernel.m"}, tensor<4x3xf32> {nn.state = "dense_1.kernel.v"}, tensor<3xf32> {nn.state = "dense_1.bias.m"}, tensor<3xf32> {nn.state = "dense_1.bias.v"}, tensor<3x2xf32> {nn.state = "dense_2.kernel.m"}, tensor<3x2xf32> {nn.state = "dense_2.kernel.v"})
// Keras's Adam defaults.
// CHECK: %[[NP0:.*]], %[[NM0:.*]], %[[NV0:.*]] = nn.adam_update %[[P0]], %[[G0]], %[[M0]], %[[V0]], %[[LR]], %[[IT]] {beta_1 = 0.899999976 : f32, beta_2 = 9.990000e-01 : f32, epsilon = 1.000000e-07 : f32, name = "dense_1.kernel"}
// CHECK: %[[NP1:.*]], %[[NM1:.*]], %[[NV1:.*]] = nn.adam_update %[[P1]], %[[G1]], %[[M1]], %[[V1]], %[[LR]], %[[IT]] {{.*}}name = "dense_1.bias"
// CHECK: %[[NP2:.*]], %[[NM2:.*]], %[[NV2:.*]] = nn.adam_update %[[P2]], %[[G2]], %[[M2]], %[[V2]], %[[LR]], %[[IT]] {{.*}}name = "dense_2.kernel"
// CHECK: return %[[NP0]], %[[NP1]], %[[NP2]], %[[NM0]], %[[NV0]], %[[NM1]], %[[NV1]], %[[NM2]], %[[NV2]] :

// Train step: gradient, then update; returns loss, new params, new state.
// CHECK-LABEL: func.func @classifier_train_step(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<?x4xf32> {nn.input = "features"}, %[[T:[a-z0-9]+]]: tensor<?x2xf32> {nn.target = "labels"}, %[[K1:[a-z0-9]+]]: tensor<4x3xf32> {{.*}}, %[[B1:[a-z0-9]+]]: tensor<3xf32> {{.*}}, %[[K2:[a-z0-9]+]]: tensor<3x2xf32> {{.*}}, %[[S0:[a-z0-9]+]]: tensor<4x3xf32> {nn.state = "dense_1.kernel.m"}
// CHECK-SAME: %[[LR:[a-z0-9]+]]: tensor<f32> {nn.hyper = "learning_rate"}, %[[IT:[a-z0-9]+]]: tensor<f32> {nn.hyper = "iteration"}
// CHECK-SAME: -> (tensor<f32> {nn.output = "loss"}, tensor<4x3xf32> {nn.param = "dense_1.kernel"}
// CHECK: %[[G:.*]]:4 = call @classifier_gradient(%[[X]], %[[T]], %[[K1]], %[[B1]], %[[K2]])
// CHECK: %[[U:.*]]:9 = call @classifier_update(%[[K1]], %[[B1]], %[[K2]], %[[G]]#1, %[[G]]#2, %[[G]]#3, %[[S0]], {{.*}}, %[[LR]], %[[IT]])
// CHECK: return %[[G]]#0, %[[U]]#0, %[[U]]#1, %[[U]]#2, %[[U]]#3, %[[U]]#4, %[[U]]#5, %[[U]]#6, %[[U]]#7, %[[U]]#8 :

// A function without nn.train gets no training functions.
func.func @inference_only(%x: tensor<?x4xf32> {nn.input = "x"},
                          %k: tensor<4x3xf32> {nn.param = "dense_1.kernel"}) -> tensor<?x3xf32> {
  %y = nn.dense %x, %k {activation = #nn<activation linear>, name = "dense_1"} : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}
// CHECK-LABEL: func.func @inference_only(
// CHECK-SAME: -> tensor<?x3xf32> {
// CHECK-NOT: func.func @inference_only_
