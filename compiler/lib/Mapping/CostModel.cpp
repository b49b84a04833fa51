#include "gyrus/Mapping/CostModel.h"

#include "gyrus/Mapping/Fanout.h"

#include <algorithm>
#include <cmath>

namespace gyrus::mapping {

CostReport evaluate(const MappingNetwork& network, const PartitionResult& partition,
                    const PlacementResult& placement, const target::TargetDescription& target,
                    std::span<const double> rates) {
  auto rate = [&](int32_t neuron) { return rates.empty() ? 1.0 : rates[neuron]; };
  const std::vector<int32_t>& core_of = partition.core_of_neuron;
  const std::vector<CoreCoord>& coord = placement.coord_of_core;
  CostReport report;
  report.cores_used = partition.num_cores();
  report.usage = core_usage(network, core_of, partition.num_cores(), target);

  // Positions per neuron (null where its population has none).
  std::vector<const Position*> position(network.num_neurons(), nullptr);
  for (const Population& population : network.populations)
    if (population.has_positions())
      for (int32_t i = 0; i < population.count; ++i)
        position[population.first + i] = &population.positions[i];

  std::vector<double> synaptic_ops(partition.num_cores(), 0.0);
  for (int32_t source = 0; source < network.num_neurons(); ++source)
    for (int64_t s = network.out_indptr[source]; s < network.out_indptr[source + 1]; ++s) {
      const int32_t target_neuron = network.out_targets[s];
      const float weight = network.out_weights[s];
      if (position[source] && position[target_neuron]) {
        const Position& a = *position[source];
        const Position& b = *position[target_neuron];
        report.neuron_wiring += weight * (std::fabs(a[0] - b[0]) + std::fabs(a[1] - b[1]));
      }
      const int32_t to = core_of[target_neuron];
      synaptic_ops[to] += rate(source);
      if (const int32_t from = core_of[source]; from >= 0)
        report.core_wiring +=
            weight * static_cast<double>(hops(target.mesh, coord[from], coord[to]));
    }
  if (!synaptic_ops.empty())
    report.max_core_synaptic_ops_per_step =
        *std::max_element(synaptic_ops.begin(), synaptic_ops.end());

  const Fanout fanout = Fanout::of(network, core_of, partition.num_cores());
  for (int32_t n = 0; n < network.num_neurons(); ++n) {
    const int32_t own = core_of[n];
    for (int64_t k = fanout.indptr[n]; k < fanout.indptr[n + 1]; ++k) {
      const int32_t destination = fanout.cores[k];
      if (own < 0) {
        report.host_packets_per_step += rate(n);
      } else if (destination != own) {
        report.packets_per_step += rate(n);
        report.spike_hops_per_step +=
            rate(n) * static_cast<double>(hops(target.mesh, coord[own], coord[destination]));
      }
    }
  }

  const LinkLoads loads = link_loads(network, partition, placement, target, rates);
  report.max_link_flits_per_step = loads.max();
  report.mean_link_flits_per_step = loads.mean();
  return report;
}

} // namespace gyrus::mapping
