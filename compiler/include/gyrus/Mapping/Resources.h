// What each core of a partition uses of the chip's per-core limits, counted exactly as
// the chip dialect's verifier counts them (compiler/lib/Dialect/Chip/ChipVerifier.cpp).
#pragma once

#include "gyrus/Mapping/Network.h"
#include "targets/target_description.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace gyrus::mapping {

/// One core's resources.
/// - compartments: neurons on the core;
/// - in_axons: distinct source neurons (host inputs and the core's own neurons
///   included) with a synapse onto the core, one axon per (source, core);
/// - out_axons: over the core's neurons, the number of distinct destination cores of
///   each (its own core included when it targets it);
/// - synapse_bits: over the input axons, target::synapse_axon_bits of the axon's
///   synapses into the core, with the index bits of the core's largest compartment
///   index and the delay bits of the largest delay into the core.
struct CoreUsage {
  int32_t population = -1;
  int64_t compartments = 0;
  int64_t in_axons = 0;
  int64_t out_axons = 0;
  int64_t synapse_bits = 0;
  int64_t synapses = 0; ///< synapses into the core
  int index_bits = 0;
  int delay_bits = 0;
};

/// The resources of every core of a partition; `core_of_neuron` is -1 for neurons on
/// the host (input populations).
std::vector<CoreUsage> core_usage(const MappingNetwork& network,
                                  std::span<const int32_t> core_of_neuron, int32_t num_cores,
                                  const target::TargetDescription& target);

/// The first core over a limit, as a message naming the core, the limit and the
/// excess; nullopt when every core fits.
std::optional<std::string> find_limit_violation(std::span<const CoreUsage> usage,
                                                const target::TargetDescription& target);

/// Bits of synapse memory of `axon_synapses` (synapses per input axon) on a core of
/// `compartments` compartments whose largest delay is `max_delay`.
int64_t synapse_memory_bits(std::span<const int64_t> axon_synapses, int64_t compartments,
                            int64_t max_delay, const target::TargetDescription& target);

} // namespace gyrus::mapping
