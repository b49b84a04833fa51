#include "gyrus/Mapping/Fanout.h"

namespace gyrus::mapping {

Fanout Fanout::of(const MappingNetwork& network, std::span<const int32_t> core_of_neuron,
                  int32_t num_cores) {
  const int32_t neurons = network.num_neurons();
  Fanout fanout;
  fanout.indptr.assign(neurons + 1, 0);
  fanout.cores.reserve(neurons);
  fanout.synapses.reserve(neurons);
  // slot_of_core[c]: where core c sits in the current neuron's list, valid when
  // owner[c] is that neuron; saves clearing per neuron.
  std::vector<int64_t> slot_of_core(num_cores, 0);
  std::vector<int32_t> owner(num_cores, -1);
  for (int32_t n = 0; n < neurons; ++n) {
    for (int64_t s = network.out_indptr[n]; s < network.out_indptr[n + 1]; ++s) {
      const int32_t core = core_of_neuron[network.out_targets[s]];
      if (core < 0)
        continue;
      if (owner[core] != n) {
        owner[core] = n;
        slot_of_core[core] = static_cast<int64_t>(fanout.cores.size());
        fanout.cores.push_back(core);
        fanout.synapses.push_back(0);
      }
      ++fanout.synapses[slot_of_core[core]];
    }
    fanout.indptr[n + 1] = static_cast<int64_t>(fanout.cores.size());
  }
  return fanout;
}

} // namespace gyrus::mapping
