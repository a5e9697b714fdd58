// RUN: nnc-opt %s | nnc-opt | FileCheck %s
// RUN: nnc-opt %s -mlir-print-op-generic | nnc-opt | FileCheck %s
//
// The train block's attribute prints and parses back unchanged: every
// optimizer with its hyperparameters (reals in the fewest digits that read
// back as the same double), both data sources, and the settings that may be
// left out (ignore_class, validation, data, empty lists) left out.

// CHECK-LABEL: func.func @autoencoder
// CHECK-SAME: nn.train = #nn.train<target = input, loss = binary_crossentropy, from_logits = false,
// CHECK-SAME: optimizer = #nn.adadelta<learning_rate = 1.0, rho = 0.95, epsilon = 1.0e-07>,
// CHECK-SAME: epochs = 50, batch = 256, shuffle = true, validation = test,
// CHECK-SAME: data = #nn.idx<path = "/usr/share/datasets/fashion-mnist">, metrics = [accuracy]>}
func.func @autoencoder() attributes {
    nn.train = #nn.train<target = input, loss = binary_crossentropy, from_logits = false,
        optimizer = #nn.adadelta<learning_rate = 1.0, rho = 0.95, epsilon = 1.0e-07>,
        epochs = 50, batch = 256, shuffle = true, validation = test,
        data = #nn.idx<path = "/usr/share/datasets/fashion-mnist">, metrics = [accuracy]>} {
  return
}

// Parameters may come in any order; they print in the declared one.
// CHECK-LABEL: func.func @lyricist
// CHECK-SAME: nn.train = #nn.train<target = next_tokens, loss = sparse_categorical_crossentropy,
// CHECK-SAME: from_logits = true, ignore_class = 0,
// CHECK-SAME: optimizer = #nn.adam<learning_rate = 0.002, beta_1 = 0.9, beta_2 = 0.99, epsilon = 1.0e-07>,
// CHECK-SAME: epochs = 30, batch = 256, shuffle = false, validation = 0.1,
// CHECK-SAME: data = #nn.text<path = "songs.txt", num_words = 7000, max_tokens = 15>>}
func.func @lyricist() attributes {
    nn.train = #nn.train<loss = sparse_categorical_crossentropy, target = next_tokens,
        ignore_class = 0, from_logits = true,
        optimizer = #nn.adam<beta_1 = 0.9, learning_rate = 0.002, beta_2 = 0.99, epsilon = 1.0e-7>,
        data = #nn.text<path = "songs.txt", num_words = 7000, max_tokens = 15>,
        epochs = 30, batch = 256, shuffle = false, validation = 0.1, metrics = [], augment = []>} {
  return
}

// CHECK-LABEL: func.func @sgd
// CHECK-SAME: optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.9, nesterov = true>
// CHECK-SAME: augment = [random_flip_lr]>
func.func @sgd() attributes {
    nn.train = #nn.train<target = labels, loss = categorical_crossentropy, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.9, nesterov = true>,
        epochs = 1, batch = 32, shuffle = true, augment = [random_flip_lr]>} {
  return
}

// CHECK-LABEL: func.func @rmsprop
// CHECK-SAME: optimizer = #nn.rmsprop<learning_rate = 0.001, rho = 0.9, momentum = 1.0, epsilon = 1.0e-07>
// CHECK-SAME: epochs = 1, batch = 32, shuffle = true>}
func.func @rmsprop() attributes {
    nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.rmsprop<learning_rate = 0.001, rho = 0.9, momentum = 1.0, epsilon = 1.0e-07>,
        epochs = 1, batch = 32, shuffle = true>} {
  return
}

// An npy source keeps its scale as a fraction (1/255); absent test arrays
// are empty strings.
// CHECK-LABEL: func.func @npy
// CHECK-SAME: data = #nn.npy<path = "data", x = "x.npy", y = "y.npy", x_test = "", y_test = "",
// CHECK-SAME: scale_multiplier = 1.0, scale_divisor = 255.0>
func.func @npy() attributes {
    nn.train = #nn.train<target = labels, loss = sparse_categorical_crossentropy,
        from_logits = false, optimizer = #nn.adam<learning_rate = 0.001, beta_1 = 0.9,
        beta_2 = 0.999, epsilon = 1.0e-07>, epochs = 1, batch = 32, shuffle = true,
        data = #nn.npy<path = "data", x = "x.npy", y = "y.npy", x_test = "", y_test = "",
                       scale_multiplier = 1.0, scale_divisor = 255.0>>} {
  return
}

// A csv source: its label and dropped columns as lists of names.
// CHECK-LABEL: func.func @csv
// CHECK-SAME: data = #nn.csv<path = "train.csv", label = ["digit"], drop = ["id", "letter"],
// CHECK-SAME: scale_multiplier = 1.0, scale_divisor = 255.0, test = "test.csv">
func.func @csv() attributes {
    nn.train = #nn.train<target = labels, loss = sparse_categorical_crossentropy,
        from_logits = false, optimizer = #nn.adam<learning_rate = 0.001, beta_1 = 0.9,
        beta_2 = 0.999, epsilon = 1.0e-07>, epochs = 1, batch = 32, shuffle = true,
        validation = test,
        data = #nn.csv<path = "train.csv", label = ["digit"], drop = ["id", "letter"],
                       scale_multiplier = 1.0, scale_divisor = 255.0, test = "test.csv">>} {
  return
}

// An npz source: arrays of one archive.
// CHECK-LABEL: func.func @npz
// CHECK-SAME: data = #nn.npz<path = "mnist.npz", x = "x_train", y = "y_train", x_test = "x_test",
// CHECK-SAME: y_test = "y_test", scale_multiplier = 1.0, scale_divisor = 255.0>
func.func @npz() attributes {
    nn.train = #nn.train<target = labels, loss = sparse_categorical_crossentropy,
        from_logits = false, optimizer = #nn.adam<learning_rate = 0.001, beta_1 = 0.9,
        beta_2 = 0.999, epsilon = 1.0e-07>, epochs = 1, batch = 32, shuffle = true,
        validation = test,
        data = #nn.npz<path = "mnist.npz", x = "x_train", y = "y_train", x_test = "x_test",
                       y_test = "y_test", scale_multiplier = 1.0, scale_divisor = 255.0>>} {
  return
}

// An images source: the size and color mode the model's input has.
// CHECK-LABEL: func.func @images
// CHECK-SAME: data = #nn.images<path = "photos", height = 64, width = 48, color = "rgb",
// CHECK-SAME: scale_multiplier = 1.0, scale_divisor = 255.0, test = "", seed = 1337>
func.func @images() attributes {
    nn.train = #nn.train<target = labels, loss = sparse_categorical_crossentropy,
        from_logits = false, optimizer = #nn.adam<learning_rate = 0.001, beta_1 = 0.9,
        beta_2 = 0.999, epsilon = 1.0e-07>, epochs = 1, batch = 32, shuffle = true,
        validation = 2.000000e-01,
        data = #nn.images<path = "photos", height = 64, width = 48, color = "rgb",
                          scale_multiplier = 1.0, scale_divisor = 255.0, test = "", seed = 1337>>} {
  return
}

// A schedule and callbacks.
// CHECK-LABEL: func.func @fitted
// CHECK-SAME: schedule = #nn.piecewise_constant_decay<boundaries = [100, 200], values = [1.000000e-01, 1.000000e-02, 1.000000e-03]>,
// CHECK-SAME: callbacks = [#nn.early_stopping<monitor = "val_loss", min_delta = 0.0, patience = 3, restore_best_weights = true>]>
func.func @fitted() attributes {
    nn.train = #nn.train<target = labels, loss = sparse_categorical_crossentropy,
        from_logits = false, optimizer = #nn.adam<learning_rate = 0.001, beta_1 = 0.9,
        beta_2 = 0.999, epsilon = 1.0e-07>, epochs = 1, batch = 32, shuffle = true,
        validation = 0.1,
        schedule = #nn.piecewise_constant_decay<boundaries = [100, 200],
                                                values = [0.1, 0.01, 0.001]>,
        callbacks = [#nn.early_stopping<monitor = "val_loss", min_delta = 0.0, patience = 3,
                                        restore_best_weights = true>]>} {
  return
}

// CHECK-LABEL: func.func @plateau
// CHECK-SAME: schedule = #nn.cosine_decay<decay_steps = 10, alpha = 0.0>
// CHECK-LABEL: func.func @exponential
// CHECK-SAME: callbacks = [#nn.reduce_lr_on_plateau<monitor = "val_accuracy", factor = 0.5, patience = 2, min_delta = 0.0001, cooldown = 1, min_lr = 0.0>]
func.func @plateau() attributes {
    nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>,
        epochs = 1, batch = 32, shuffle = true,
        schedule = #nn.cosine_decay<decay_steps = 10, alpha = 0.0>>} {
  return
}
func.func @exponential() attributes {
    nn.train = #nn.train<target = labels, loss = mean_squared_error, from_logits = false,
        optimizer = #nn.sgd<learning_rate = 0.01, momentum = 0.0, nesterov = false>,
        epochs = 1, batch = 32, shuffle = true, validation = test, metrics = [accuracy],
        callbacks = [#nn.reduce_lr_on_plateau<monitor = "val_accuracy", factor = 0.5,
                     patience = 2, min_delta = 1.0e-4, cooldown = 1, min_lr = 0.0>]>} {
  return
}
