// Simulated annealing of a partition. The placement is not known yet, so the
// objective is the inter-core packets per step: over every neuron (host inputs
// included), its rate times its destination cores other than its own. A step moves a
// neuron to another core of its population, or swaps it with a neuron there; the
// target core is usually one its synapses already reach. Every step updates the
// touched cores' compartments, input and output axons and synapse bits exactly (the
// same counts as core_usage) and is undone if any touched core breaks a limit, so the
// partition stays valid throughout.
#include "Annealing.h"
#include "PartitionStrategies.h"
#include "Random.h"
#include "targets/synapse_encoding.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>

namespace gyrus::mapping {

namespace {

/// Synapses from one neuron onto one core.
struct Link {
  int32_t core;
  int32_t synapses;
};

struct CoreState {
  int64_t in_axons = 0;
  int64_t out_axons = 0;
  int64_t bits = 0;
  int index_bits = 0;
  int delay_bits = 0;
};

class PartitionAnnealer {
public:
  PartitionAnnealer(const MappingNetwork& network, const IncomingSynapses& incoming,
                    const target::TargetDescription& target, std::span<const double> rates,
                    CoreGroups& groups)
      : network_(network), in_(incoming), limits_(target.core), rates_(rates), groups_(groups),
        core_of_(network.num_neurons(), -1), slot_(network.num_neurons(), -1),
        links_(network.num_neurons()), cores_(groups.size()),
        affected_stamp_(network.num_neurons(), 0), recount_stamp_(network.num_neurons(), 0) {
    for (int32_t c = 0; c < groups_.size(); ++c)
      for (size_t i = 0; i < groups_.neurons[c].size(); ++i) {
        core_of_[groups_.neurons[c][i]] = c;
        slot_[groups_.neurons[c][i]] = static_cast<int32_t>(i);
      }
    if (network.has_delays()) {
      delay_bins_ = 1 + *std::max_element(incoming.delays.begin(), incoming.delays.end());
      delay_histogram_.assign(static_cast<size_t>(delay_bins_) * groups_.size(), 0);
    }
    for (int32_t v = 0; v < network.num_neurons(); ++v) {
      const int32_t core = core_of_[v];
      if (core < 0)
        continue;
      for (int64_t s = in_.indptr[v]; s < in_.indptr[v + 1]; ++s) {
        change_link(in_.sources[s], core, +1);
        if (!delay_histogram_.empty())
          ++delay_histogram_[core * delay_bins_ + in_.delays[s]];
      }
    }
    for (int32_t c = 0; c < groups_.size(); ++c) {
      update_bits_per_synapse(c);
      recount_bits(c);
    }
    for (int32_t u = 0; u < network.num_neurons(); ++u)
      if (core_of_[u] >= 0)
        cores_[core_of_[u]].out_axons += static_cast<int64_t>(links_[u].size());
    for (int32_t c = 0; c < groups_.size(); ++c)
      cores_of_population_.resize(
          std::max<size_t>(cores_of_population_.size(), groups_.population[c] + 1));
    for (int32_t c = 0; c < groups_.size(); ++c)
      cores_of_population_[groups_.population[c]].push_back(c);
    for (int32_t v = 0; v < network.num_neurons(); ++v)
      if (core_of_[v] >= 0 && cores_of_population_[groups_.population[core_of_[v]]].size() > 1)
        movable_.push_back(v);
  }

  /// Anneals, then returns to the best partition it saw (annealing may end above its
  /// start): accepted moves since the last best are logged and undone.
  void run(const PartitionOptions& options) {
    if (movable_.empty() || options.anneal_iterations <= 0)
      return;
    Rng rng(options.seed ^ 0x5851f42d4c957f2dULL);
    std::vector<double> uphill;
    for (int i = 0; i < 400; ++i)
      if (const double delta = *propose(rng, 0, /*sample_only=*/true); delta > 0)
        uphill.push_back(delta);
    const double start = starting_temperature(std::move(uphill));
    double above_best = 0; // packets per step above the best partition seen
    const auto began = std::chrono::steady_clock::now();
    for (int64_t i = 0; i < options.anneal_iterations; ++i) {
      if (options.anneal_time_budget_s > 0 && (i & 1023) == 0 &&
          std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count() >
              options.anneal_time_budget_s)
        break;
      const std::optional<double> accepted =
          propose(rng, temperature(start, i, options.anneal_iterations), false);
      if (!accepted)
        continue;
      above_best += *accepted;
      if (above_best < -1e-9) {
        above_best = 0;
        since_best_.clear();
      }
    }
    for (auto it = since_best_.rbegin(); it != since_best_.rend(); ++it)
      move(it->neuron, it->from);
  }

private:
  double rate(int32_t neuron) const { return rates_.empty() ? 1.0 : rates_[neuron]; }

  /// Packets per step of `neuron`: one per destination core but its own.
  double packets(int32_t neuron) const {
    int64_t remote = static_cast<int64_t>(links_[neuron].size());
    for (const Link& link : links_[neuron])
      if (link.core == core_of_[neuron])
        --remote;
    return rate(neuron) * static_cast<double>(remote);
  }

  int64_t axon_bits(int32_t core, int64_t synapses) const {
    return target::synapse_axon_bits(limits_.synapse_encoding, synapses, limits_.weight_bits,
                                     cores_[core].delay_bits, cores_[core].index_bits);
  }

  /// Sets the core's index and delay bits from its contents; true if they changed.
  bool update_bits_per_synapse(int32_t core) {
    const auto compartments = static_cast<int64_t>(groups_.neurons[core].size());
    int max_delay = 0;
    if (!delay_histogram_.empty())
      for (int d = delay_bins_ - 1; d > 0; --d)
        if (delay_histogram_[core * delay_bins_ + d] > 0) {
          max_delay = d;
          break;
        }
    const int index_bits = target::synapse_index_bits(limits_.synapse_encoding, compartments - 1);
    const int delay_bits = target::synapse_delay_bits(max_delay);
    CoreState& state = cores_[core];
    const bool changed = index_bits != state.index_bits || delay_bits != state.delay_bits;
    state.index_bits = index_bits;
    state.delay_bits = delay_bits;
    return changed;
  }

  void recount_bits(int32_t core) {
    ++recount_token_;
    int64_t bits = 0;
    for (int32_t member : groups_.neurons[core])
      for (int64_t s = in_.indptr[member]; s < in_.indptr[member + 1]; ++s) {
        const int32_t source = in_.sources[s];
        if (recount_stamp_[source] == recount_token_)
          continue;
        recount_stamp_[source] = recount_token_;
        for (const Link& link : links_[source])
          if (link.core == core)
            bits += axon_bits(core, link.synapses);
      }
    cores_[core].bits = bits;
  }

  /// Adds `change` (+1 or -1) synapses from `source` onto `core`, keeping its input
  /// axons and (unless `recount` is pending) its synapse bits.
  void change_link(int32_t source, int32_t core, int change, bool recount = true) {
    std::vector<Link>& links = links_[source];
    auto it = std::find_if(links.begin(), links.end(),
                           [core](const Link& link) { return link.core == core; });
    if (it == links.end()) {
      links.push_back({core, 0});
      it = links.end() - 1;
      ++cores_[core].in_axons;
    }
    const int64_t before = it->synapses;
    it->synapses += change;
    if (!recount)
      cores_[core].bits += axon_bits(core, it->synapses) - axon_bits(core, before);
    if (it->synapses == 0) {
      *it = links.back();
      links.pop_back();
      --cores_[core].in_axons;
    }
  }

  /// Moves `neuron` to core `to`, keeping every count exact; returns the change in
  /// packets per step and adds the cores it touched to touched_.
  double move(int32_t neuron, int32_t to) {
    const int32_t from = core_of_[neuron];
    ++affected_token_;
    affected_.clear();
    auto affect = [&](int32_t u) {
      if (affected_stamp_[u] != affected_token_) {
        affected_stamp_[u] = affected_token_;
        affected_.push_back(u);
      }
    };
    affect(neuron);
    for (int64_t s = in_.indptr[neuron]; s < in_.indptr[neuron + 1]; ++s)
      affect(in_.sources[s]);
    double before = 0;
    for (int32_t u : affected_) {
      before += packets(u);
      if (core_of_[u] >= 0)
        cores_[core_of_[u]].out_axons -= static_cast<int64_t>(links_[u].size());
    }

    std::vector<int32_t>& old_members = groups_.neurons[from];
    const int32_t last = old_members.back();
    old_members[slot_[neuron]] = last;
    slot_[last] = slot_[neuron];
    old_members.pop_back();
    slot_[neuron] = static_cast<int32_t>(groups_.neurons[to].size());
    groups_.neurons[to].push_back(neuron);
    core_of_[neuron] = to;
    if (!delay_histogram_.empty())
      for (int64_t s = in_.indptr[neuron]; s < in_.indptr[neuron + 1]; ++s) {
        --delay_histogram_[from * delay_bins_ + in_.delays[s]];
        ++delay_histogram_[to * delay_bins_ + in_.delays[s]];
      }
    const bool recount_from = update_bits_per_synapse(from);
    const bool recount_to = update_bits_per_synapse(to);
    for (int64_t s = in_.indptr[neuron]; s < in_.indptr[neuron + 1]; ++s) {
      change_link(in_.sources[s], from, -1, recount_from);
      change_link(in_.sources[s], to, +1, recount_to);
    }
    if (recount_from)
      recount_bits(from);
    if (recount_to)
      recount_bits(to);

    double after = 0;
    for (int32_t u : affected_) {
      after += packets(u);
      if (core_of_[u] >= 0) {
        cores_[core_of_[u]].out_axons += static_cast<int64_t>(links_[u].size());
        touched_.push_back(core_of_[u]);
      }
    }
    touched_.push_back(from);
    return after - before;
  }

  bool touched_within_limits() const {
    for (int32_t core : touched_) {
      const CoreState& state = cores_[core];
      if (static_cast<int64_t>(groups_.neurons[core].size()) > limits_.compartments ||
          state.in_axons > limits_.in_axons || state.out_axons > limits_.out_axons ||
          state.bits > limits_.synapse_bits || state.delay_bits > limits_.delay_bits)
        return false;
    }
    return true;
  }

  /// A core of the population of core `from` other than `from`: nearly always one a
  /// synapse of `neuron` already reaches (a few synapses are tried), since moving a
  /// neuron anywhere else adds packets for all its sources.
  int32_t pick_core(int32_t neuron, int32_t from, Rng& rng) const {
    const std::vector<int32_t>& candidates = cores_of_population_[groups_.population[from]];
    const int64_t in_degree = in_.indptr[neuron + 1] - in_.indptr[neuron];
    const int64_t out_degree = network_.out_indptr[neuron + 1] - network_.out_indptr[neuron];
    if (in_degree + out_degree > 0 && rng.uniform() < 0.95)
      for (int attempt = 0; attempt < 4; ++attempt) {
        const auto k = static_cast<int64_t>(rng.below(in_degree + out_degree));
        const int32_t other =
            k < in_degree ? in_.sources[in_.indptr[neuron] + k]
                          : network_.out_targets[network_.out_indptr[neuron] + k - in_degree];
        const int32_t core = core_of_[other];
        if (core >= 0 && core != from && groups_.population[core] == groups_.population[from])
          return core;
      }
    const auto pick = static_cast<size_t>(rng.below(candidates.size() - 1));
    return candidates[pick] == from ? candidates.back() : candidates[pick];
  }

  /// A neuron of core `to` for `neuron` to swap with: usually one it has a synapse
  /// with (a neuron at the edge of `to`), else any.
  int32_t pick_partner(int32_t neuron, int32_t to, Rng& rng) const {
    const int64_t in_degree = in_.indptr[neuron + 1] - in_.indptr[neuron];
    const int64_t out_degree = network_.out_indptr[neuron + 1] - network_.out_indptr[neuron];
    for (int attempt = 0; in_degree + out_degree > 0 && attempt < 4; ++attempt) {
      const auto k = static_cast<int64_t>(rng.below(in_degree + out_degree));
      const int32_t other = k < in_degree
                                ? in_.sources[in_.indptr[neuron] + k]
                                : network_.out_targets[network_.out_indptr[neuron] + k - in_degree];
      if (core_of_[other] == to)
        return other;
    }
    return groups_.neurons[to][rng.below(groups_.neurons[to].size())];
  }

  /// One step at `temperature`: returns the change in packets if it was accepted.
  /// With `sample_only` it is always undone and returns the change it proposed.
  std::optional<double> propose(Rng& rng, double temperature, bool sample_only) {
    const int32_t neuron = movable_[rng.below(movable_.size())];
    const int32_t from = core_of_[neuron];
    const int32_t to = pick_core(neuron, from, rng);
    const bool full = static_cast<int64_t>(groups_.neurons[to].size()) >= limits_.compartments;
    const bool swap = !groups_.neurons[to].empty() && (full || rng.uniform() < 0.5);
    const int32_t partner = swap ? pick_partner(neuron, to, rng) : -1;
    touched_.clear();
    double delta = move(neuron, to);
    if (swap)
      delta += move(partner, from);
    const bool accept = !sample_only && touched_within_limits() &&
                        (delta <= 0 || rng.uniform() < std::exp(-delta / temperature));
    if (accept) {
      since_best_.push_back({neuron, from});
      if (swap)
        since_best_.push_back({partner, to});
      return delta;
    }
    if (swap)
      move(partner, to);
    move(neuron, from);
    if (sample_only)
      return delta;
    return std::nullopt;
  }

  const MappingNetwork& network_;
  const IncomingSynapses& in_;
  const target::CoreLimits& limits_;
  std::span<const double> rates_;
  CoreGroups& groups_;
  std::vector<int32_t> core_of_;
  std::vector<int32_t> slot_; ///< index in groups_.neurons[core_of_]
  std::vector<std::vector<Link>> links_;
  std::vector<CoreState> cores_;
  int delay_bins_ = 0;
  std::vector<int64_t> delay_histogram_; ///< [core][delay]: synapses into the core
  std::vector<std::vector<int32_t>> cores_of_population_;
  std::vector<int32_t> movable_; ///< neurons whose population has more than one core
  std::vector<uint32_t> affected_stamp_, recount_stamp_;
  uint32_t affected_token_ = 0, recount_token_ = 0;
  std::vector<int32_t> affected_, touched_;
  struct Move {
    int32_t neuron;
    int32_t from;
  };
  std::vector<Move> since_best_; ///< accepted moves since the best partition seen
};

} // namespace

void anneal_partition(const MappingNetwork& network, const IncomingSynapses& incoming,
                      const target::TargetDescription& target, const PartitionOptions& options,
                      std::span<const double> rates, CoreGroups& groups) {
  PartitionAnnealer(network, incoming, target, rates, groups).run(options);
}

} // namespace gyrus::mapping
