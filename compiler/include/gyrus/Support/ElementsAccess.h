//===- ElementsAccess.h - read numbers out of elements attributes -----------===//
//
// Verifiers and passes read weights, indices and per-neuron parameters that may be
// inline `dense<...>` attributes or `dense_resource<...>` blobs. MLIR's ElementsAttr
// iteration does not cover resource blobs, so these helpers do both, without copying.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "mlir/IR/Diagnostics.h"

#include "llvm/ADT/STLFunctionalExtras.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gyrus {

/// The element types gyrus stores in arrays: signless i8/i16/i32/i64, f32 and f64.
/// Narrower or exotic types (i1, f16, ...) are rejected so that every reader has a
/// fast path for dense_resource blobs.
bool isSupportedIntegerElementType(mlir::Type type);
bool isSupportedFloatElementType(mlir::Type type);

/// Checks that `attr` is a `dense<...>` or `dense_resource<...>` attribute with a
/// supported element type (integer if `integer`, else float); otherwise emits an
/// error on `op` naming `what` and fails.
mlir::LogicalResult verifyNumericArray(mlir::Operation* op, mlir::ElementsAttr attr,
                                       llvm::StringRef what, bool integer);

/// Whether the values of `attr` can be read: false for a dense_resource whose blob is
/// elided (`dense_resource<__elided__>`) or missing. Verifiers then skip value checks.
bool hasReadableValues(mlir::ElementsAttr attr);

/// Visits the values of an integer (`visitIntegers`) or float (`visitFloats`) array in
/// row-major order, with their flat index. `visit` returns false to stop early. Returns
/// false if the values are not readable (see hasReadableValues) or of the wrong kind.
bool visitIntegers(mlir::ElementsAttr attr,
                   llvm::function_ref<bool(int64_t index, int64_t value)> visit);
bool visitFloats(mlir::ElementsAttr attr,
                 llvm::function_ref<bool(int64_t index, double value)> visit);

/// The values of an integer array, or nullopt if they are not readable.
std::optional<std::vector<int64_t>> readIntegers(mlir::ElementsAttr attr);

/// What is wrong with a CSR row-pointer array for `rows` rows and `nnz` entries: a
/// length other than rows + 1, a first entry other than 0, a decrease, or a last entry
/// other than nnz. nullopt if nothing (or if the values are not readable).
std::optional<std::string> findCsrProblem(mlir::ElementsAttr indptr, int64_t rows, int64_t nnz);

/// The first element of an integer array outside [min, max], as (flat index, value).
std::optional<std::pair<int64_t, int64_t>> findOutOfRange(mlir::ElementsAttr values, int64_t min,
                                                          int64_t max);

/// "[3, 4]" for diagnostics.
std::string formatShape(llvm::ArrayRef<int64_t> shape);

} // namespace gyrus
