#!/usr/bin/env python3
"""Prints an ONNX model as text (onnx.helper.printable_graph), its opset and
metadata, after ONNX's checker (full check) accepts it: for FileCheck."""
import sys

import onnx

model = onnx.load(sys.argv[1])
onnx.checker.check_model(model, full_check=True)
print("opset", ", ".join(f"{o.domain or 'ai.onnx'} {o.version}" for o in model.opset_import))
print("producer", model.producer_name, model.producer_version)
for entry in model.metadata_props:
    print("metadata", entry.key, "=", entry.value)
print(onnx.helper.printable_graph(model.graph))
