//===- QuantizeArrays.h - stream float arrays into integer arrays -*- C++ -*-===//
//
// snn-quantize's array work, kept apart from its choices of scale: statistics of a
// float array in one pass, and the rounding of a float array into a new integer array
// in a second one, written straight into a resource blob (or an inline dense array if
// the input was inline). Nothing is materialised per element but the output.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "mlir/IR/BuiltinAttributes.h"

#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace gyrus {

/// Magnitude and signs of a float array.
struct ArrayStats {
  double maxAbs = 0;
  double max = 0; ///< largest value, or 0 if all are negative
  double min = 0; ///< smallest value, or 0 if all are positive
  bool mixedSign() const { return max > 0 && min < 0; }
  bool allZero() const { return maxAbs == 0; }
};

/// Statistics of a float array (elements) or of a scalar FloatAttr.
ArrayStats scanFloats(mlir::Attribute values);

/// Statistics of a projection's float weights; with `rowSums` (one per target neuron),
/// also adds each |w| to its row's sum, for dense [rows, cols] weights or, when
/// `indptr` is given, CSR ones.
ArrayStats scanWeights(mlir::ElementsAttr weights, mlir::ElementsAttr indptr,
                       std::vector<double>* rowSums);

/// How the float values compare with their quantized versions.
struct ErrorStats {
  double sumSquares = 0;      ///< Σ x²
  double sumSquaredError = 0; ///< Σ (x − x̂)²
  double maxAbsError = 0;
  int64_t saturated = 0;
  void add(double exact, double quantized, bool clipped) {
    double error = exact - quantized;
    sumSquares += exact * exact;
    sumSquaredError += error * error;
    maxAbsError = std::max(maxAbsError, std::abs(error));
    saturated += clipped;
  }
  void merge(const ErrorStats& other);
  /// sqrt(Σ(x − x̂)² / Σx²); 0 when every x is 0 (then x̂ is exact too).
  double relRms() const;
};

/// Rounds x * factor to the nearest integer (half away from zero), clipped to [lo,
/// hi]. The quantized value is mantissa / factor.
struct Rounding {
  double factor;
  int64_t lo, hi;
};

/// Quantizes a float array (elements or a scalar FloatAttr) with `rounding` into an
/// integer array of `bits` (8, 16, 32 or 64) bits shaped like it: a dense_resource
/// named after the input's blob plus `suffix` if the input is one, else an inline
/// dense array; a scalar becomes an i64 IntegerAttr. Errors accumulate in `errors`.
mlir::Attribute quantizeFloats(mlir::Attribute values, const Rounding& rounding, unsigned bits,
                               llvm::StringRef suffix, ErrorStats& errors);

/// The narrowest of i8, i16, i32, i64 holding [-limit, limit].
unsigned storageBits(int64_t limit);

} // namespace gyrus
