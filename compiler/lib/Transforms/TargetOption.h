//===- TargetOption.h - what the snn passes share about targets -*- C++ -*-===//
//
// Loading the `target` option, and the integer ranges that snn-quantize produces and
// snn-verify-target checks. docs/quantization.md explains the numbers.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "gyrus/Dialect/SNN/SNNDialect.h"
#include "gyrus/Transforms/TargetLoading.h"
#include "targets/target_description.h"

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>

namespace gyrus {

/// The largest weight mantissa magnitude with `weightBits` bits: 2^B - 1 when all
/// weights of a projection share a sign, 2^(B-1) - 1 when they mix signs (Loihi's
/// mixed sign mode spends a bit on the sign).
inline int64_t weightMantissaLimit(int weightBits, bool mixedSign) {
  return (int64_t{1} << (mixedSign ? weightBits - 1 : weightBits)) - 1;
}

/// weight_exp ranges: Loihi's [-7, 7] for cuba_lif (an increment of w * 2^(6 +
/// weight_exp)), [-24, 7] for the graded models, whose sigma accumulates exactly.
struct ExpRange {
  int min, max;
};
inline ExpRange weightExpRange(snn::NeuronModel targetModel) {
  return targetModel == snn::NeuronModel::CubaLif ? ExpRange{-7, 7} : ExpRange{-24, 7};
}

} // namespace gyrus
