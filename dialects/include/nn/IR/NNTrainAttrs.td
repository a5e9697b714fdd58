//===- NNTrainAttrs.td - The train block as one typed attribute -*- tablegen -*-===//
//
// A model function's `nn.train` holds its train block: what Keras splits
// between compile() and fit(). The frontend checks what the user wrote (with
// locations) and fills in Keras's defaults; MLIRGen turns the result into
// `#nn.train<...>`, whose verifier states what every later stage may rely
// on. nn-autodiff and the model registry read its fields; none of them
// checks or defaults a setting again.
//
//   nn.train = #nn.train<target = input, loss = binary_crossentropy,
//       from_logits = false,
//       optimizer = #nn.adadelta<learning_rate = 1.0, rho = 0.95, epsilon = 1.0e-07>,
//       epochs = 50, batch = 256, shuffle = true, validation = test,
//       data = #nn.idx<path = "/usr/share/datasets/fashion-mnist">,
//       metrics = [accuracy]>
//
//===----------------------------------------------------------------------===//

#ifndef NN_TRAIN_ATTRS_TD
#define NN_TRAIN_ATTRS_TD

include "nn/IR/NNBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "nn/IR/OptimizerAttrInterface.td"

//===----------------------------------------------------------------------===//
// Enums of the train block
//===----------------------------------------------------------------------===//

def NN_TargetEnum : I32EnumAttr<"Target", "what a model learns to produce", [
    /// The model's single input: autoencoders.
    I32EnumAttrCase<"input", 0>,
    /// The data set's labels.
    I32EnumAttrCase<"labels", 1>,
    /// The token after each position of a text: language models (class
    /// indices, as labels are).
    I32EnumAttrCase<"next_tokens", 2>,
  ]> {
  let cppNamespace = "::nnc::nn";
  let genSpecializedAttr = 0;
}

def NN_LossEnum : I32EnumAttr<"Loss", "Keras loss", [
    I32EnumAttrCase<"binary_crossentropy", 0>,
    I32EnumAttrCase<"categorical_crossentropy", 1>,
    I32EnumAttrCase<"sparse_categorical_crossentropy", 2>,
    I32EnumAttrCase<"mean_squared_error", 3>,
  ]> {
  let cppNamespace = "::nnc::nn";
  let genSpecializedAttr = 0;
}

def NN_MetricEnum : I32EnumAttr<"Metric", "Keras metric", [
    I32EnumAttrCase<"accuracy", 0>,
  ]> {
  let cppNamespace = "::nnc::nn";
  let genSpecializedAttr = 0;
}

def NN_AugmentationEnum : I32EnumAttr<"Augmentation", "augmentation of training images", [
    /// One mirrored copy of every training image (the set doubles).
    I32EnumAttrCase<"flip_lr", 0>,
    /// Each image mirrored with probability 1/2 each epoch.
    I32EnumAttrCase<"random_flip_lr", 1>,
  ]> {
  let cppNamespace = "::nnc::nn";
  let genSpecializedAttr = 0;
}

//===----------------------------------------------------------------------===//
// Parameters as the train block writes them
//===----------------------------------------------------------------------===//

/// A real number, kept as written (IEEE double) and printed so that it
/// reads back bit-identical.
class NN_RealParameter<string desc> : APFloatParameter<desc> {
  let parser = [{ ::nnc::nn::parseReal($_parser) }];
  let printer = [{ ::nnc::nn::printReal($_printer, $_self) }];
}

class NN_BoolParameter<string desc> : AttrParameter<"bool", desc> {
  let parser = [{ ::nnc::nn::parseBool($_parser) }];
  let printer = [{ $_printer << ($_self ? "true" : "false") }];
}

/// An integer that may be absent (Keras's None).
class NN_OptionalIntParameter<string desc>
    : OptionalParameter<"std::optional<int64_t>", desc> {
  let printer = [{ $_printer << *$_self }];
}

/// `[a, b]`; absent when empty.
class NN_EnumListParameter<EnumAttrInfo enumInfo, string desc>
    : ArrayRefParameter<enumInfo.cppNamespace # "::" # enumInfo.className, desc> {
  let parser = "::nnc::nn::parseEnumList<" # cppType # "::value_type>($_parser)";
  let printer = [{ $_printer << '['; ::llvm::interleaveComma($_self, $_printer); $_printer << ']' }];
  let defaultValue = cppStorageType # "()";
  let comparator = cppType # "($_lhs) == " # cppType # "($_rhs)";
}

//===----------------------------------------------------------------------===//
// Optimizers: one attribute each, with Keras 2's hyperparameters
//===----------------------------------------------------------------------===//

class NN_OptimizerAttr<string name, string mnemonicName, string keras>
    : AttrDef<NN_Dialect, name, [NN_OptimizerAttrInterface]> {
  let mnemonic = mnemonicName;
  let summary = "Keras " # keras # " (tf.keras optimizer_v2) and its hyperparameters";
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def NN_SgdAttr : NN_OptimizerAttr<"Sgd", "sgd", "SGD"> {
  let parameters = (ins NN_RealParameter<"> 0">:$learning_rate,
                        NN_RealParameter<"in [0, 1]">:$momentum,
                        NN_BoolParameter<"Nesterov momentum">:$nesterov);
}

def NN_AdamAttr : NN_OptimizerAttr<"Adam", "adam", "Adam"> {
  let parameters = (ins NN_RealParameter<"> 0">:$learning_rate,
                        NN_RealParameter<"in [0, 1)">:$beta_1,
                        NN_RealParameter<"in [0, 1)">:$beta_2,
                        NN_RealParameter<"> 0">:$epsilon);
}

def NN_AdadeltaAttr : NN_OptimizerAttr<"Adadelta", "adadelta", "Adadelta"> {
  let parameters = (ins NN_RealParameter<"> 0">:$learning_rate,
                        NN_RealParameter<"in [0, 1)">:$rho,
                        NN_RealParameter<"> 0">:$epsilon);
}

def NN_RmspropAttr : NN_OptimizerAttr<"Rmsprop", "rmsprop", "RMSprop"> {
  let parameters = (ins NN_RealParameter<"> 0">:$learning_rate,
                        NN_RealParameter<"in [0, 1)">:$rho,
                        NN_RealParameter<"in [0, 1]">:$momentum,
                        NN_RealParameter<"> 0">:$epsilon);
}

//===----------------------------------------------------------------------===//
// Data sources
//===----------------------------------------------------------------------===//

def NN_IdxDataAttr : AttrDef<NN_Dialect, "IdxData"> {
  let mnemonic = "idx";
  let summary = "A folder of MNIST-format IDX files (train and t10k splits)";
  let parameters = (ins StringRefParameter<"the folder">:$path);
  let assemblyFormat = "`<` struct(params) `>`";
}

def NN_NpyDataAttr : AttrDef<NN_Dialect, "NpyData"> {
  let mnemonic = "npy";
  let summary = "NumPy arrays of samples and labels (numpy.save files)";
  let description = [{
    `x` and `y` (and `x_test`, `y_test` for `validation = test`; empty when
    not given) are named relative to the folder `path`. The samples are
    multiplied by `scale_multiplier` and divided by `scale_divisor` (the
    language's `scale=1/255`), in f32.
  }];
  let parameters = (ins StringRefParameter<"the folder">:$path,
                        StringRefParameter<"the samples">:$x,
                        StringRefParameter<"the labels">:$y,
                        StringRefParameter<"the test samples">:$x_test,
                        StringRefParameter<"the test labels">:$y_test,
                        NN_RealParameter<"> 0">:$scale_multiplier,
                        NN_RealParameter<"> 0">:$scale_divisor);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def NN_NpzDataAttr : AttrDef<NN_Dialect, "NpzData"> {
  let mnemonic = "npz";
  let summary = "NumPy arrays of samples and labels in one .npz archive";
  let description = [{
    The arrays `x` and `y` (and `x_test`, `y_test` for `validation = test`;
    empty when not given) of the archive `path` (numpy.savez or
    savez_compressed), scaled as npy samples are.
  }];
  let parameters = (ins StringRefParameter<"the archive">:$path,
                        StringRefParameter<"the samples">:$x,
                        StringRefParameter<"the labels">:$y,
                        StringRefParameter<"the test samples">:$x_test,
                        StringRefParameter<"the test labels">:$y_test,
                        NN_RealParameter<"> 0">:$scale_multiplier,
                        NN_RealParameter<"> 0">:$scale_divisor);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def NN_CsvDataAttr : AttrDef<NN_Dialect, "CsvData"> {
  let mnemonic = "csv";
  let summary = "A CSV file with a header row: label columns, the rest samples";
  let description = [{
    The `label` columns (names) are the labels, the `drop` columns are left
    out, the other columns are each sample's values in order, multiplied by
    `scale_multiplier` and divided by `scale_divisor` in f32. `test` (empty
    when not given) is the file `validation = test` reads, beside `path`.
  }];
  let parameters = (ins StringRefParameter<"the file">:$path,
                        "::mlir::ArrayAttr":$label,
                        "::mlir::ArrayAttr":$drop,
                        NN_RealParameter<"> 0">:$scale_multiplier,
                        NN_RealParameter<"> 0">:$scale_divisor,
                        StringRefParameter<"the test file">:$test);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def NN_ImagesDataAttr : AttrDef<NN_Dialect, "ImagesData"> {
  let mnemonic = "images";
  let summary = "A folder of PNG/JPEG images, one subfolder per class";
  let description = [{
    Keras's `image_dataset_from_directory`: the subfolders of `path` in
    sorted order are the classes; each image is decoded in the `color` mode
    ("grayscale", "rgb" or "rgba"), resized to `height` x `width` with
    bilinear filtering, and multiplied by `scale_multiplier` and divided by
    `scale_divisor` in f32. `test` (empty when not given) is the folder
    `validation = test` reads, beside `path`. The training files are
    shuffled as Keras shuffles them with `seed` (numpy's RandomState).
  }];
  let parameters = (ins StringRefParameter<"the folder">:$path,
                        "int64_t":$height, "int64_t":$width,
                        StringRefParameter<"grayscale, rgb or rgba">:$color,
                        NN_RealParameter<"> 0">:$scale_multiplier,
                        NN_RealParameter<"> 0">:$scale_divisor,
                        StringRefParameter<"the test folder">:$test,
                        "int64_t":$seed);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def NN_TextDataAttr : AttrDef<NN_Dialect, "TextData"> {
  let mnemonic = "text";
  let summary = "Sentences of a text file (or folder) as token indices";
  let description = [{
    Keras's `Tokenizer(num_words)` numbers the words; sentences longer than
    `max_tokens` tokens (with <start> and <end>) are dropped, the others
    padded with 0.
  }];
  let parameters = (ins StringRefParameter<"a .txt file or a folder">:$path,
                        "int64_t":$num_words, "int64_t":$max_tokens);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

//===----------------------------------------------------------------------===//
// Learning-rate schedules (Keras's LearningRateSchedule): the rate of each
// optimizer step from the optimizer's learning_rate
//===----------------------------------------------------------------------===//

def NN_ExponentialDecayAttr : AttrDef<NN_Dialect, "ExponentialDecay"> {
  let mnemonic = "exponential_decay";
  let summary = "rate * decay_rate ^ (step / decay_steps), floored with staircase";
  let parameters = (ins "int64_t":$decay_steps, NN_RealParameter<"> 0">:$decay_rate,
                        NN_BoolParameter<"floor step / decay_steps">:$staircase);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def NN_CosineDecayAttr : AttrDef<NN_Dialect, "CosineDecay"> {
  let mnemonic = "cosine_decay";
  let summary = "rate * ((1 - alpha) * (1 + cos(pi * min(step, decay_steps) / decay_steps)) / 2 + alpha)";
  let parameters = (ins "int64_t":$decay_steps, NN_RealParameter<"in [0, 1]">:$alpha);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def NN_PiecewiseConstantDecayAttr : AttrDef<NN_Dialect, "PiecewiseConstantDecay"> {
  let mnemonic = "piecewise_constant_decay";
  let summary = "values[i] for the steps in (boundaries[i - 1], boundaries[i]]";
  // The values as f64 FloatAttrs, which print back exactly.
  let parameters = (ins "::mlir::DenseI64ArrayAttr":$boundaries,
                        "::mlir::ArrayAttr":$values);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

//===----------------------------------------------------------------------===//
// Callbacks (Keras's), run at each epoch end
//===----------------------------------------------------------------------===//

def NN_EarlyStoppingAttr : AttrDef<NN_Dialect, "EarlyStopping"> {
  let mnemonic = "early_stopping";
  let summary = "Stops when `monitor` has not improved by min_delta for patience epochs";
  let parameters = (ins StringRefParameter<"loss, val_loss, accuracy or val_accuracy">:$monitor,
                        NN_RealParameter<">= 0">:$min_delta, "int64_t":$patience,
                        NN_BoolParameter<"end with the best epoch's weights">:$restore_best_weights);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def NN_ReduceLrOnPlateauAttr : AttrDef<NN_Dialect, "ReduceLrOnPlateau"> {
  let mnemonic = "reduce_lr_on_plateau";
  let summary = "Multiplies the rate by factor when `monitor` stops improving";
  let parameters = (ins StringRefParameter<"loss, val_loss, accuracy or val_accuracy">:$monitor,
                        NN_RealParameter<"in (0, 1)">:$factor, "int64_t":$patience,
                        NN_RealParameter<">= 0">:$min_delta, "int64_t":$cooldown,
                        NN_RealParameter<">= 0">:$min_lr);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def NN_ModelCheckpointAttr : AttrDef<NN_Dialect, "ModelCheckpoint"> {
  let mnemonic = "model_checkpoint";
  let summary = "Writes the weights to `path` after each epoch, or only when `monitor` improves";
  let parameters = (ins StringRefParameter<"the weights file">:$path,
                        StringRefParameter<"loss, val_loss, accuracy or val_accuracy">:$monitor,
                        NN_BoolParameter<"only when the monitored value improves">:$save_best_only);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

//===----------------------------------------------------------------------===//
// The train block
//===----------------------------------------------------------------------===//

def NN_ValidationParameter : AttrParameter<"::nnc::nn::Validation",
                                           "where the validation data comes from"> {
  let parser = [{ ::nnc::nn::parseValidation($_parser) }];
  let printer = [{ ::nnc::nn::printValidation($_printer, $_self) }];
  let defaultValue = "::nnc::nn::Validation()";
}

def NN_TrainAttr : AttrDef<NN_Dialect, "Train"> {
  let mnemonic = "train";
  let summary = "A model's train block: loss, optimizer, and how fit() runs";
  let description = [{
    Every setting is present and checked: `ignore_class` (Keras's None when
    absent), `validation` and `data` (given to the program when absent) and
    the lists are the only ones that may be left out. The frontend's
    `next_tokens` target comes with `text` data and
    sparse_categorical_crossentropy.
  }];
  let parameters = (ins
      EnumParameter<NN_TargetEnum>:$target,
      EnumParameter<NN_LossEnum>:$loss,
      NN_BoolParameter<"the model's output is logits">:$from_logits,
      NN_OptionalIntParameter<"sparse_categorical_crossentropy: labels that "
                              "leave the mean">:$ignore_class,
      AttrParameter<"::nnc::nn::OptimizerAttrInterface", "the optimizer">:$optimizer,
      "int64_t":$epochs,
      "int64_t":$batch,
      NN_BoolParameter<"shuffle the training data each epoch">:$shuffle,
      NN_ValidationParameter:$validation,
      OptionalParameter<"::mlir::Attribute", "#nn.idx, #nn.npy, #nn.npz, #nn.csv, #nn.images or #nn.text">:$data,
      NN_EnumListParameter<NN_MetricEnum, "metrics">:$metrics,
      NN_EnumListParameter<NN_AugmentationEnum, "augmentations">:$augment,
      OptionalParameter<"::mlir::Attribute", "a learning-rate schedule">:$schedule,
      OptionalParameter<"::mlir::ArrayAttr", "#nn.early_stopping, #nn.reduce_lr_on_plateau, #nn.model_checkpoint">:$callbacks);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The data source when it is text; null otherwise.
    TextDataAttr getTextData() const {
      return ::llvm::dyn_cast_if_present<TextDataAttr>(getData());
    }
  }];
}

#endif // NN_TRAIN_ATTRS_TD
