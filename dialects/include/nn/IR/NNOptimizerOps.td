//===- NNOptimizerOps.td - One optimizer step of a parameter -*- tablegen -*-===//
//
// Each op updates one parameter `p` from its gradient `g` and its optimizer
// state, elementwise, with exactly the formulas of Keras 2 (tf.keras
// optimizer_v2). `lr` and `iteration` (1-based) are 0-d tensors so that the
// runtime can change them between steps. Results: the new parameter, then
// the new state in the order of the operands; all have the parameter's shape.
// The op's `name` is the parameter's (`conv2d_1.kernel`), its results print
// as `%conv2d_1.kernel.p`, `%conv2d_1.kernel.m`, ...
//
//===----------------------------------------------------------------------===//

#ifndef NN_OPTIMIZER_OPS_TD
#define NN_OPTIMIZER_OPS_TD

include "nn/IR/NNBase.td"

class NN_UpdateOp<string mnemonic, list<string> resultSuffixes>
    : NN_Op<mnemonic, [], resultSuffixes> {
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
}

def NN_SgdUpdateOp : NN_UpdateOp<"sgd_update", ["p", "velocity"]> {
  let summary = "Keras SGD with momentum (and Nesterov momentum)";
  let description = [{
    v' = momentum * v - lr * g; p' = p + v'
    (nesterov: p' = p + momentum * v' - lr * g).
  }];
  let arguments = (ins NN_Tensor:$p, NN_Tensor:$g, NN_Tensor:$velocity, NN_Scalar:$lr,
                       F32Attr:$momentum, BoolAttr:$nesterov, StrAttr:$name);
  let results = (outs NN_Tensor:$p_new, NN_Tensor:$velocity_new);
}

def NN_AdamUpdateOp : NN_UpdateOp<"adam_update", ["p", "m", "v"]> {
  let summary = "Keras Adam";
  let description = [{
    m' = b1 m + (1 - b1) g; v' = b2 v + (1 - b2) g^2;
    lr_t = lr sqrt(1 - b2^t) / (1 - b1^t) with t = iteration;
    p' = p - lr_t m' / (sqrt(v') + epsilon).
  }];
  let arguments = (ins NN_Tensor:$p, NN_Tensor:$g, NN_Tensor:$m, NN_Tensor:$v,
                       NN_Scalar:$lr, NN_Scalar:$iteration, F32Attr:$beta_1,
                       F32Attr:$beta_2, F32Attr:$epsilon, StrAttr:$name);
  let results = (outs NN_Tensor:$p_new, NN_Tensor:$m_new, NN_Tensor:$v_new);
}

def NN_AdadeltaUpdateOp : NN_UpdateOp<"adadelta_update", ["p", "accum_grad", "accum_var"]> {
  let summary = "Keras Adadelta";
  let description = [{
    ag' = rho ag + (1 - rho) g^2; u = g sqrt(av + eps) / sqrt(ag' + eps);
    av' = rho av + (1 - rho) u^2; p' = p - lr u.
  }];
  let arguments = (ins NN_Tensor:$p, NN_Tensor:$g, NN_Tensor:$accum_grad,
                       NN_Tensor:$accum_var, NN_Scalar:$lr, F32Attr:$rho,
                       F32Attr:$epsilon, StrAttr:$name);
  let results = (outs NN_Tensor:$p_new, NN_Tensor:$accum_grad_new,
                      NN_Tensor:$accum_var_new);
}

def NN_RmspropUpdateOp : NN_UpdateOp<"rmsprop_update", ["p", "ms", "mom"]> {
  let summary = "Keras RMSprop (with optional momentum)";
  let description = [{
    ms' = rho ms + (1 - rho) g^2; with momentum > 0:
    mom' = momentum mom + lr g / (sqrt(ms') + eps), p' = p - mom';
    else mom' = mom, p' = p - lr g / (sqrt(ms') + eps).
  }];
  let arguments = (ins NN_Tensor:$p, NN_Tensor:$g, NN_Tensor:$ms, NN_Tensor:$mom,
                       NN_Scalar:$lr, F32Attr:$rho, F32Attr:$momentum,
                       F32Attr:$epsilon, StrAttr:$name);
  let results = (outs NN_Tensor:$p_new, NN_Tensor:$ms_new, NN_Tensor:$mom_new);
}

#endif // NN_OPTIMIZER_OPS_TD
