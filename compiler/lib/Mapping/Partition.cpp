// The partition driver: per population, a strategy orders or groups the neurons and
// the limit-aware filler makes cores of them; then output axons are repaired, the
// network is spread over min_cores, checked against the target's core count, and
// optionally annealed.
#include "gyrus/Mapping/Partition.h"

#include "CoreFill.h"
#include "Hilbert.h"
#include "PartitionStrategies.h"
#include "Random.h"
#include "gyrus/Mapping/Resources.h"

#include <algorithm>
#include <numeric>
#include <queue>

namespace gyrus::mapping {

namespace {

constexpr std::pair<PartitionStrategy, std::string_view> kStrategyNames[] = {
    {PartitionStrategy::spatial, "spatial"}, {PartitionStrategy::linear, "linear"},
    {PartitionStrategy::random, "random"},   {PartitionStrategy::hilbert, "hilbert"},
    {PartitionStrategy::metis, "metis"},     {PartitionStrategy::anneal, "anneal"},
};

std::vector<int32_t> index_order(const Population& population) {
  std::vector<int32_t> order(population.count);
  std::iota(order.begin(), order.end(), population.first);
  return order;
}

/// The segments a strategy (other than anneal) makes of one population.
std::vector<std::vector<int32_t>> segments_of(const MappingNetwork& network, int32_t population,
                                              PartitionStrategy strategy, uint64_t seed,
                                              CoreAccumulator& core,
                                              const target::TargetDescription& target) {
  const Population& pop = network.populations[population];
  std::vector<int32_t> order = index_order(pop);
  switch (strategy) {
  case PartitionStrategy::linear:
  case PartitionStrategy::anneal:
    return {order};
  case PartitionStrategy::random: {
    // One stream per population, so that adding a population leaves the others alone.
    Rng rng(seed ^ (0x632be59bd9b4e019ULL * (static_cast<uint64_t>(population) + 1)));
    rng.shuffle(std::span(order));
    return {order};
  }
  case PartitionStrategy::hilbert:
    if (pop.has_positions())
      order = hilbert_sorted(order, pop.positions, pop.first);
    return {order};
  case PartitionStrategy::spatial:
    return spatial_segments(network, population, core);
  case PartitionStrategy::metis: {
    const int64_t parts =
        std::max(core.cores_needed(order),
                 (pop.count + target.core.compartments - 1) / target.core.compartments);
    if (parts <= 1)
      return {order};
    const int64_t at_most_one_neuron_each = pop.count;
    return metis_segments(network, population, std::min(parts, at_most_one_neuron_each),
                          target.core.compartments, seed);
  }
  }
  return {order};
}

std::vector<int32_t> core_of_neurons(const CoreGroups& groups, int32_t neurons) {
  std::vector<int32_t> core_of(neurons, -1);
  for (int32_t c = 0; c < groups.size(); ++c)
    for (int32_t n : groups.neurons[c])
      core_of[n] = c;
  return core_of;
}

/// Moves the second half of core `core` (in fill order) onto a new core. A subset of a
/// core never needs more compartments, axons or synapse bits than the core did.
void split_core(CoreGroups& groups, int32_t core) {
  std::vector<int32_t>& neurons = groups.neurons[core];
  const auto half = static_cast<std::ptrdiff_t>(neurons.size() / 2);
  std::vector<int32_t> second(neurons.begin() + half, neurons.end());
  neurons.resize(half);
  groups.neurons.push_back(std::move(second));
  groups.population.push_back(groups.population[core]);
}

/// Output axons depend on where every target went, so they are checked once all cores
/// exist: a core over the limit is split in half until none is (splitting can add
/// destinations to other cores' neurons, hence the loop).
std::string repair_out_axons(const MappingNetwork& network, const target::TargetDescription& target,
                             CoreGroups& groups) {
  for (;;) {
    const std::vector<int32_t> core_of = core_of_neurons(groups, network.num_neurons());
    const std::vector<CoreUsage> usage = core_usage(network, core_of, groups.size(), target);
    bool split = false;
    for (int32_t c = 0; c < static_cast<int32_t>(usage.size()); ++c) {
      if (usage[c].out_axons <= target.core.out_axons)
        continue;
      if (groups.neurons[c].size() == 1)
        return "neuron " + std::to_string(groups.neurons[c][0]) + " alone needs " +
               std::to_string(usage[c].out_axons) + " output axons, over the limit of " +
               std::to_string(target.core.out_axons);
      split_core(groups, c);
      ++groups.breaks[static_cast<int>(Limit::out_axons)];
      split = true;
    }
    if (!split)
      return "";
  }
}

/// Splits the cores with the most neurons until there are `min_cores`.
std::string spread(CoreGroups& groups, int32_t min_cores) {
  std::priority_queue<std::pair<size_t, int32_t>> largest; // (neurons, -core): lowest core first
  for (int32_t c = 0; c < groups.size(); ++c)
    largest.emplace(groups.neurons[c].size(), -c);
  while (groups.size() < min_cores) {
    const auto [neurons, negative_core] = largest.top();
    largest.pop();
    if (neurons < 2)
      return "cannot spread the network over " + std::to_string(min_cores) + " cores: it has " +
             std::to_string(groups.size()) + " cores of one neuron each";
    split_core(groups, -negative_core);
    largest.emplace(groups.neurons[-negative_core].size(), negative_core);
    largest.emplace(groups.neurons.back().size(), -(groups.size() - 1));
  }
  return "";
}

std::string describe_mesh(const target::Mesh& mesh) {
  return std::to_string(mesh.chips) + (mesh.chips == 1 ? " chip" : " chips") + " of " +
         std::to_string(mesh.cols) + "x" + std::to_string(mesh.rows) + " tiles of " +
         std::to_string(mesh.cores_per_tile) + (mesh.cores_per_tile == 1 ? " core" : " cores");
}

/// "network needs 19 cores, 3 more than the 16 of target 'mini' (...): population
/// 'hidden' needs 7 cores of 64 compartments (400 neurons, split by compartments), ..."
std::string too_many_cores(const MappingNetwork& network, const target::TargetDescription& target,
                           const CoreGroups& groups,
                           std::span<const std::array<int64_t, kNumLimits>> breaks) {
  std::vector<int64_t> cores(network.populations.size(), 0);
  for (int32_t p : groups.population)
    ++cores[p];
  std::vector<int32_t> order(cores.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int32_t a, int32_t b) { return cores[a] > cores[b]; });
  const int64_t available = target.mesh.cores();
  std::string message = "the network needs " + std::to_string(groups.size()) + " cores, " +
                        std::to_string(groups.size() - available) + " more than the " +
                        std::to_string(available) + " of target '" + target.name + "' (" +
                        describe_mesh(target.mesh) + ")";
  const char* separator = ": ";
  for (int32_t p : order) {
    if (cores[p] == 0)
      continue;
    const auto& counts = breaks[p];
    const auto binding = std::max_element(counts.begin(), counts.end()) - counts.begin();
    const Limit limit = counts[binding] > 0 ? static_cast<Limit>(binding) : Limit::compartments;
    message += separator;
    message += "population '" + network.populations[p].name + "' needs " +
               std::to_string(cores[p]) + " cores of " + std::to_string(target.core.compartments) +
               " compartments (" + std::to_string(network.populations[p].count) +
               " neurons, split by " + limit_name(limit) + ")";
    separator = ", ";
  }
  return message;
}

PartitionResult failure(std::string message) {
  PartitionResult result;
  result.error = std::move(message);
  return result;
}

} // namespace

std::string_view to_string(PartitionStrategy strategy) {
  for (const auto& [value, name] : kStrategyNames)
    if (value == strategy)
      return name;
  return "?";
}

PartitionStrategy parse_partition_strategy(std::string_view name) {
  for (const auto& [value, known] : kStrategyNames)
    if (known == name)
      return value;
  throw MappingError("unknown partition strategy '" + std::string(name) +
                     "' (spatial, linear, random, hilbert, metis, anneal)");
}

PartitionResult partition(const MappingNetwork& network, const target::TargetDescription& target,
                          const PartitionOptions& options, std::span<const double> rates) {
  network.validate();
  if (!rates.empty() && static_cast<int32_t>(rates.size()) != network.num_neurons())
    throw MappingError("rates must be empty or have one entry per neuron");
  if (options.strategy == PartitionStrategy::anneal &&
      options.anneal_start == PartitionStrategy::anneal)
    throw MappingError("anneal must start from another strategy");
  for (const Population& population : network.populations)
    if (!population.is_input && !target.core.supports(population.neuron_model))
      return failure("population '" + population.name + "' uses neuron model '" +
                     population.neuron_model + "', which target '" + target.name +
                     "' does not support");

  const IncomingSynapses incoming = IncomingSynapses::of(network);
  CoreAccumulator core(network, incoming, target);
  const PartitionStrategy base =
      options.strategy == PartitionStrategy::anneal ? options.anneal_start : options.strategy;
  CoreGroups groups;
  std::vector<std::array<int64_t, kNumLimits>> breaks(network.populations.size());
  for (int32_t p = 0; p < static_cast<int32_t>(network.populations.size()); ++p) {
    const Population& population = network.populations[p];
    if (population.is_input || population.count == 0)
      continue;
    const auto before = groups.breaks;
    const auto segments = segments_of(network, p, base, options.seed, core, target);
    if (std::string error = fill_cores(segments, p, core, groups); !error.empty())
      return failure("population '" + population.name + "': " + error);
    for (int limit = 0; limit < kNumLimits; ++limit)
      breaks[p][limit] = groups.breaks[limit] - before[limit];
  }
  const int32_t filled = groups.size();
  if (std::string error = repair_out_axons(network, target, groups); !error.empty())
    return failure(error);
  for (int32_t c = filled; c < groups.size(); ++c)
    ++breaks[groups.population[c]][static_cast<int>(Limit::out_axons)];
  if (groups.size() > target.mesh.cores())
    return failure(too_many_cores(network, target, groups, breaks));

  if (options.min_cores > target.mesh.cores())
    return failure("min_cores " + std::to_string(options.min_cores) + " is more than the " +
                   std::to_string(target.mesh.cores()) + " cores of target '" + target.name + "'");
  if (groups.size() < options.min_cores) {
    if (std::string error = spread(groups, options.min_cores); !error.empty())
      return failure(error);
    if (std::string error = repair_out_axons(network, target, groups); !error.empty())
      return failure(error);
    if (groups.size() > target.mesh.cores())
      return failure(too_many_cores(network, target, groups, breaks));
  }

  if (options.strategy == PartitionStrategy::anneal)
    anneal_partition(network, incoming, target, options, rates, groups);

  // Drop the cores annealing emptied; cores keep their order otherwise.
  PartitionResult result;
  result.core_of_neuron.assign(network.num_neurons(), -1);
  for (int32_t c = 0; c < groups.size(); ++c) {
    if (groups.neurons[c].empty())
      continue;
    for (int32_t n : groups.neurons[c])
      result.core_of_neuron[n] = result.num_cores();
    result.population_of_core.push_back(groups.population[c]);
  }
  const auto usage = core_usage(network, result.core_of_neuron, result.num_cores(), target);
  if (auto violation = find_limit_violation(usage, target))
    return failure("internal error: the partition breaks a limit: " + *violation);
  return result;
}

} // namespace gyrus::mapping
