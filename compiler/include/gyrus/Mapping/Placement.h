// Placement: cores -> mesh coordinates (chip, tile x, tile y, slot in the tile).
#pragma once

#include "gyrus/Mapping/Network.h"
#include "gyrus/Mapping/Partition.h"
#include "gyrus/Mapping/Routing.h"
#include "targets/target_description.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gyrus::mapping {

enum class PlacementStrategy {
  spatial, ///< each core nearest its neurons' centroid, scaled to the mesh
  linear,  ///< core i in the i-th slot in row-major order
  random,  ///< seeded random slots
  hilbert, ///< cores in partition order along a Hilbert curve of the mesh
  anneal,  ///< simulated annealing of traffic-weighted hops from another strategy
};

std::string_view to_string(PlacementStrategy strategy);
PlacementStrategy parse_placement_strategy(std::string_view name);

struct PlacementOptions {
  PlacementStrategy strategy = PlacementStrategy::spatial;
  uint64_t seed = 0;
  /// anneal: the strategy it starts from and its budget (see PartitionOptions).
  PlacementStrategy anneal_start = PlacementStrategy::spatial;
  int64_t anneal_iterations = 100'000;
  double anneal_time_budget_s = 0;
};

struct PlacementResult {
  std::vector<CoreCoord> coord_of_core;
  std::string error; ///< empty on success

  bool ok() const { return error.empty(); }
};

/// Slot `index` in row-major order: chip by chip, then rows (y), then columns (x), then
/// the cores of a tile.
CoreCoord slot_coord(const target::Mesh& mesh, int64_t index);

/// Places the cores of `partition` (which must be ok()). Fails when the target has
/// fewer cores. `rates` (spikes per step per neuron; empty = 1) weigh the traffic that
/// spatial (for cores without positions) and anneal use.
PlacementResult place(const MappingNetwork& network, const PartitionResult& partition,
                      const target::TargetDescription& target, const PlacementOptions& options,
                      std::span<const double> rates = {});

} // namespace gyrus::mapping
