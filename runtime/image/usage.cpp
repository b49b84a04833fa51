#include "runtime/image/usage.h"

#include <algorithm>

namespace gyrus::image {

int64_t synapse_memory_bits(const SynapseBlock& block, const target::CoreLimits& limits) {
  int64_t max_index = 0;
  int64_t max_delay = 0;
  for (const auto& axon : block.axons)
    for (const Synapse& synapse : axon) {
      max_index = std::max<int64_t>(max_index, synapse.compartment);
      max_delay = std::max<int64_t>(max_delay, synapse.delay);
    }
  const int index_bits = target::synapse_index_bits(limits.synapse_encoding, max_index);
  const int delay_bits = target::synapse_delay_bits(max_delay);
  int64_t bits = 0;
  for (const auto& axon : block.axons)
    bits += target::synapse_axon_bits(limits.synapse_encoding, static_cast<int64_t>(axon.size()),
                                      limits.weight_bits, delay_bits, index_bits);
  return bits;
}

CoreUsage core_usage(const Core& core, const target::CoreLimits& limits) {
  CoreUsage usage;
  usage.compartments = core.compartment_count();
  usage.in_axons = core.in_axon_count();
  for (const auto& row : core.axons)
    usage.out_axons += static_cast<int64_t>(row.size());
  for (const SynapseBlock& block : core.synapses) {
    for (const auto& axon : block.axons)
      usage.synapses += static_cast<int64_t>(axon.size());
    usage.synapse_bits += synapse_memory_bits(block, limits);
  }
  return usage;
}

} // namespace gyrus::image
