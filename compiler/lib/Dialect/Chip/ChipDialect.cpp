//===- ChipDialect.cpp - the chip dialect and its attributes ----------------===//

#include "gyrus/Dialect/Chip/ChipDialect.h"

#include "gyrus/Dialect/Chip/ChipOps.h"
#include "mlir/IR/Builders.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace gyrus::chip;

#include "gyrus/Dialect/Chip/ChipOpsDialect.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "gyrus/Dialect/Chip/ChipAttrs.cpp.inc"

void ChipDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "gyrus/Dialect/Chip/ChipOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "gyrus/Dialect/Chip/ChipAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// Attribute verifiers
//===----------------------------------------------------------------------===//

/// Fails with "<name> must be in [min, max], not <value>" unless min <= value <= max.
static LogicalResult checkRange(function_ref<InFlightDiagnostic()> emitError, StringRef name,
                                int64_t value, int64_t min, int64_t max) {
  if (value >= min && value <= max)
    return success();
  InFlightDiagnostic diag = emitError() << name << " must be ";
  if (max == std::numeric_limits<int64_t>::max())
    diag << "at least " << min;
  else
    diag << "in [" << min << ", " << max << "]";
  return diag << ", not " << value;
}

static constexpr int64_t kUnbounded = std::numeric_limits<int64_t>::max();

LogicalResult MeshAttr::verify(function_ref<InFlightDiagnostic()> emitError, int64_t cols,
                               int64_t rows, int64_t coresPerTile, int64_t chips) {
  return success(
      succeeded(checkRange(emitError, "mesh cols", cols, 1, kUnbounded)) &&
      succeeded(checkRange(emitError, "mesh rows", rows, 1, kUnbounded)) &&
      succeeded(checkRange(emitError, "mesh cores_per_tile", coresPerTile, 1, kUnbounded)) &&
      succeeded(checkRange(emitError, "mesh chips", chips, 1, kUnbounded)));
}

LogicalResult CoreLimitsAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                     int64_t compartments, int64_t inAxons, int64_t outAxons,
                                     int64_t synapseBits, int64_t weightBits, int64_t delayBits) {
  // Weights and delays are stored in at most 32-bit integers by the image.
  return success(succeeded(checkRange(emitError, "compartments", compartments, 1, kUnbounded)) &&
                 succeeded(checkRange(emitError, "in_axons", inAxons, 1, kUnbounded)) &&
                 succeeded(checkRange(emitError, "out_axons", outAxons, 1, kUnbounded)) &&
                 succeeded(checkRange(emitError, "synapse_bits", synapseBits, 1, kUnbounded)) &&
                 succeeded(checkRange(emitError, "weight_bits", weightBits, 1, 31)) &&
                 succeeded(checkRange(emitError, "delay_bits", delayBits, 0, 31)));
}

LogicalResult SynapseEncodingAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                          int64_t wordBits, int64_t groupSize,
                                          int64_t groupHeaderBits, int64_t minIndexBits) {
  return success(succeeded(checkRange(emitError, "word_bits", wordBits, 1, 4096)) &&
                 succeeded(checkRange(emitError, "group_size", groupSize, 1, kUnbounded)) &&
                 succeeded(checkRange(emitError, "group_header_bits", groupHeaderBits, 0, 4096)) &&
                 succeeded(checkRange(emitError, "min_index_bits", minIndexBits, 0, 63)));
}

LogicalResult CoordAttr::verify(function_ref<InFlightDiagnostic()> emitError, int64_t chip,
                                int64_t x, int64_t y, int64_t core) {
  return success(succeeded(checkRange(emitError, "coord chip", chip, 0, kUnbounded)) &&
                 succeeded(checkRange(emitError, "coord x", x, 0, kUnbounded)) &&
                 succeeded(checkRange(emitError, "coord y", y, 0, kUnbounded)) &&
                 succeeded(checkRange(emitError, "coord core", core, 0, kUnbounded)));
}
