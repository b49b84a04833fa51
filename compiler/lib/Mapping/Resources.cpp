#include "gyrus/Mapping/Resources.h"

#include "gyrus/Mapping/Fanout.h"
#include "targets/synapse_encoding.h"

#include <algorithm>

namespace gyrus::mapping {

std::vector<CoreUsage> core_usage(const MappingNetwork& network,
                                  std::span<const int32_t> core_of_neuron, int32_t num_cores,
                                  const target::TargetDescription& target) {
  const target::CoreLimits& limits = target.core;
  std::vector<CoreUsage> usage(num_cores);
  std::vector<int64_t> max_delay(num_cores, 0);
  const std::vector<int32_t> population = network.population_of_neurons();
  for (int32_t n = 0; n < network.num_neurons(); ++n)
    if (const int32_t core = core_of_neuron[n]; core >= 0) {
      ++usage[core].compartments;
      usage[core].population = population[n];
    }
  if (network.has_delays())
    for (int32_t n = 0; n < network.num_neurons(); ++n)
      for (int64_t s = network.out_indptr[n]; s < network.out_indptr[n + 1]; ++s)
        if (const int32_t core = core_of_neuron[network.out_targets[s]]; core >= 0)
          max_delay[core] = std::max<int64_t>(max_delay[core], network.out_delays[s]);
  for (int32_t core = 0; core < num_cores; ++core) {
    // The largest compartment index on a core of c compartments is c - 1.
    usage[core].index_bits =
        target::synapse_index_bits(limits.synapse_encoding, usage[core].compartments - 1);
    usage[core].delay_bits = target::synapse_delay_bits(max_delay[core]);
  }
  const Fanout fanout = Fanout::of(network, core_of_neuron, num_cores);
  for (int32_t n = 0; n < network.num_neurons(); ++n) {
    const int32_t own = core_of_neuron[n];
    if (own >= 0)
      usage[own].out_axons += fanout.destinations(n);
    for (int64_t k = fanout.indptr[n]; k < fanout.indptr[n + 1]; ++k) {
      CoreUsage& destination = usage[fanout.cores[k]];
      ++destination.in_axons;
      destination.synapses += fanout.synapses[k];
      destination.synapse_bits +=
          target::synapse_axon_bits(limits.synapse_encoding, fanout.synapses[k], limits.weight_bits,
                                    destination.delay_bits, destination.index_bits);
    }
  }
  return usage;
}

std::optional<std::string> find_limit_violation(std::span<const CoreUsage> usage,
                                                const target::TargetDescription& target) {
  const target::CoreLimits& limits = target.core;
  for (size_t core = 0; core < usage.size(); ++core) {
    const CoreUsage& used = usage[core];
    const std::pair<const char*, std::pair<int64_t, int64_t>> checks[] = {
        {"compartments", {used.compartments, limits.compartments}},
        {"input axons", {used.in_axons, limits.in_axons}},
        {"output axons", {used.out_axons, limits.out_axons}},
        {"bits of synapse memory", {used.synapse_bits, limits.synapse_bits}},
    };
    for (const auto& [resource, amounts] : checks)
      if (amounts.first > amounts.second)
        return "core " + std::to_string(core) + " uses " + std::to_string(amounts.first) + " " +
               resource + ", over the limit of " + std::to_string(amounts.second) + " of target '" +
               target.name + "' by " + std::to_string(amounts.first - amounts.second);
    if (used.delay_bits > limits.delay_bits)
      return "core " + std::to_string(core) + " needs " + std::to_string(used.delay_bits) +
             " delay bits, over the limit of " + std::to_string(limits.delay_bits) +
             " of target '" + target.name + "' by " +
             std::to_string(used.delay_bits - limits.delay_bits);
  }
  return std::nullopt;
}

int64_t synapse_memory_bits(std::span<const int64_t> axon_synapses, int64_t compartments,
                            int64_t max_delay, const target::TargetDescription& target) {
  const target::CoreLimits& limits = target.core;
  const int index_bits = target::synapse_index_bits(limits.synapse_encoding, compartments - 1);
  const int delay_bits = target::synapse_delay_bits(max_delay);
  int64_t bits = 0;
  for (int64_t synapses : axon_synapses)
    bits += target::synapse_axon_bits(limits.synapse_encoding, synapses, limits.weight_bits,
                                      delay_bits, index_bits);
  return bits;
}

} // namespace gyrus::mapping
