//===- NNSequenceOps.td - Embeddings and recurrent layers --*- tablegen -*-===//
//
// The layers of a word-level language model: an embedding table looked up by
// token index and Keras's recurrent layers (LSTM, GRU, SimpleRNN), with their
// gradients. Sequences are
// [N, T, features], time second, as in Keras. Token indices travel as f32
// (as they do into a Keras Embedding, which casts its float input); the
// runtime checks that they are whole numbers inside the vocabulary.
//
//===----------------------------------------------------------------------===//

#ifndef NN_SEQUENCE_OPS_TD
#define NN_SEQUENCE_OPS_TD

include "nn/IR/NNBase.td"
include "nn/IR/RecurrentOpInterface.td"

//===----------------------------------------------------------------------===//
// Embedding
//===----------------------------------------------------------------------===//

def NN_EmbeddingOp
    : NN_Op<"embedding", [NN_Differentiable, NN_KerasLayer<"Embedding", 1>]> {
  let summary = "Keras Embedding: the table row of each token";
  let description = [{
    `tokens` [N, ...] holds token indices; `table` is [vocab, dim]. The result
    [N, ..., dim] holds row tokens[n, ...] of the table. Indices are clamped
    into [0, vocab) so that a stray value cannot read outside the table.
    Only the table has a gradient (indices are not differentiable).

    ```mlir
    %embedding_1 = nn.embedding %tokens, %table {name = "embedding_1"}
        : (tensor<?x14xf32>, tensor<7001x256xf32>) -> tensor<?x14x256xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$tokens, NN_Tensor:$table, StrAttr:$name);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $tokens `,` $table attr-dict `:` functional-type(operands, results)
  }];
}

def NN_EmbeddingGradOp : NN_Op<"embedding_grad"> {
  let summary = "Gradient of nn.embedding with respect to its table";
  let description = [{
    A [vocab, dim] table of zeros into which each row `dy`[n, ..., :] is added
    at row tokens[n, ...] (a scatter-add; repeated tokens accumulate).
  }];
  let arguments = (ins NN_Tensor:$tokens, NN_Tensor:$dy, I64Attr:$vocab,
                       StrAttr:$name);
  let results = (outs NN_Tensor:$dtable);
  let assemblyFormat = [{
    $tokens `,` $dy attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// LSTM
//===----------------------------------------------------------------------===//

defvar NN_LSTMFormula = [{
    Keras LSTM (TF 2 defaults: activation tanh, recurrent_activation sigmoid).
    `x` is [N, T, in], `kernel` [in, 4U], `recurrent_kernel` [U, 4U], `bias`
    [4U], with the four gates in Keras order along the last axis: input i,
    forget f, cell candidate g, output o. For t = 0 .. T-1:

      z_t = x_t kernel + h_{t-1} recurrent_kernel + bias
      i = sigmoid(z_i)  f = sigmoid(z_f)  g = tanh(z_g)  o = sigmoid(z_o)
      c_t = f * c_{t-1} + i * g
      h_t = o * tanh(c_t)

    h_{-1} and c_{-1} are `initial_state` ([h, c], each [N, U]) when given,
    else zeros. PyTorch's nn.LSTM orders its gates i, f, g, o too, but keeps
    the weights transposed ([4U, in]) and two biases that add up to this one.
}];

def NN_LSTMOp
    : NN_Op<"lstm", [NN_Differentiable, NN_KerasLayer<"LSTM">, NN_RecurrentOpInterface],
            ["output", "h", "c"]> {
  let summary = "Keras LSTM over a sequence";
  let description = NN_LSTMFormula # [{
    Results: `output`, the whole sequence h_0 .. h_{T-1} [N, T, U] when
    `return_sequences`, else the last step h_{T-1} [N, U]; then the final
    state h_{T-1} and c_{T-1} [N, U] (Keras `return_state`). The adjoint
    differentiates through `output` only; the final state is for stepping a
    trained model one token at a time (see nn-make-step).

    ```mlir
    %lstm_1.output, %lstm_1.h, %lstm_1.c = nn.lstm %x, %k, %rk, %b
        {name = "lstm_1", return_sequences = true}
        : (tensor<?x14x256xf32>, tensor<256x4096xf32>, tensor<1024x4096xf32>,
           tensor<4096xf32>)
        -> (tensor<?x14x1024xf32>, tensor<?x1024xf32>, tensor<?x1024xf32>)
    ```
  }];
  let arguments = (ins NN_Tensor:$x, NN_Tensor:$kernel, NN_Tensor:$recurrent_kernel,
                       NN_Tensor:$bias, Variadic<NN_Tensor>:$initial_state,
                       BoolAttr:$return_sequences, StrAttr:$name);
  let results = (outs NN_Tensor:$output, NN_Tensor:$final_h, NN_Tensor:$final_c);
  let assemblyFormat = [{
    $x `,` $kernel `,` $recurrent_kernel `,` $bias (`initial_state` $initial_state^)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1; // initial_state: none or [h, c]
  let extraClassDeclaration = [{
    static ::llvm::ArrayRef<::llvm::StringLiteral> getStateNames() {
      static constexpr ::llvm::StringLiteral names[] = {"h", "c"};
      return names;
    }
  }];
}

def NN_LSTMGradOp
    : NN_Op<"lstm_grad", [],
            ["dx", "dkernel", "drecurrent_kernel", "dbias", "dh0", "dc0"]> {
  let summary = "Gradients of nn.lstm, by backpropagation through time";
  let description = NN_LSTMFormula # [{
    Given `doutput`, the gradient of the loss with respect to the forward op's
    `output` ([N, T, U] or [N, U], as `return_sequences`), the gradients with
    respect to `x`, `kernel`, `recurrent_kernel`, `bias` and the initial h and
    c (zeros' gradient when there was no `initial_state`; [N, U] each).
    `forward_output` is the forward op's `output`: code generation reuses the
    gates and cell states that op computed instead of computing them again.
  }];
  let arguments = (ins NN_Tensor:$x, NN_Tensor:$kernel, NN_Tensor:$recurrent_kernel,
                       NN_Tensor:$bias, NN_Tensor:$forward_output, NN_Tensor:$doutput,
                       Variadic<NN_Tensor>:$initial_state,
                       BoolAttr:$return_sequences, StrAttr:$name);
  let results = (outs NN_Tensor:$dx, NN_Tensor:$dkernel, NN_Tensor:$drecurrent_kernel,
                      NN_Tensor:$dbias, NN_Tensor:$dh0, NN_Tensor:$dc0);
  let assemblyFormat = [{
    $x `,` $kernel `,` $recurrent_kernel `,` $bias `,` $forward_output `,` $doutput
    (`initial_state` $initial_state^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// GRU
//===----------------------------------------------------------------------===//

defvar NN_GRUFormula = [{
    Keras GRU with its default reset_after=true (Keras 3 / TF 2; activation
    tanh, recurrent_activation sigmoid). `x` is [N, T, in], `kernel` [in, 3U],
    `recurrent_kernel` [U, 3U], `bias` [2, 3U] (row 0 the input bias, row 1
    the recurrent bias), the three gates in Keras order along the last axis:
    update z, reset r, candidate h. For t = 0 .. T-1:

      a_t = x_t kernel + bias[0]       b_t = h_{t-1} recurrent_kernel + bias[1]
      z = sigmoid(a_z + b_z)   r = sigmoid(a_r + b_r)   n = tanh(a_h + r * b_h)
      h_t = z * h_{t-1} + (1 - z) * n

    h_{-1} is `initial_state` ([h], [N, U]) when given, else zeros. The reset
    gate scales the recurrent product (reset_after), as PyTorch's nn.GRU
    does; PyTorch orders its gates r, z, n and computes
    h_t = (1 - z) * n + z * h_{t-1} too.
}];

def NN_GRUOp
    : NN_Op<"gru", [NN_Differentiable, NN_KerasLayer<"GRU">, NN_RecurrentOpInterface],
            ["output", "h"]> {
  let summary = "Keras GRU (reset_after=true) over a sequence";
  let description = NN_GRUFormula # [{
    Results: `output`, the whole sequence h_0 .. h_{T-1} [N, T, U] when
    `return_sequences`, else the last step h_{T-1} [N, U]; then the final
    state h_{T-1} [N, U]. The adjoint differentiates through `output` only.

    ```mlir
    %gru_1.output, %gru_1.h = nn.gru %x, %k, %rk, %b
        {name = "gru_1", return_sequences = true}
        : (tensor<?x14x64xf32>, tensor<64x768xf32>, tensor<256x768xf32>,
           tensor<2x768xf32>) -> (tensor<?x14x256xf32>, tensor<?x256xf32>)
    ```
  }];
  let arguments = (ins NN_Tensor:$x, NN_Tensor:$kernel, NN_Tensor:$recurrent_kernel,
                       NN_Tensor:$bias, Variadic<NN_Tensor>:$initial_state,
                       BoolAttr:$return_sequences, StrAttr:$name);
  let results = (outs NN_Tensor:$output, NN_Tensor:$final_h);
  let assemblyFormat = [{
    $x `,` $kernel `,` $recurrent_kernel `,` $bias (`initial_state` $initial_state^)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1; // initial_state: none or [h]
  let extraClassDeclaration = [{
    static ::llvm::ArrayRef<::llvm::StringLiteral> getStateNames() {
      static constexpr ::llvm::StringLiteral names[] = {"h"};
      return names;
    }
  }];
}

def NN_GRUGradOp
    : NN_Op<"gru_grad", [], ["dx", "dkernel", "drecurrent_kernel", "dbias", "dh0"]> {
  let summary = "Gradients of nn.gru, by backpropagation through time";
  let description = NN_GRUFormula # [{
    Given `doutput`, the gradient of the loss with respect to the forward op's
    `output`, the gradients with respect to `x`, `kernel`,
    `recurrent_kernel`, `bias` and the initial h (zeros' gradient when there
    was no `initial_state`). `forward_output` is the forward op's `output`:
    code generation reuses the gates that op computed.
  }];
  let arguments = (ins NN_Tensor:$x, NN_Tensor:$kernel, NN_Tensor:$recurrent_kernel,
                       NN_Tensor:$bias, NN_Tensor:$forward_output, NN_Tensor:$doutput,
                       Variadic<NN_Tensor>:$initial_state,
                       BoolAttr:$return_sequences, StrAttr:$name);
  let results = (outs NN_Tensor:$dx, NN_Tensor:$dkernel, NN_Tensor:$drecurrent_kernel,
                      NN_Tensor:$dbias, NN_Tensor:$dh0);
  let assemblyFormat = [{
    $x `,` $kernel `,` $recurrent_kernel `,` $bias `,` $forward_output `,` $doutput
    (`initial_state` $initial_state^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// SimpleRNN
//===----------------------------------------------------------------------===//

defvar NN_SimpleRNNFormula = [{
    Keras SimpleRNN (activation tanh). `x` is [N, T, in], `kernel` [in, U],
    `recurrent_kernel` [U, U], `bias` [U]. For t = 0 .. T-1:

      h_t = tanh(x_t kernel + h_{t-1} recurrent_kernel + bias)

    h_{-1} is `initial_state` ([h], [N, U]) when given, else zeros. PyTorch's
    nn.RNN (tanh) is the same with the weights transposed and two biases.
}];

def NN_SimpleRNNOp
    : NN_Op<"simple_rnn", [NN_Differentiable, NN_KerasLayer<"SimpleRNN">,
                           NN_RecurrentOpInterface], ["output", "h"]> {
  let summary = "Keras SimpleRNN over a sequence";
  let description = NN_SimpleRNNFormula # [{
    Results: `output` ([N, T, U] when `return_sequences`, else [N, U]), then
    the final state h_{T-1} [N, U]. The adjoint differentiates through
    `output` only.
  }];
  let arguments = (ins NN_Tensor:$x, NN_Tensor:$kernel, NN_Tensor:$recurrent_kernel,
                       NN_Tensor:$bias, Variadic<NN_Tensor>:$initial_state,
                       BoolAttr:$return_sequences, StrAttr:$name);
  let results = (outs NN_Tensor:$output, NN_Tensor:$final_h);
  let assemblyFormat = [{
    $x `,` $kernel `,` $recurrent_kernel `,` $bias (`initial_state` $initial_state^)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1; // initial_state: none or [h]
  let extraClassDeclaration = [{
    static ::llvm::ArrayRef<::llvm::StringLiteral> getStateNames() {
      static constexpr ::llvm::StringLiteral names[] = {"h"};
      return names;
    }
  }];
}

def NN_SimpleRNNGradOp
    : NN_Op<"simple_rnn_grad", [],
            ["dx", "dkernel", "drecurrent_kernel", "dbias", "dh0"]> {
  let summary = "Gradients of nn.simple_rnn, by backpropagation through time";
  let description = NN_SimpleRNNFormula # [{
    As nn.gru_grad: the gradients of `x`, the weights and the initial h, given
    `doutput` and the forward op's `output`.
  }];
  let arguments = (ins NN_Tensor:$x, NN_Tensor:$kernel, NN_Tensor:$recurrent_kernel,
                       NN_Tensor:$bias, NN_Tensor:$forward_output, NN_Tensor:$doutput,
                       Variadic<NN_Tensor>:$initial_state,
                       BoolAttr:$return_sequences, StrAttr:$name);
  let results = (outs NN_Tensor:$dx, NN_Tensor:$dkernel, NN_Tensor:$drecurrent_kernel,
                      NN_Tensor:$dbias, NN_Tensor:$dh0);
  let assemblyFormat = [{
    $x `,` $kernel `,` $recurrent_kernel `,` $bias `,` $forward_output `,` $doutput
    (`initial_state` $initial_state^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // NN_SEQUENCE_OPS_TD
