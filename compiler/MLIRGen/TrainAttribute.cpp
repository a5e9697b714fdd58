//===- TrainAttribute.cpp - The train block as an attribute ---------------===//

#include "MLIRGen/TrainAttribute.h"

using namespace nnc;
using namespace mlir;

/// Literals as attributes: reals become f32 (the precision they are used at).
static Attribute toAttribute(Builder &builder, const ast::Literal &literal) {
  switch (literal.kind) {
  case ast::Literal::Kind::Int:
    return builder.getI64IntegerAttr(literal.intValue);
  case ast::Literal::Kind::Float:
    return builder.getF32FloatAttr(static_cast<float>(literal.floatValue));
  case ast::Literal::Kind::Bool:
    return builder.getBoolAttr(literal.boolValue);
  case ast::Literal::Kind::Identifier:
  case ast::Literal::Kind::String:
    return builder.getStringAttr(literal.text);
  case ast::Literal::Kind::List: {
    SmallVector<Attribute> elements;
    for (const ast::Literal &element : literal.elements)
      elements.push_back(toAttribute(builder, element));
    return builder.getArrayAttr(elements);
  }
  }
  llvm_unreachable("unknown literal kind");
}

DictionaryAttr nnc::buildTrainAttribute(Builder &builder, const ast::TrainBlock &train) {
  NamedAttrList entries;
  for (const ast::Setting &setting : train.settings) {
    // The next tokens of text are labels (class indices) to nn-autodiff;
    // data_kind = "text" says where they come from.
    if (setting.key == "target" && setting.value.text == "next_tokens") {
      entries.set("target", builder.getStringAttr("labels"));
      continue;
    }
    if (!setting.callee) {
      entries.set(setting.key, toAttribute(builder, setting.value));
      continue;
    }
    // `loss = f(...)`, `optimizer = f(...)`: the callee under the key, its
    // arguments beside it (`learning_rate`, `from_logits`, ...). `data =
    // idx(path)` becomes data_kind and data_path (data_<arg> in general).
    bool isData = setting.key == "data";
    entries.set(isData ? "data_kind" : setting.key, builder.getStringAttr(*setting.callee));
    for (const ast::Argument &arg : setting.callArgs) {
      // Keras's ignore_class is the nn loss ops' ignore_index.
      std::string key = isData                      ? "data_" + arg.name
                        : arg.name == "ignore_class" ? "ignore_index"
                                                     : arg.name;
      entries.set(key, toAttribute(builder, arg.value));
    }
  }
  return entries.getDictionary(builder.getContext());
}
