// How much of a core's capacity an image uses, counted the way the loader checks it: the
// numbers `gyrus inspect` prints against each per-core limit of the target.
#pragma once

#include "runtime/image/image.h"

#include <cstdint>

namespace gyrus::image {

/// Synapse-memory bits of one block in the target's encoding (nengo-loihi's count, as
/// targets/synapse_encoding.h): index bits from the block's largest compartment, delay
/// bits from its largest delay.
int64_t synapse_memory_bits(const SynapseBlock& block, const target::CoreLimits& limits);

struct CoreUsage {
  int64_t compartments = 0; ///< compartments in use (the end of the last group)
  int64_t in_axons = 0;     ///< input axons in use (the end of the last synapse block)
  int64_t out_axons = 0;    ///< entries of the output axon table
  int64_t synapses = 0;
  int64_t synapse_bits = 0;
};

CoreUsage core_usage(const Core& core, const target::CoreLimits& limits);

} // namespace gyrus::image
