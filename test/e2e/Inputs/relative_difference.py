"""How the e2e tests compare an exported model's outputs with predict's."""
import numpy as np


def report(name, framework, actual, expected, rtol):
    """Prints one line: the largest difference relative to the output's
    largest magnitude against `rtol`; returns whether it is within."""
    if actual.shape != expected.shape:
        print(f"{name}: {framework} gives shape {actual.shape}, predict {expected.shape}")
        return False
    scale = max(float(np.abs(expected).max()), 1e-30)
    difference = float(np.abs(actual.astype(np.float64) - expected).max()) / scale
    verdict = "matches" if difference <= rtol else "DIFFERS from"
    print(f"{name}: {framework} {verdict} predict: largest difference {difference:.1e} "
          f"of the largest value (bar {rtol:.0e})")
    return difference <= rtol
