// RUN: nnc-opt %s --nn-autodiff | FileCheck %s
//
// BatchNormalization trains differently: the model and its loss normalize by
// the moving statistics (non-trainable parameters, nn.trainable = false);
// the gradient function by the batch's, through whose adjoints the gradient
// reaches the input again, and it returns the updated moving statistics
// after the gradients; the optimizer updates only the trainable parameters.

func.func @net(%x: tensor<?x4xf32> {nn.input = "x"},
               %gamma: tensor<4xf32> {nn.param = "batchnorm_1.gamma", nn.init = "ones"},
               %mean: tensor<4xf32> {nn.param = "batchnorm_1.moving_mean", nn.init = "zeros", nn.trainable = false},
               %variance: tensor<4xf32> {nn.param = "batchnorm_1.moving_variance", nn.init = "ones", nn.trainable = false},
               %k: tensor<4x2xf32> {nn.param = "dense_1.kernel", nn.init = "glorot_uniform"})
    -> (tensor<?x2xf32> {nn.output = "y"})
    attributes {nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>,
        epochs = 1, batch = 8, shuffle = true, validation = test, data = #nn.idx<path = "data">>} {
  %n = nn.batch_norm %x, %mean, %variance gamma %gamma {momentum = 0.9 : f32, epsilon = 1.0e-3 : f32, name = "batchnorm_1"} : (tensor<?x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  %y = nn.dense %n, %k {activation = #nn<activation linear>, name = "dense_1"} : (tensor<?x4xf32>, tensor<4x2xf32>) -> tensor<?x2xf32>
  return %y : tensor<?x2xf32>
}

// CHECK-LABEL: func.func @net_loss(
// CHECK-SAME: %[[LX:[a-z0-9]+]]: tensor<?x4xf32> {nn.input = "x"}
// CHECK-SAME: %[[LG:[a-z0-9]+]]: tensor<4xf32> {nn.init = "ones", nn.param = "batchnorm_1.gamma"}
// CHECK-SAME: %[[LM:[a-z0-9]+]]: tensor<4xf32> {nn.init = "zeros", nn.param = "batchnorm_1.moving_mean", nn.trainable = false}
// CHECK-SAME: %[[LV:[a-z0-9]+]]: tensor<4xf32> {nn.init = "ones", nn.param = "batchnorm_1.moving_variance", nn.trainable = false}
// CHECK: nn.batch_norm %[[LX]], %[[LM]], %[[LV]] gamma %[[LG]] {epsilon = 1.000000e-03 : f32, momentum = 0.899999976 : f32, name = "batchnorm_1"} :

// Results: the loss, the gradients of gamma and the kernel, the new moving
// mean and variance.
// CHECK-LABEL: func.func @net_gradient(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<?x4xf32> {nn.input = "x"}
// CHECK-SAME: %[[G:[a-z0-9]+]]: tensor<4xf32> {{.*}}nn.param = "batchnorm_1.gamma"}
// CHECK-SAME: %[[M:[a-z0-9]+]]: tensor<4xf32> {{.*}}nn.param = "batchnorm_1.moving_mean", nn.trainable = false}
// CHECK-SAME: %[[V:[a-z0-9]+]]: tensor<4xf32> {{.*}}nn.param = "batchnorm_1.moving_variance", nn.trainable = false}
// CHECK-SAME: -> (tensor<f32> {nn.output = "loss"}, tensor<4xf32> {nn.grad = "batchnorm_1.gamma"}, tensor<4x2xf32> {nn.grad = "dense_1.kernel"}, tensor<4xf32> {nn.param = "batchnorm_1.moving_mean"}, tensor<4xf32> {nn.param = "batchnorm_1.moving_variance"})
// CHECK: %[[BM:.*]] = nn.batch_mean %[[X]] {name = "batchnorm_1.batch_mean"}
// CHECK: %[[BV:.*]] = nn.batch_variance %[[X]], %[[BM]] {name = "batchnorm_1.batch_variance"}
// CHECK: %[[NM:.*]] = nn.moving_average %[[M]], %[[BM]] {momentum = 0.899999976 : f32, name = "batchnorm_1.moving_mean"}
// CHECK: %[[NV:.*]] = nn.moving_average %[[V]], %[[BV]] {momentum = 0.899999976 : f32, name = "batchnorm_1.moving_variance"}
// CHECK: nn.batch_norm %[[X]], %[[BM]], %[[BV]] gamma %[[G]] {{{.*}}training}
// CHECK: %[[DG:.*]] = nn.batch_norm_grad %[[X]], %[[BM]], %[[BV]] gamma %[[G]], %{{.*}} {{{.*}}wrt = #nn<batch_norm_operand gamma>}
// CHECK: return %{{.*}}, %[[DG]], %{{.*}}, %[[NM]], %[[NV]] :

// The optimizer sees the trainable parameters only.
// CHECK-LABEL: func.func @net_update(
// CHECK-SAME: %{{[a-z0-9]+}}: tensor<4xf32> {nn.param = "batchnorm_1.gamma"}, %{{[a-z0-9]+}}: tensor<4x2xf32> {nn.param = "dense_1.kernel"}, %{{[a-z0-9]+}}: tensor<4xf32> {nn.grad = "batchnorm_1.gamma"}
// CHECK-NOT: moving
// CHECK: return

// The training step returns the new moving statistics after the update's results.
// CHECK-LABEL: func.func @net_train_step(
// CHECK: %[[GR:.*]]:5 = call @net_gradient(
// CHECK: %[[UP:.*]]:4 = call @net_update(
// CHECK: return %[[GR]]#0, %[[UP]]#0, %[[UP]]#1, %[[UP]]#2, %[[UP]]#3, %[[GR]]#3, %[[GR]]#4
