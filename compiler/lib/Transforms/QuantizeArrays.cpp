//===- QuantizeArrays.cpp - stream float arrays into integer arrays ---------===//

#include "QuantizeArrays.h"

#include "gyrus/Support/ElementsAccess.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include <limits>
#include <string>

using namespace mlir;

namespace gyrus {
namespace {

void accumulate(ArrayStats& stats, double value) {
  // std::max passes over a NaN (it compares false); keep it, so that maxAbs is not finite
  // and the array is refused as such.
  stats.maxAbs = std::isnan(value) ? value : std::max(stats.maxAbs, std::abs(value));
  stats.max = std::max(stats.max, value);
  stats.min = std::min(stats.min, value);
}

/// The mantissa of x under `rounding`; NaN (which the verifier lets through in
/// weights) ends up clipped like an out-of-range value.
int64_t roundClipped(double x, const Rounding& rounding, bool& clipped) {
  double scaled = std::round(x * rounding.factor);
  clipped =
      !(scaled >= static_cast<double>(rounding.lo) && scaled <= static_cast<double>(rounding.hi));
  if (!clipped)
    return static_cast<int64_t>(scaled);
  return scaled > 0 ? rounding.hi : rounding.lo;
}

template <typename T>
Attribute quantizeAs(ElementsAttr values, const Rounding& rounding, StringRef suffix,
                     ErrorStats& errors) {
  MLIRContext* context = values.getContext();
  auto type = RankedTensorType::get(values.getShapedType().getShape(),
                                    IntegerType::get(context, 8 * sizeof(T)));
  int64_t size = values.getNumElements();
  auto fill = [&](T* out) {
    visitFloats(values, [&](int64_t index, double x) {
      bool clipped = false;
      int64_t mantissa = roundClipped(x, rounding, clipped);
      out[index] = static_cast<T>(mantissa);
      errors.add(x, static_cast<double>(mantissa) / rounding.factor, clipped);
      return true;
    });
  };

  if (auto resource = dyn_cast<DenseResourceElementsAttr>(values)) {
    // Straight into the blob that the new attribute will own: no copy, no per-element
    // attributes, whatever the size.
    AsmResourceBlob blob = HeapAsmResourceBlob::allocate(size * sizeof(T), alignof(T));
    fill(reinterpret_cast<T*>(blob.getMutableData().data()));
    std::string name = (resource.getRawHandle().getKey() + suffix).str();
    return detail::DenseResourceElementsAttrBase<T>::get(type, name, std::move(blob));
  }
  auto dense = cast<DenseElementsAttr>(values);
  if (dense.isSplat()) {
    double x = dense.getSplatValue<APFloat>().convertToDouble();
    bool clipped = false;
    T mantissa = static_cast<T>(roundClipped(x, rounding, clipped));
    for (int64_t i = 0; i < size; ++i)
      errors.add(x, static_cast<double>(mantissa) / rounding.factor, clipped);
    return DenseElementsAttr::get(type, ArrayRef<T>(mantissa));
  }
  std::vector<T> buffer(size);
  fill(buffer.data());
  return DenseElementsAttr::get(type, ArrayRef<T>(buffer));
}

} // namespace

ArrayStats scanFloats(Attribute values) {
  ArrayStats stats;
  if (auto scalar = dyn_cast<FloatAttr>(values)) {
    accumulate(stats, scalar.getValueAsDouble());
    return stats;
  }
  visitFloats(cast<ElementsAttr>(values), [&](int64_t, double value) {
    accumulate(stats, value);
    return true;
  });
  return stats;
}

ArrayStats scanWeights(ElementsAttr weights, ElementsAttr indptr, std::vector<double>* rowSums) {
  if (!rowSums)
    return scanFloats(weights);
  ArrayStats stats;
  if (indptr) {
    std::vector<int64_t> rows = readIntegers(indptr).value_or(std::vector<int64_t>{});
    size_t row = 0;
    visitFloats(weights, [&](int64_t index, double value) {
      accumulate(stats, value);
      while (row + 1 < rows.size() && index >= rows[row + 1])
        ++row;
      if (row < rowSums->size())
        (*rowSums)[row] += std::abs(value);
      return true;
    });
    return stats;
  }
  int64_t cols = weights.getShapedType().getShape().back();
  visitFloats(weights, [&](int64_t index, double value) {
    accumulate(stats, value);
    (*rowSums)[index / cols] += std::abs(value);
    return true;
  });
  return stats;
}

void ErrorStats::merge(const ErrorStats& other) {
  sumSquares += other.sumSquares;
  sumSquaredError += other.sumSquaredError;
  maxAbsError = std::max(maxAbsError, other.maxAbsError);
  saturated += other.saturated;
}

double ErrorStats::relRms() const {
  return sumSquares > 0 ? std::sqrt(sumSquaredError / sumSquares) : 0.0;
}

Attribute quantizeFloats(Attribute values, const Rounding& rounding, unsigned bits,
                         StringRef suffix, ErrorStats& errors) {
  if (auto scalar = dyn_cast<FloatAttr>(values)) {
    double x = scalar.getValueAsDouble();
    bool clipped = false;
    int64_t mantissa = roundClipped(x, rounding, clipped);
    errors.add(x, static_cast<double>(mantissa) / rounding.factor, clipped);
    return IntegerAttr::get(IntegerType::get(values.getContext(), 64), mantissa);
  }
  auto array = cast<ElementsAttr>(values);
  switch (bits) {
  case 8:
    return quantizeAs<int8_t>(array, rounding, suffix, errors);
  case 16:
    return quantizeAs<int16_t>(array, rounding, suffix, errors);
  case 32:
    return quantizeAs<int32_t>(array, rounding, suffix, errors);
  default:
    return quantizeAs<int64_t>(array, rounding, suffix, errors);
  }
}

unsigned storageBits(int64_t limit) {
  if (limit <= std::numeric_limits<int8_t>::max())
    return 8;
  if (limit <= std::numeric_limits<int16_t>::max())
    return 16;
  if (limit <= std::numeric_limits<int32_t>::max())
    return 32;
  return 64;
}

} // namespace gyrus
