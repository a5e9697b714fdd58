//===- DidYouMean.cpp - Suggestions for misspelt names --------------------===//

#include "Frontend/DidYouMean.h"

using namespace nnc;

llvm::StringRef nnc::findClosest(llvm::StringRef typo,
                                 llvm::ArrayRef<llvm::StringRef> candidates) {
  // Short names need at least one edit allowed ("sme" -> "same").
  unsigned maxDistance = std::max<size_t>(1, (typo.size() + 2) / 3);
  llvm::StringRef best;
  unsigned bestDistance = maxDistance + 1;
  for (llvm::StringRef candidate : candidates) {
    unsigned distance = typo.edit_distance(candidate, /*AllowReplacements=*/true,
                                           /*MaxEditDistance=*/maxDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

std::string nnc::didYouMean(llvm::StringRef typo,
                            llvm::ArrayRef<llvm::StringRef> candidates) {
  llvm::StringRef closest = findClosest(typo, candidates);
  if (closest.empty())
    return "";
  return "; did you mean '" + closest.str() + "'?";
}
