//===- Passes.td - Passes on the nn dialect ----------------*- tablegen -*-===//

#ifndef NN_TRANSFORMS_PASSES_TD
#define NN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def Autodiff : Pass<"nn-autodiff", "::mlir::ModuleOp"> {
  let summary = "Builds the loss, gradient, update and training-step functions of a model";
  let description = [{
    For every `func.func @M` that carries the train block as `nn.train`
    (loss, from_logits, optimizer and its Keras arguments, target), adds
    next to it:

    - `@M_loss(inputs..., target, params...) -> loss`
    - `@M_gradient(inputs..., target, params...) -> (loss, one gradient per param)`:
      the forward graph, the loss, and reverse-mode differentiation through
      each op's AdjointOpInterface. Gradients of a value used several times
      are summed with nn.add; only the parameters' gradients are computed.
    - `@M_update(params..., grads..., state..., lr, iteration)
      -> (new params..., new state...)`: one optimizer update op per param;
      state is param-major, in the optimizer's slot order.
    - `@M_train_step(inputs..., target, params..., state..., lr, iteration)
      -> (loss, new params..., new state...)`: calls @M_gradient, then
      @M_update (the whole training step in one function, for reading).

    Arguments and results carry `nn.input`, `nn.target`, `nn.param`,
    `nn.grad`, `nn.state`, `nn.hyper` and `nn.output` attributes for code
    generation and the runtime. Ops that the gradient must flow through but
    that have no adjoint are all reported at their locations; the pass then
    fails. Functions without `nn.train` are left alone.
  }];
  let constructor = "::nnc::nn::createAutodiffPass()";
  let dependentDialects = ["::nnc::nn::NNDialect", "::mlir::func::FuncDialect"];
}

#endif // NN_TRANSFORMS_PASSES_TD
