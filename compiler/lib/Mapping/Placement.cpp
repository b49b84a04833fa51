// Placement strategies. Slots are numbered row-major (slot_coord); spatial and anneal
// work on the core traffic graph: packets per step between every two cores, both
// directions summed.
#include "gyrus/Mapping/Placement.h"

#include "Annealing.h"
#include "Hilbert.h"
#include "Random.h"
#include "gyrus/Mapping/Fanout.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>

namespace gyrus::mapping {

namespace {

constexpr std::pair<PlacementStrategy, std::string_view> kStrategyNames[] = {
    {PlacementStrategy::spatial, "spatial"}, {PlacementStrategy::linear, "linear"},
    {PlacementStrategy::random, "random"},   {PlacementStrategy::hilbert, "hilbert"},
    {PlacementStrategy::anneal, "anneal"},
};

/// Packets per step between cores, symmetrised: neighbours of core c are
/// [indptr[c], indptr[c + 1]).
struct CoreTraffic {
  std::vector<int64_t> indptr;
  std::vector<int32_t> cores;
  std::vector<double> packets;
};

CoreTraffic core_traffic(const MappingNetwork& network, const PartitionResult& partition,
                         std::span<const double> rates) {
  const int32_t num_cores = partition.num_cores();
  const Fanout fanout = Fanout::of(network, partition.core_of_neuron, num_cores);
  std::vector<std::tuple<int32_t, int32_t, double>> pairs;
  for (int32_t n = 0; n < network.num_neurons(); ++n) {
    const int32_t own = partition.core_of_neuron[n];
    if (own < 0)
      continue;
    const double rate = rates.empty() ? 1.0 : rates[n];
    for (int64_t k = fanout.indptr[n]; k < fanout.indptr[n + 1]; ++k)
      if (fanout.cores[k] != own) {
        pairs.emplace_back(own, fanout.cores[k], rate);
        pairs.emplace_back(fanout.cores[k], own, rate);
      }
  }
  std::sort(pairs.begin(), pairs.end());
  CoreTraffic traffic;
  traffic.indptr.assign(num_cores + 1, 0);
  for (size_t i = 0; i < pairs.size(); ++i) {
    const auto& [from, to, packets] = pairs[i];
    if (i > 0 && std::get<0>(pairs[i - 1]) == from && std::get<1>(pairs[i - 1]) == to) {
      traffic.packets.back() += packets;
      continue;
    }
    traffic.cores.push_back(to);
    traffic.packets.push_back(packets);
    ++traffic.indptr[from + 1];
  }
  for (int32_t c = 0; c < num_cores; ++c)
    traffic.indptr[c + 1] += traffic.indptr[c];
  return traffic;
}

std::vector<CoreCoord> all_slots(const target::Mesh& mesh) {
  std::vector<CoreCoord> slots(mesh.cores());
  for (int64_t i = 0; i < mesh.cores(); ++i)
    slots[i] = slot_coord(mesh, i);
  return slots;
}

/// Slots in the order of a Hilbert curve over the wide mesh, tile by tile.
std::vector<CoreCoord> hilbert_slots(const target::Mesh& mesh) {
  const int64_t columns = mesh.chips * mesh.cols;
  int order = 0;
  while ((int64_t{1} << order) < std::max(columns, mesh.rows))
    ++order;
  std::vector<std::pair<uint64_t, int64_t>> tiles; // (curve index, column * rows + row)
  for (int64_t column = 0; column < columns; ++column)
    for (int64_t row = 0; row < mesh.rows; ++row)
      tiles.emplace_back(
          hilbert_index(static_cast<uint32_t>(column), static_cast<uint32_t>(row), order),
          column * mesh.rows + row);
  std::sort(tiles.begin(), tiles.end());
  std::vector<CoreCoord> slots;
  for (const auto& [key, tile] : tiles) {
    const int64_t column = tile / mesh.rows, row = tile % mesh.rows;
    for (int64_t slot = 0; slot < mesh.cores_per_tile; ++slot)
      slots.push_back({static_cast<int32_t>(column / mesh.cols),
                       static_cast<int32_t>(column % mesh.cols), static_cast<int32_t>(row),
                       static_cast<int32_t>(slot)});
  }
  return slots;
}

/// Spatial placement: the positioned neurons' bounding box is scaled onto the smallest
/// block of tiles (from the mesh's corner, with the box's aspect ratio) that holds the
/// cores, so that cores do not spread over an emptier mesh than they need. Each core
/// goes to the free slot nearest its centroid, cores in index order; cores without
/// positions follow, nearest the traffic-weighted mean of their placed partners.
std::vector<CoreCoord> spatial_slots(const MappingNetwork& network,
                                     const PartitionResult& partition, const target::Mesh& mesh,
                                     const CoreTraffic& traffic) {
  const int32_t num_cores = partition.num_cores();
  std::vector<double> sum_x(num_cores, 0), sum_y(num_cores, 0), count(num_cores, 0);
  double low[2] = {std::numeric_limits<double>::max(), std::numeric_limits<double>::max()};
  double high[2] = {std::numeric_limits<double>::lowest(), std::numeric_limits<double>::lowest()};
  for (const Population& population : network.populations) {
    if (population.is_input || !population.has_positions())
      continue;
    for (int32_t i = 0; i < population.count; ++i) {
      const int32_t core = partition.core_of_neuron[population.first + i];
      const Position& p = population.positions[i];
      sum_x[core] += p[0];
      sum_y[core] += p[1];
      ++count[core];
      for (int axis = 0; axis < 2; ++axis) {
        low[axis] = std::min<double>(low[axis], p[axis]);
        high[axis] = std::max<double>(high[axis], p[axis]);
      }
    }
  }
  const int64_t columns = mesh.chips * mesh.cols;
  const int64_t tiles_needed = (num_cores + mesh.cores_per_tile - 1) / mesh.cores_per_tile;
  const double width = std::max(high[0] - low[0], 1e-9), height = std::max(high[1] - low[1], 1e-9);
  int64_t rows =
      std::clamp<int64_t>(std::llround(std::sqrt(tiles_needed * height / width)), 1, mesh.rows);
  int64_t cols = std::min(columns, (tiles_needed + rows - 1) / rows);
  rows = std::min(mesh.rows, (tiles_needed + cols - 1) / cols);

  std::vector<CoreCoord> coord(num_cores);
  std::vector<int32_t> used(columns * mesh.rows, 0);        // cores placed per tile
  std::vector<double> tile_x(num_cores), tile_y(num_cores); // where each core went
  auto place_near = [&](int32_t core, double x, double y) {
    int64_t best = -1;
    double best_distance = std::numeric_limits<double>::max();
    for (int64_t column = 0; column < columns; ++column)
      for (int64_t row = 0; row < mesh.rows; ++row) {
        if (used[column * mesh.rows + row] >= mesh.cores_per_tile)
          continue;
        const double distance = std::fabs(column + 0.5 - x) + std::fabs(row + 0.5 - y);
        if (distance < best_distance) {
          best_distance = distance;
          best = column * mesh.rows + row;
        }
      }
    const int64_t column = best / mesh.rows, row = best % mesh.rows;
    coord[core] = {static_cast<int32_t>(column / mesh.cols),
                   static_cast<int32_t>(column % mesh.cols), static_cast<int32_t>(row),
                   used[best]++};
    tile_x[core] = column + 0.5;
    tile_y[core] = row + 0.5;
  };
  std::vector<bool> placed(num_cores, false);
  for (int32_t core = 0; core < num_cores; ++core)
    if (count[core] > 0) {
      const double x = (sum_x[core] / count[core] - low[0]) / width * cols;
      const double y = (sum_y[core] / count[core] - low[1]) / height * rows;
      place_near(core, std::min(x, cols - 0.5), std::min(y, rows - 0.5));
      placed[core] = true;
    }
  for (int32_t core = 0; core < num_cores; ++core) {
    if (placed[core])
      continue;
    double x = 0, y = 0, weight = 0;
    for (int64_t k = traffic.indptr[core]; k < traffic.indptr[core + 1]; ++k)
      if (placed[traffic.cores[k]]) {
        x += traffic.packets[k] * tile_x[traffic.cores[k]];
        y += traffic.packets[k] * tile_y[traffic.cores[k]];
        weight += traffic.packets[k];
      }
    if (weight > 0)
      place_near(core, x / weight, y / weight);
    else
      place_near(core, 0, 0);
    placed[core] = true;
  }
  return coord;
}

/// Simulated annealing of Σ packets · hops over the core traffic graph: a step moves a
/// core to another slot (usually in the tile of one of its partners), swapping with
/// the core there if any.
void anneal_slots(const target::Mesh& mesh, const CoreTraffic& traffic,
                  const PlacementOptions& options, std::vector<CoreCoord>& coord) {
  const auto num_cores = static_cast<int32_t>(coord.size());
  if (num_cores < 2 || options.anneal_iterations <= 0)
    return;
  const std::vector<CoreCoord> slots = all_slots(mesh);
  auto slot_index = [&](const CoreCoord& c) {
    return ((static_cast<int64_t>(c.chip) * mesh.rows + c.y) * mesh.cols + c.x) *
               mesh.cores_per_tile +
           c.slot;
  };
  std::vector<int32_t> occupant(slots.size(), -1);
  std::vector<int64_t> slot_of(num_cores);
  for (int32_t core = 0; core < num_cores; ++core) {
    slot_of[core] = slot_index(coord[core]);
    occupant[slot_of[core]] = core;
  }
  // Change of Σ packets·hops when `core` goes to slot `to`, ignoring the edge to
  // `partner` (a swap keeps that distance).
  auto cost_change = [&](int32_t core, int64_t to, int32_t partner) {
    double change = 0;
    for (int64_t k = traffic.indptr[core]; k < traffic.indptr[core + 1]; ++k) {
      const int32_t other = traffic.cores[k];
      if (other == partner)
        continue;
      const CoreCoord& there = slots[slot_of[other]];
      change += traffic.packets[k] * static_cast<double>(hops(mesh, slots[to], there) -
                                                         hops(mesh, slots[slot_of[core]], there));
    }
    return change;
  };
  Rng rng(options.seed ^ 0x2545f4914f6cdd1dULL);
  // Returns the change if accepted (or, with `sample_only`, the change proposed).
  auto propose = [&](double temperature, bool sample_only) -> std::optional<double> {
    const auto core = static_cast<int32_t>(rng.below(num_cores));
    int64_t to;
    const int64_t degree = traffic.indptr[core + 1] - traffic.indptr[core];
    if (degree > 0 && rng.uniform() < 0.5) {
      const int32_t partner = traffic.cores[traffic.indptr[core] + rng.below(degree)];
      const int64_t tile_first = slot_of[partner] - slots[slot_of[partner]].slot;
      to = tile_first + static_cast<int64_t>(rng.below(mesh.cores_per_tile));
    } else {
      to = static_cast<int64_t>(rng.below(slots.size()));
    }
    const int64_t from = slot_of[core];
    if (to == from)
      return sample_only ? std::optional<double>(0.0) : std::nullopt;
    const int32_t other = occupant[to];
    double delta = cost_change(core, to, other);
    if (other >= 0)
      delta += cost_change(other, from, core);
    if (!sample_only && (delta <= 0 || rng.uniform() < std::exp(-delta / temperature))) {
      occupant[to] = core;
      occupant[from] = other;
      slot_of[core] = to;
      if (other >= 0)
        slot_of[other] = from;
      return delta;
    }
    return sample_only ? std::optional<double>(delta) : std::nullopt;
  };
  std::vector<double> uphill;
  for (int i = 0; i < 400; ++i)
    if (const double delta = *propose(0, true); delta > 0)
      uphill.push_back(delta);
  const double start = starting_temperature(std::move(uphill));
  // Returns to the best placement seen: annealing may end above its start.
  std::vector<int64_t> best_slot_of = slot_of;
  double above_best = 0;
  const auto began = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < options.anneal_iterations; ++i) {
    if (options.anneal_time_budget_s > 0 && (i & 1023) == 0 &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count() >
            options.anneal_time_budget_s)
      break;
    const std::optional<double> accepted =
        propose(temperature(start, i, options.anneal_iterations), false);
    if (!accepted)
      continue;
    above_best += *accepted;
    if (above_best < -1e-9) {
      above_best = 0;
      best_slot_of = slot_of;
    }
  }
  for (int32_t core = 0; core < num_cores; ++core)
    coord[core] = slots[best_slot_of[core]];
}

std::vector<CoreCoord> slots_for(PlacementStrategy strategy, const MappingNetwork& network,
                                 const PartitionResult& partition,
                                 const target::TargetDescription& target,
                                 const PlacementOptions& options, const CoreTraffic& traffic) {
  const target::Mesh& mesh = target.mesh;
  const int32_t num_cores = partition.num_cores();
  switch (strategy) {
  case PlacementStrategy::spatial:
    return spatial_slots(network, partition, mesh, traffic);
  case PlacementStrategy::random: {
    std::vector<CoreCoord> slots = all_slots(mesh);
    Rng(options.seed).shuffle(std::span(slots));
    slots.resize(num_cores);
    return slots;
  }
  case PlacementStrategy::hilbert: {
    std::vector<CoreCoord> slots = hilbert_slots(mesh);
    slots.resize(num_cores);
    return slots;
  }
  case PlacementStrategy::linear:
  case PlacementStrategy::anneal:
    break;
  }
  std::vector<CoreCoord> slots = all_slots(mesh);
  slots.resize(num_cores);
  return slots;
}

} // namespace

std::string_view to_string(PlacementStrategy strategy) {
  for (const auto& [value, name] : kStrategyNames)
    if (value == strategy)
      return name;
  return "?";
}

PlacementStrategy parse_placement_strategy(std::string_view name) {
  for (const auto& [value, known] : kStrategyNames)
    if (known == name)
      return value;
  throw MappingError("unknown placement strategy '" + std::string(name) +
                     "' (spatial, linear, random, hilbert, anneal)");
}

CoreCoord slot_coord(const target::Mesh& mesh, int64_t index) {
  CoreCoord coord;
  coord.slot = static_cast<int32_t>(index % mesh.cores_per_tile);
  index /= mesh.cores_per_tile;
  coord.x = static_cast<int32_t>(index % mesh.cols);
  index /= mesh.cols;
  coord.y = static_cast<int32_t>(index % mesh.rows);
  coord.chip = static_cast<int32_t>(index / mesh.rows);
  return coord;
}

PlacementResult place(const MappingNetwork& network, const PartitionResult& partition,
                      const target::TargetDescription& target, const PlacementOptions& options,
                      std::span<const double> rates) {
  if (!partition.ok())
    throw MappingError("place: the partition failed: " + partition.error);
  if (!rates.empty() && static_cast<int32_t>(rates.size()) != network.num_neurons())
    throw MappingError("rates must be empty or have one entry per neuron");
  if (options.strategy == PlacementStrategy::anneal &&
      options.anneal_start == PlacementStrategy::anneal)
    throw MappingError("anneal must start from another placement strategy");
  PlacementResult result;
  if (partition.num_cores() > target.mesh.cores()) {
    result.error = "the partition has " + std::to_string(partition.num_cores()) +
                   " cores but target '" + target.name + "' has " +
                   std::to_string(target.mesh.cores());
    return result;
  }
  if (partition.num_cores() == 0)
    return result; // nothing to place (a network of inputs only); spatial would divide by 0
  const CoreTraffic traffic = core_traffic(network, partition, rates);
  const PlacementStrategy base =
      options.strategy == PlacementStrategy::anneal ? options.anneal_start : options.strategy;
  result.coord_of_core = slots_for(base, network, partition, target, options, traffic);
  if (options.strategy == PlacementStrategy::anneal)
    anneal_slots(target.mesh, traffic, options, result.coord_of_core);
  return result;
}

} // namespace gyrus::mapping
