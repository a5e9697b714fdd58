//===- Passes.td - Passes on the nn dialect ----------------*- tablegen -*-===//

#ifndef NN_TRANSFORMS_PASSES_TD
#define NN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def Autodiff : Pass<"nn-autodiff", "::mlir::ModuleOp"> {
  let summary = "Builds the loss, gradient, update and training-step functions of a model";
  let description = [{
    For every `func.func @M` that carries its train block as `nn.train`
    (a `#nn.train`, verified by the dialect: loss, from_logits, optimizer
    and its Keras arguments, target), adds next to it:

    - `@M_loss(inputs..., target, params...) -> loss`
    - `@M_gradient(inputs..., target, params... [, seed, step]) -> (loss, one
      gradient per param)`: the forward graph in training mode (the copies of
      TrainingModeOpInterface ops are switched to it; the model and @M_loss
      stay in inference mode), the loss, and reverse-mode differentiation
      through each op's AdjointOpInterface. Gradients of a value used several
      times are summed with nn.add; only the parameters' gradients are
      computed; then the new values of the non-trainable parameters that
      layers update while training (`nn.param`), and with `metrics =
      [accuracy]` the model's output, from which the runtime counts the
      training accuracy. When a layer draws random numbers while training (dropout),
      the function takes the run's seed and the step as `tensor<i32>`
      counters (`nn.hyper = "seed"`, `"step"`).
    - `@M_update(params..., grads..., state..., lr, iteration)
      -> (new params..., new state...)`: one optimizer update op per param;
      state is param-major, in the optimizer's slot order.
    - `@M_train_step(inputs..., target, params... [, seed, step], state..., lr, iteration)
      -> (loss, new params..., new state...)`: calls @M_gradient, then
      @M_update (the whole training step in one function, for reading).

    The model names them by symbol: `nn.loss_function = @M_loss`,
    `nn.gradient_function`, `nn.update_function`, `nn.train_step_function`;
    a model that names its training step already keeps its functions.

    Arguments and results carry `nn.input`, `nn.target`, `nn.param`,
    `nn.grad`, `nn.state`, `nn.hyper` and `nn.output` attributes for code
    generation and the runtime. Ops that the gradient must flow through but
    that have no adjoint are all reported at their locations; the pass then
    fails. Functions without `nn.train` are left alone.
  }];
  let constructor = "::nnc::nn::createAutodiffPass()";
  let dependentDialects = ["::nnc::nn::NNDialect", "::mlir::func::FuncDialect"];
}

def MakeStep : Pass<"nn-make-step", "::mlir::ModuleOp"> {
  let summary = "Adds the one-token step of every sequence model (@M_step)";
  let description = [{
    Generating text feeds a trained model one token at a time and carries
    each LSTM's state from one token to the next. For every model function
    `@M` (all arguments `nn.input` or `nn.param`) that contains `nn.lstm`,
    adds next to it

    - `@M_step(inputs..., params..., states...) -> (outputs..., states...)`:
      the same graph with the time axis (axis 1) of every input set to 1 and
      result types inferred again op by op. Each `nn.lstm` (in graph order)
      takes its `initial_state` from two new [N, U] arguments
      `nn.state_in = "<layer>.h"` and `"<layer>.c"`, appended after the
      model's arguments, and returns its final h and c as extra results
      `nn.state_out = "<layer>.h"` / `"<layer>.c"` after the model's
      outputs (which keep their `nn.output`).

    The model names it: `nn.step_function = @M_step`.

    An op whose shape rule cannot take a one-token sequence (a reshape that
    bakes in the length, say) is reported at its location; the pass then
    fails. Models without a recurrent layer get no step function, nor do
    models that reverse the time axis (`nn.reverse` on axis 1: a
    bidirectional layer), whose first output step depends on the last input.
  }];
  let constructor = "::nnc::nn::createMakeStepPass()";
  let dependentDialects = ["::nnc::nn::NNDialect", "::mlir::func::FuncDialect"];
}

#endif // NN_TRANSFORMS_PASSES_TD
