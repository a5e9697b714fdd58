//===- Main.cpp - main() of every executable nnc produces ------------------===//

#include "nncrt/CommandLine.h"

int main(int argc, char **argv) {
  return nncrt::runCommandLine(nnc_model_registry, argc, argv);
}
