// The cost model every strategy is compared under (docs/mapping.md has the equations).
#pragma once

#include "gyrus/Mapping/Network.h"
#include "gyrus/Mapping/Partition.h"
#include "gyrus/Mapping/Placement.h"
#include "gyrus/Mapping/Resources.h"
#include "targets/target_description.h"

#include <cstdint>
#include <span>
#include <vector>

namespace gyrus::mapping {

/// Rates are spikes per step per neuron (empty = 1 each). A packet is one spike of one
/// on-chip neuron to one destination core other than its own (the hyperedge model:
/// a core copies an arriving packet to all its local targets; spikes to the own core
/// never enter the mesh).
struct CostReport {
  int32_t cores_used = 0;
  /// Σ|w|·(|Δx| + |Δy|) over synapses whose two neurons have positions (BIMT's
  /// wiring cost, Manhattan as in docs/bimt.md).
  double neuron_wiring = 0;
  /// Σ|w|·hops between the tiles of the two neurons' cores (on-chip synapses).
  double core_wiring = 0;
  double packets_per_step = 0;
  /// Packets from host inputs into the mesh (one per input spike and destination core).
  double host_packets_per_step = 0;
  /// Σ packets · hops.
  double spike_hops_per_step = 0;
  double max_link_flits_per_step = 0;
  double mean_link_flits_per_step = 0;
  /// The busiest core's synaptic operations per step (Σ rate of each synapse's source).
  double max_core_synaptic_ops_per_step = 0;
  std::vector<CoreUsage> usage;
};

CostReport evaluate(const MappingNetwork& network, const PartitionResult& partition,
                    const PlacementResult& placement, const target::TargetDescription& target,
                    std::span<const double> rates = {});

} // namespace gyrus::mapping
