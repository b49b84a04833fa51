//===- Arrays.h - integer and float arrays for the IR the back end writes -*- C++ -*-===//
//
// Small arrays stay inline (`dense<...>`), so that lit tests can read them; larger ones
// go to `dense_resource` blobs, as the docs require of anything that grows with the
// network. Blob names are the given stem; MLIR makes them unique.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "mlir/IR/MLIRContext.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <array>
#include <cstdint>

namespace gyrus {

/// Arrays with at most this many elements are written inline.
constexpr int64_t kInlineArrayLimit = 32;

/// A one-dimensional signless integer array of `bits` (8, 16, 32 or 64) bits.
mlir::ElementsAttr makeIntegerArray(mlir::MLIRContext* context, llvm::StringRef blobName,
                                    llvm::ArrayRef<int64_t> values, unsigned bits);

/// The narrowest of 8, 16, 32 and 64 bits that holds every value.
unsigned integerBitsFor(llvm::ArrayRef<int64_t> values);

/// A [n, 2] f32 array of positions.
mlir::ElementsAttr makePositionArray(mlir::MLIRContext* context, llvm::StringRef blobName,
                                     llvm::ArrayRef<std::array<float, 2>> positions);

} // namespace gyrus
