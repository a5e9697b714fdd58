//===- ImageGrid.h - Rows of images written as one PNG --------------------===//
//
// Used by `reconstruct`: originals on the top row, the model's outputs
// below. Each row is a tensor [count, H, W, C] with C = 1 (8-bit greyscale
// PNG) or C = 3 (RGB); values are clamped to [0, 1]. Every image is scaled
// up `scale` times (nearest neighbour) and separated from its neighbours by
// `gap` white pixels, the grid being framed by the same gap.
//
//===----------------------------------------------------------------------===//

#ifndef NNCRT_IMAGEGRID_H
#define NNCRT_IMAGEGRID_H

#include "nncrt/Tensor.h"

#include <string>
#include <vector>

namespace nncrt {

struct GridLayout {
  int scale = 2;
  int gap = 2;
};

/// Writes the rows (same shapes) as a PNG, atomically.
void writeImageGridPng(const std::string &path, const std::vector<Tensor> &rows,
                       GridLayout layout = {});

} // namespace nncrt

#endif // NNCRT_IMAGEGRID_H
