//===- DidYouMean.h - Suggestions for misspelt names ------------*- C++ -*-===//

#ifndef NNC_FRONTEND_DIDYOUMEAN_H
#define NNC_FRONTEND_DIDYOUMEAN_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace nnc {

/// The candidate closest to `typo` by edit distance, when it is close enough
/// to be a plausible misspelling (about a third of the word may differ);
/// empty otherwise.
llvm::StringRef findClosest(llvm::StringRef typo,
                            llvm::ArrayRef<llvm::StringRef> candidates);

/// "; did you mean 'conv2d'?" or "" when nothing is close.
std::string didYouMean(llvm::StringRef typo,
                       llvm::ArrayRef<llvm::StringRef> candidates);

} // namespace nnc

#endif // NNC_FRONTEND_DIDYOUMEAN_H
