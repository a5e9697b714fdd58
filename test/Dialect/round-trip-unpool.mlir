// RUN: nnc-opt %s | FileCheck %s
// RUN: nnc-opt %s | nnc-opt | FileCheck %s
// RUN: nnc-opt %s -mlir-print-op-generic | nnc-opt | FileCheck %s

// Bed-of-nails upsampling and max unpooling with their gradients print and
// parse back unchanged; results are named after their layer.

// CHECK-LABEL: func.func @bed_of_nails
func.func @bed_of_nails(%x: tensor<?x3x4x2xf32>, %dy: tensor<?x6x12x2xf32>)
    -> (tensor<?x6x12x2xf32>, tensor<?x3x4x2xf32>) {
  // CHECK: %up = nn.bed_of_nails_upsample2d %{{.*}} {name = "up", size = array<i64: 2, 3>} : (tensor<?x3x4x2xf32>) -> tensor<?x6x12x2xf32>
  %0 = nn.bed_of_nails_upsample2d %x {name = "up", size = array<i64: 2, 3>}
      : (tensor<?x3x4x2xf32>) -> tensor<?x6x12x2xf32>
  // CHECK: %up.dx = nn.bed_of_nails_upsample2d_grad %{{.*}} {name = "up.dx", size = array<i64: 2, 3>} : (tensor<?x6x12x2xf32>) -> tensor<?x3x4x2xf32>
  %1 = nn.bed_of_nails_upsample2d_grad %dy {name = "up.dx", size = array<i64: 2, 3>}
      : (tensor<?x6x12x2xf32>) -> tensor<?x3x4x2xf32>
  return %0, %1 : tensor<?x6x12x2xf32>, tensor<?x3x4x2xf32>
}

// CHECK-LABEL: func.func @max_unpool
func.func @max_unpool(%value: tensor<?x3x3x4xf32>, %pool_input: tensor<?x7x7x4xf32>)
    -> (tensor<?x7x7x4xf32>, tensor<?x3x3x4xf32>) {
  // 'same' pooling of 7x7 by 3 with stride 3: ceil(7 / 3) = 3.
  // CHECK: %unpool = nn.max_unpool2d %{{.*}}, %{{.*}} {name = "unpool", padding = #nn<padding same>, pool = array<i64: 3, 3>, strides = array<i64: 3, 3>} : (tensor<?x3x3x4xf32>, tensor<?x7x7x4xf32>) -> tensor<?x7x7x4xf32>
  %0 = nn.max_unpool2d %value, %pool_input {name = "unpool", padding = #nn<padding same>,
      pool = array<i64: 3, 3>, strides = array<i64: 3, 3>}
      : (tensor<?x3x3x4xf32>, tensor<?x7x7x4xf32>) -> tensor<?x7x7x4xf32>
  // CHECK: %unpool.dvalue = nn.max_unpool2d_grad %{{.*}}, %unpool {name = "unpool.dvalue", padding = #nn<padding same>, pool = array<i64: 3, 3>, strides = array<i64: 3, 3>} : (tensor<?x7x7x4xf32>, tensor<?x7x7x4xf32>) -> tensor<?x3x3x4xf32>
  %1 = nn.max_unpool2d_grad %pool_input, %0 {name = "unpool.dvalue", padding = #nn<padding same>,
      pool = array<i64: 3, 3>, strides = array<i64: 3, 3>}
      : (tensor<?x7x7x4xf32>, tensor<?x7x7x4xf32>) -> tensor<?x3x3x4xf32>
  return %0, %1 : tensor<?x7x7x4xf32>, tensor<?x3x3x4xf32>
}
