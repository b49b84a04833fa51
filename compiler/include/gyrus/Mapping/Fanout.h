// Which cores each neuron's spikes go to. Loihi sends one packet per (source neuron,
// destination core) and the destination copies it to its local targets, so this
// hyperedge view is what axons, packets and link loads are counted from.
#pragma once

#include "gyrus/Mapping/Network.h"

#include <cstdint>
#include <span>
#include <vector>

namespace gyrus::mapping {

/// For every neuron, its distinct destination cores (in order of first synapse) and
/// how many of its synapses land on each: the destinations of neuron n are
/// [indptr[n], indptr[n + 1]). Synapses onto neurons without a core (core -1) are
/// skipped.
struct Fanout {
  std::vector<int64_t> indptr;
  std::vector<int32_t> cores;
  std::vector<int32_t> synapses;

  int64_t destinations(int32_t neuron) const { return indptr[neuron + 1] - indptr[neuron]; }

  static Fanout of(const MappingNetwork& network, std::span<const int32_t> core_of_neuron,
                   int32_t num_cores);
};

} // namespace gyrus::mapping
