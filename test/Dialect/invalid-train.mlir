// RUN: nnc-opt %s -split-input-file -verify-diagnostics
//
// The train block's attribute holds what nn-autodiff and the model registry
// rely on, so they neither check nor default a setting: every setting there
// (or Keras's None), of its kind, in Keras's range, and consistent.

// expected-error @+3 {{expected ::nnc::nn::Loss to be one of: binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy, mean_squared_error}}
// expected-error @+2 {{failed to parse NN_TrainAttr parameter 'loss'}}
func.func @unknown_loss() attributes {
    nn.train = #nn.train<target = labels, loss = hinge, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>,
        epochs = 1, batch = 32, shuffle = true>} {
  return
}

// -----

// expected-error @+4 {{unknown attribute `lbfgs` in dialect `nn`}}
// expected-error @+3 {{failed to parse NN_TrainAttr parameter 'optimizer'}}
func.func @unknown_optimizer() attributes {
    nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.lbfgs<learning_rate = 0.01>,
        epochs = 1, batch = 32, shuffle = true>} {
  return
}

// -----

// Settings the frontend defaults must be there.
// expected-error @+4 {{struct is missing required parameter: loss}}
func.func @missing_loss() attributes {
    nn.train = #nn.train<target = labels, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>,
        epochs = 1, batch = 32, shuffle = true>} {
  return
}

// -----

// expected-error @+4 {{expected ','}}
// expected-error @+3 {{failed to parse NN_TrainAttr parameter 'optimizer'}}
func.func @missing_nesterov() attributes {
    nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0>,
        epochs = 1, batch = 32, shuffle = true>} {
  return
}

// -----

// expected-error @+5 {{expected floating point literal}}
// expected-error @+4 {{failed to parse NN_SgdAttr parameter 'momentum'}}
// expected-error @+3 {{failed to parse NN_TrainAttr parameter 'optimizer'}}
func.func @momentum_not_a_number() attributes {
    nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = "high", nesterov = false>,
        epochs = 1, batch = 32, shuffle = true>} {
  return
}

// -----

// The update ops take momenta in [0, 1], as Keras 2 does (a larger one used
// to crash nn-autodiff).
// expected-error @+4 {{sgd: 'momentum' must be a number in [0, 1], got 2}}
// expected-error @+3 {{failed to parse NN_TrainAttr parameter 'optimizer'}}
func.func @momentum_too_large() attributes {
    nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 2.0, nesterov = false>,
        epochs = 1, batch = 32, shuffle = true>} {
  return
}

// -----

// expected-error @+4 {{adam: 'beta_2' must be a number in [0, 1), got 1}}
// expected-error @+3 {{failed to parse NN_TrainAttr parameter 'optimizer'}}
func.func @beta_one() attributes {
    nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.adam<learning_rate = 0.001, beta_1 = 0.9, beta_2 = 1.0, epsilon = 1.0e-07>,
        epochs = 1, batch = 32, shuffle = true>} {
  return
}

// -----

// expected-error @+4 {{rmsprop: 'learning_rate' must be a positive number, got 0}}
// expected-error @+3 {{failed to parse NN_TrainAttr parameter 'optimizer'}}
func.func @zero_learning_rate() attributes {
    nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.rmsprop<learning_rate = 0.0, rho = 0.9, momentum = 0.0, epsilon = 1.0e-07>,
        epochs = 1, batch = 32, shuffle = true>} {
  return
}

// -----

// expected-error @+2 {{'epochs' must be a positive integer, got 0}}
func.func @no_epochs() attributes {
    nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>,
        epochs = 0, batch = 32, shuffle = true>} {
  return
}

// -----

// expected-error @+2 {{'validation' must be 'test' or a fraction strictly between 0 and 1, got 1.5}}
func.func @validation_fraction() attributes {
    nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>,
        epochs = 1, batch = 32, shuffle = true, validation = 1.5>} {
  return
}

// -----

// expected-error @+2 {{'ignore_class' needs sparse_categorical_crossentropy, not categorical_crossentropy}}
func.func @ignore_class() attributes {
    nn.train = #nn.train<target = labels, loss = categorical_crossentropy, from_logits = false,
        ignore_class = 0,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>,
        epochs = 1, batch = 32, shuffle = true>} {
  return
}

// -----

// expected-error @+2 {{mean_squared_error has no 'from_logits'}}
func.func @mse_logits() attributes {
    nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = true,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>,
        epochs = 1, batch = 32, shuffle = true>} {
  return
}

// -----

// expected-error @+2 {{text data needs 'target = next_tokens', not labels}}
func.func @text_labels() attributes {
    nn.train = #nn.train<target = labels, loss = sparse_categorical_crossentropy,
        from_logits = true,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>,
        epochs = 1, batch = 32, shuffle = true,
        data = #nn.text<path = "a.txt", num_words = 100, max_tokens = 8>>} {
  return
}

// -----

// expected-error @+2 {{'target = next_tokens' needs text data}}
func.func @next_tokens_of_images() attributes {
    nn.train = #nn.train<target = next_tokens, loss = sparse_categorical_crossentropy,
        from_logits = true,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>,
        epochs = 1, batch = 32, shuffle = true, data = #nn.idx<path = "images">>} {
  return
}

// -----

// expected-error @+2 {{text data needs sparse_categorical_crossentropy, not mean_squared_error}}
func.func @text_mse() attributes {
    nn.train = #nn.train<target = next_tokens, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>,
        epochs = 1, batch = 32, shuffle = true,
        data = #nn.text<path = "a.txt", num_words = 100, max_tokens = 8>>} {
  return
}

// -----

// expected-error @+7 {{text: 'max_tokens' must be at least 3 (<start>, a word, <end>), got 2}}
// expected-error @+6 {{failed to parse NN_TrainAttr parameter 'data'}}
func.func @text_too_short() attributes {
    nn.train = #nn.train<target = next_tokens, loss = sparse_categorical_crossentropy,
        from_logits = true,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>,
        epochs = 1, batch = 32, shuffle = true,
        data = #nn.text<path = "a.txt", num_words = 100, max_tokens = 2>>} {
  return
}

// -----

// expected-error @+2 {{'data' must be #nn.idx, #nn.npy, #nn.npz, #nn.csv, #nn.images or #nn.text, got "images"}}
func.func @data_not_a_source() attributes {
    nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>,
        epochs = 1, batch = 32, shuffle = true, data = "images">} {
  return
}

// -----

// expected-error @+2 {{'metrics' lists 'accuracy' twice}}
func.func @metric_twice() attributes {
    nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>,
        epochs = 1, batch = 32, shuffle = true, metrics = [accuracy, accuracy]>} {
  return
}

// -----

// expected-error @+2 {{'flip_lr' and 'random_flip_lr' exclude each other}}
func.func @both_flips() attributes {
    nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>,
        epochs = 1, batch = 32, shuffle = true, augment = [flip_lr, random_flip_lr]>} {
  return
}

// -----

// The dictionary the train block used to be is no longer read.
// expected-error @+1 {{'nn.train' must be a #nn.train, got {loss = "mean_squared_error", optimizer = "sgd"}}}
func.func @dictionary() attributes {nn.train = {loss = "mean_squared_error", optimizer = "sgd"}} {
  return
}

// -----

// expected-error @+6 {{npy: 'scale's divisor' must be a positive number, got 0}}
// expected-error @+6 {{failed to parse NN_TrainAttr parameter 'data'}}
func.func @npy_zero_divisor() attributes {
    nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>,
        epochs = 1, batch = 32, shuffle = true,
        data = #nn.npy<path = "", x = "x.npy", y = "y.npy", x_test = "", y_test = "",
                       scale_multiplier = 1.0, scale_divisor = 0.0>>} {
  return
}

// -----

// expected-error @+2 {{reduce_lr_on_plateau and a schedule both set the learning rate}}
func.func @plateau_and_schedule() attributes {
    nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>,
        epochs = 1, batch = 32, shuffle = true, validation = 0.1,
        schedule = #nn.cosine_decay<decay_steps = 10, alpha = 0.0>,
        callbacks = [#nn.reduce_lr_on_plateau<monitor = "val_loss", factor = 0.5,
                     patience = 2, min_delta = 1.0e-4, cooldown = 1, min_lr = 0.0>]>} {
  return
}

// -----

// expected-error @+2 {{a callback watches 'val_loss' without validation data}}
func.func @no_validation() attributes {
    nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>,
        epochs = 1, batch = 32, shuffle = true,
        callbacks = [#nn.early_stopping<monitor = "val_loss", min_delta = 0.0, patience = 3,
                                        restore_best_weights = true>]>} {
  return
}

// -----

// expected-error @+6 {{piecewise_constant_decay: 1 boundaries need 2 values, got 1}}
// expected-error @+5 {{failed to parse NN_TrainAttr parameter 'schedule'}}
func.func @piecewise() attributes {
    nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>,
        epochs = 1, batch = 32, shuffle = true,
        schedule = #nn.piecewise_constant_decay<boundaries = [5], values = [0.1]>>} {
  return
}

// -----

// expected-error @+6 {{images: 'color' must be "grayscale", "rgb" or "rgba", got "cmyk"}}
// expected-error @+6 {{failed to parse NN_TrainAttr parameter 'data'}}
func.func @images_bad_color() attributes {
    nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>,
        epochs = 1, batch = 32, shuffle = true,
        data = #nn.images<path = "photos", height = 8, width = 8, color = "cmyk",
                          scale_multiplier = 1.0, scale_divisor = 1.0, test = "", seed = 0>>} {
  return
}

// -----

// expected-error @+6 {{images: 'seed' must be in [0, 2^32), as numpy's, got 4294967296}}
// expected-error @+6 {{failed to parse NN_TrainAttr parameter 'data'}}
func.func @images_bad_seed() attributes {
    nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>,
        epochs = 1, batch = 32, shuffle = true,
        data = #nn.images<path = "photos", height = 8, width = 8, color = "rgb",
                          scale_multiplier = 1.0, scale_divisor = 1.0, test = "", seed = 4294967296>>} {
  return
}
