//===- NetworkReading.cpp - projections and positions as plain arrays -------===//

#include "gyrus/Conversion/SNNToChip/NetworkReading.h"

#include "gyrus/Support/ElementsAccess.h"
#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;

namespace gyrus {

/// Visits the values of a float or integer array as doubles (mantissas up to 2^53 are
/// exact).
static bool visitNumbers(ElementsAttr values, llvm::function_ref<bool(int64_t, double)> visit) {
  if (isa<IntegerType>(values.getElementType()))
    return visitIntegers(values,
                         [&](int64_t i, int64_t v) { return visit(i, static_cast<double>(v)); });
  return visitFloats(values, visit);
}

FailureOr<ProjectionSynapses> readProjectionSynapses(snn::ProjectionOp projection,
                                                     int64_t sourceSize, int64_t targetSize) {
  auto unreadable = [&](StringRef what) {
    return projection.emitError() << "projection @" << projection.getSymName() << ": the values of "
                                  << what << " are not available (elided or missing resource blob)";
  };
  // Delays: one for the whole projection, or an array shaped like the weights.
  std::optional<std::vector<int64_t>> delayArray;
  int64_t uniformDelay = 0;
  if (std::optional<Attribute> delays = projection.getDelays()) {
    if (auto uniform = dyn_cast<IntegerAttr>(*delays)) {
      uniformDelay = uniform.getInt();
    } else {
      delayArray = readIntegers(cast<ElementsAttr>(*delays));
      if (!delayArray)
        return unreadable("delays");
    }
  }
  bool anyDelays = uniformDelay != 0 || delayArray;

  ProjectionSynapses result;
  result.indptr.assign(targetSize + 1, 0);
  auto add = [&](int64_t flat, int64_t source, double weight) {
    if (weight == 0)
      return;
    result.sources.push_back(static_cast<int32_t>(source));
    result.weights.push_back(weight);
    if (anyDelays)
      result.delays.push_back(
          static_cast<int32_t>(delayArray ? (*delayArray)[flat] : uniformDelay));
  };

  ElementsAttr weights = projection.getWeights();
  if (!projection.isSparse()) {
    // Row-major [target, source]: rows arrive in order, so CSR falls out directly.
    bool read = visitNumbers(weights, [&](int64_t flat, double weight) {
      add(flat, flat % sourceSize, weight);
      result.indptr[flat / sourceSize + 1] = static_cast<int64_t>(result.sources.size());
      return true;
    });
    if (!read)
      return unreadable("its weights");
    for (int64_t t = 0; t < targetSize; ++t) // rows without any element keep their start
      result.indptr[t + 1] = std::max(result.indptr[t + 1], result.indptr[t]);
    return result;
  }

  std::optional<std::vector<int64_t>> indptr = readIntegers(*projection.getIndptr());
  std::optional<std::vector<int64_t>> indices = readIntegers(*projection.getIndices());
  if (!indptr || !indices)
    return unreadable("indptr and indices");
  std::vector<double> values(indices->size());
  if (!visitNumbers(weights, [&](int64_t i, double w) {
        values[i] = w;
        return true;
      }))
    return unreadable("its weights");
  for (int64_t t = 0; t < targetSize; ++t) {
    for (int64_t k = (*indptr)[t]; k < (*indptr)[t + 1]; ++k)
      add(k, (*indices)[k], values[k]);
    result.indptr[t + 1] = static_cast<int64_t>(result.sources.size());
  }
  return result;
}

FailureOr<std::vector<std::array<float, 2>>> readPositions(snn::PopulationOp population) {
  std::vector<std::array<float, 2>> positions;
  std::optional<ElementsAttr> attr = population.getPositions();
  if (!attr)
    return positions;
  positions.resize(population.getSize());
  if (!visitFloats(*attr, [&](int64_t i, double v) {
        positions[i / 2][i % 2] = static_cast<float>(v);
        return true;
      }))
    return population.emitError() << "population @" << population.getSymName()
                                  << ": the values of its positions are not available";
  return positions;
}

} // namespace gyrus
