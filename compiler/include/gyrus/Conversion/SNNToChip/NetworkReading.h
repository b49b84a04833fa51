//===- NetworkReading.h - what the back end reads off an snn.network -*- C++ -*-===//
//
// snn-partition and convert-snn-to-chip must see exactly the same synapses, or the
// partition's resource counts would not be the chip's. Both read projections through
// here: CSR over target neurons, dense or sparse alike, zero weights dropped (a zero
// weight, or a mantissa that rounded to zero, changes nothing on the chip).
//
//===----------------------------------------------------------------------===//

#pragma once

#include "gyrus/Dialect/SNN/SNNOps.h"
#include "mlir/Support/LogicalResult.h"

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace gyrus {

/// The synapses of one projection, grouped by target neuron: those of target t are
/// [indptr[t], indptr[t + 1]).
struct ProjectionSynapses {
  std::vector<int64_t> indptr;  ///< target size + 1 entries
  std::vector<int32_t> sources; ///< source neuron (in the source population) per synapse
  std::vector<double> weights;  ///< float weight, or integer mantissa, per synapse
  std::vector<int32_t> delays;  ///< empty (all 0), or extra timesteps per synapse

  int64_t size() const { return static_cast<int64_t>(sources.size()); }
  int32_t delay(int64_t synapse) const { return delays.empty() ? 0 : delays[synapse]; }
};

/// Reads `projection`'s nonzero synapses. Fails with an error on the projection when
/// its arrays cannot be read (elided or missing resource blobs).
mlir::FailureOr<ProjectionSynapses> readProjectionSynapses(snn::ProjectionOp projection,
                                                           int64_t sourceSize, int64_t targetSize);

/// The population's neuron positions, or an empty vector without them. Fails with an
/// error on the population when they cannot be read.
mlir::FailureOr<std::vector<std::array<float, 2>>> readPositions(snn::PopulationOp population);

} // namespace gyrus
