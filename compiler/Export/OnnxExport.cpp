//===- OnnxExport.cpp - A model's forward graph as ONNX -------------------===//

#include "Export/OnnxExport.h"

#include "Export/OnnxExportInterface.h"

#include "nn/IR/LayerOpInterface.h"
#include "nn/IR/NNDialect.h"

#include "mlir/IR/BuiltinTypes.h"

#include <onnx/onnx_pb.h>

using namespace nnc;
using namespace nnc::onnx_export;

#include "Export/OnnxExportInterface.cpp.inc"

namespace {

/// A float tensor's type, its dynamic dimensions named "batch".
void describeTensor(onnx::ValueInfoProto &info, const std::string &name, mlir::Value value) {
  info.set_name(name);
  onnx::TypeProto::Tensor &tensor = *info.mutable_type()->mutable_tensor_type();
  tensor.set_elem_type(onnx::TensorProto::FLOAT);
  onnx::TensorShapeProto &shape = *tensor.mutable_shape();
  for (int64_t dim : shapeOf(value)) {
    onnx::TensorShapeProto::Dimension &proto = *shape.add_dim();
    if (dim < 0)
      proto.set_dim_param("batch");
    else
      proto.set_dim_value(dim);
  }
}

mlir::LogicalResult exportOp(mlir::Operation &op, OnnxGraph &graph) {
  auto name = op.getAttrOfType<mlir::StringAttr>("name");
  if (auto exporter = llvm::dyn_cast<OnnxExport>(&op)) {
    if (mlir::failed(exporter.exportToOnnx(graph)))
      return mlir::failure();
    // The layer's results under its name, as Keras and Netron show them.
    if (name)
      for (mlir::Value result : op.getResults())
        graph.preferName(result, name.getValue());
    return mlir::success();
  }
  return export_support::emitNoForm(op, "ONNX");
}

} // namespace

mlir::FailureOr<std::string> nnc::exportModelToOnnx(mlir::func::FuncOp model) {
  onnx::ModelProto proto;
  proto.set_ir_version(8); // the IR version of opset 17
  proto.set_producer_name("nnc");
  proto.set_producer_version(NNC_VERSION);
  onnx::OperatorSetIdProto &opset = *proto.add_opset_import();
  opset.set_domain("");
  opset.set_version(kOnnxOpset);
  auto addMetadata = [&](const char *key, const std::string &value) {
    onnx::StringStringEntryProto &entry = *proto.add_metadata_props();
    entry.set_key(key);
    entry.set_value(value);
  };
  addMetadata("model", model.getName().str());
  addMetadata("nnc_version", NNC_VERSION);

  onnx::GraphProto &graphProto = *proto.mutable_graph();
  graphProto.set_name(model.getName().str());
  OnnxGraph graph(graphProto);

  // The outputs' names first: a layer of the same name gets another.
  auto returnOp = llvm::cast<mlir::func::ReturnOp>(model.getBody().front().getTerminator());
  std::vector<std::string> outputNames;
  for (unsigned i = 0; i < returnOp.getNumOperands(); ++i) {
    auto name = model.getResultAttrOfType<mlir::StringAttr>(i, "nn.output");
    outputNames.push_back(graph.freshName(name ? name.getValue() : "output"));
  }
  for (mlir::BlockArgument argument : model.getArguments()) {
    unsigned index = argument.getArgNumber();
    auto input = model.getArgAttrOfType<mlir::StringAttr>(index, "nn.input");
    auto param = model.getArgAttrOfType<mlir::StringAttr>(index, "nn.param");
    if (!input && !param)
      return model.emitError() << "argument " << index
                               << " is neither an input nor a parameter";
    std::string name = graph.freshName(input ? input.getValue() : param.getValue());
    describeTensor(*graphProto.add_input(), name, argument);
    graph.bind(argument, name);
  }
  for (mlir::Operation &op : model.getBody().front().without_terminator())
    if (mlir::failed(exportOp(op, graph)))
      return mlir::failure();
  for (auto [value, name] : llvm::zip(returnOp.getOperands(), outputNames)) {
    graph.rename(graph[value], name);
    describeTensor(*graphProto.add_output(), name, value);
  }

  std::string bytes;
  if (!proto.SerializeToString(&bytes))
    return model.emitError() << "cannot serialize the ONNX model";
  return bytes;
}

void nnc::registerOnnxExports(mlir::DialectRegistry &registry) {
  registry.addExtension(+[](mlir::MLIRContext *context, nn::NNDialect *) {
    registerActivationExports(context);
    registerConvExports(context);
    registerLayoutExports(context);
    registerPoolExports(context);
    registerRecurrentExports(context);
  });
}
