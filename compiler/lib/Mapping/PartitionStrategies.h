// The partition strategies that need more than an order of the neurons. Each returns
// segments (ordered neuron lists) that fill_cores turns into cores, spilling a segment
// onto further cores where it breaks a limit; anneal refines finished cores.
#pragma once

#include "CoreFill.h"
#include "gyrus/Mapping/Network.h"
#include "gyrus/Mapping/Partition.h"

#include <cstdint>
#include <span>
#include <vector>

namespace gyrus::mapping {

/// Compact spatial tiles of population `population` by recursive bisection (see
/// SpatialPartition.cpp); one segment in index order when it has no positions.
std::vector<std::vector<int32_t>> spatial_segments(const MappingNetwork& network,
                                                   int32_t population, CoreAccumulator& core);

/// METIS k-way parts of the population's symmetrised synapse graph, `parts` of them,
/// each in Hilbert order (index order without positions).
std::vector<std::vector<int32_t>> metis_segments(const MappingNetwork& network, int32_t population,
                                                 int64_t parts, int64_t max_part_size,
                                                 uint64_t seed);

/// Simulated annealing of `groups` (moves and swaps of neurons between cores of one
/// population) to fewer inter-core packets, never breaking a limit. Cores may end
/// empty.
void anneal_partition(const MappingNetwork& network, const IncomingSynapses& incoming,
                      const target::TargetDescription& target, const PartitionOptions& options,
                      std::span<const double> rates, CoreGroups& groups);

} // namespace gyrus::mapping
