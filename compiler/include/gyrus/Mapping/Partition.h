// Partition: neurons -> cores, every core within every per-core limit of the target.
// Each core holds neurons of one population only: a Loihi core is configured for one
// neuron model (and one set of model registers), so mixing populations on a core is
// not generally possible; keeping them apart is the simple, realistic rule.
#pragma once

#include "gyrus/Mapping/Network.h"
#include "targets/target_description.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gyrus::mapping {

enum class PartitionStrategy {
  spatial, ///< compact tiles of the neuron positions by recursive bisection
  linear,  ///< fill cores in index order (Lava, nengo-loihi)
  random,  ///< fill cores in a seeded random order
  hilbert, ///< fill cores along a Hilbert curve of the positions
  metis,   ///< METIS k-way partition of the spike-traffic graph, then repaired
  anneal,  ///< simulated annealing of inter-core packets from another strategy
};

/// "spatial", "linear", ...; parse_partition_strategy throws MappingError on others.
std::string_view to_string(PartitionStrategy strategy);
PartitionStrategy parse_partition_strategy(std::string_view name);

struct PartitionOptions {
  PartitionStrategy strategy = PartitionStrategy::spatial;
  uint64_t seed = 0;
  /// Spread the network over at least this many cores (the largest cores are split):
  /// fewer synaptic ops per core shorten a timestep.
  int32_t min_cores = 0;
  /// anneal: the strategy it starts from, and its budget. The iteration budget makes
  /// the result deterministic; the time budget (0 = none) is a safety cap that stops
  /// early, and then the result depends on the machine's speed.
  PartitionStrategy anneal_start = PartitionStrategy::spatial;
  int64_t anneal_iterations = 200'000;
  double anneal_time_budget_s = 0;
};

/// Neurons of input populations are on the host: their core is -1.
struct PartitionResult {
  std::vector<int32_t> core_of_neuron;
  std::vector<int32_t> population_of_core;
  /// Empty on success; otherwise why the network does not fit (nothing else is set).
  std::string error;

  bool ok() const { return error.empty(); }
  int32_t num_cores() const { return static_cast<int32_t>(population_of_core.size()); }
};

/// Partitions `network` for `target`. Throws MappingError for a malformed network;
/// returns an error when a population's neuron model is not supported, a neuron does
/// not fit on an empty core, or the network needs more cores than the target has.
/// `rates` (spikes per step per neuron; empty = 1) weigh the anneal's objective.
PartitionResult partition(const MappingNetwork& network, const target::TargetDescription& target,
                          const PartitionOptions& options, std::span<const double> rates = {});

} // namespace gyrus::mapping
