"""The NAME=FILE arguments of run_onnx.py, run_torch.py and run_keras.py."""
import os
import sys


def named(values, names, what):
    """[NAME=]FILE flags as {name: file}; an unnamed one is the only name."""
    program = os.path.basename(sys.argv[0])
    result = {}
    for value in values:
        name, sep, path = value.partition("=")
        if not sep:
            if len(names) != 1:
                sys.exit(f"{program}: the model has {len(names)} {what}s; "
                         f"name each one (NAME=FILE)")
            name, path = names[0], value
        if name not in names:
            sys.exit(f"{program}: the model has no {what} '{name}' ({', '.join(names)})")
        result[name] = path
    return result
