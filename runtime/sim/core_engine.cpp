#include "runtime/sim/core_engine.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

namespace gyrus::sim {
namespace {

ref::SigmaDeltaActivation to_ref(image::SigmaDeltaActivation activation) {
  return activation == image::SigmaDeltaActivation::Unit ? ref::SigmaDeltaActivation::Unit
                                                         : ref::SigmaDeltaActivation::Relu;
}

bool is_zero(const ref::CubaLifState& s) {
  return s.u == 0 && s.v == 0 && s.refractory_left == 0;
}
bool is_zero(const ref::SigmaDeltaState& s) {
  return s.sigma == 0 && s.act == 0 && s.residue == 0;
}
bool is_zero(const ref::LeakySigmaDeltaState& s) {
  return s.sigma == 0 && s.h == 0 && s.h_sent == 0;
}
bool is_zero(const ref::LinearState& s) {
  return s.sigma == 0;
}

/// One compartment's step through runtime/ref, returning what it produced (see
/// CoreEngine::last_value) and whether it sent.
struct Stepped {
  int64_t value = 0;
  bool sent = false;
};
Stepped step(const ref::CubaLifConfig& config, int32_t bias, int64_t input,
             ref::CubaLifState& state) {
  const bool spiked = ref::step_cuba_lif(config, bias, input, state);
  return {spiked ? 1 : 0, spiked};
}
Stepped step(const ref::SigmaDeltaConfig& config, int32_t bias, int64_t input,
             ref::SigmaDeltaState& state) {
  const int64_t payload = ref::step_sigma_delta(config, bias, input, state);
  return {payload, payload != 0};
}
Stepped step(const ref::LeakySigmaDeltaConfig& config, int32_t bias, int64_t input,
             ref::LeakySigmaDeltaState& state) {
  const int32_t payload = ref::step_leaky_sigma_delta(config, bias, input, state);
  return {payload, payload != 0};
}
Stepped step(const ref::LinearConfig& config, int32_t bias, int64_t input,
             ref::LinearState& state) {
  return {ref::step_linear(config, bias, input, state), false};
}

} // namespace

CoreEngine::CoreEngine(const image::Core& core) {
  const uint32_t compartments = core.compartment_count();
  group_of_compartment_.assign(compartments, -1);
  last_value_.assign(compartments, 0);
  for (const image::CompartmentGroup& source : core.groups) {
    Group group;
    group.first = source.first;
    group.bias = source.bias;
    const size_t n = source.bias.size();
    std::visit(
        [&](const auto& params) {
          using Params = std::decay_t<decltype(params)>;
          if constexpr (std::is_same_v<Params, image::CubaLifParams>) {
            group.config = ref::CubaLifConfig{params.du, params.dv, params.vth_mant,
                                              params.bias_exp, params.refractory};
            group.states = std::vector<ref::CubaLifState>(n);
          } else if constexpr (std::is_same_v<Params, image::SigmaDeltaParams>) {
            group.config =
                ref::SigmaDeltaConfig{params.vth, params.state_exp, to_ref(params.activation)};
            group.states = std::vector<ref::SigmaDeltaState>(n);
          } else if constexpr (std::is_same_v<Params, image::LeakySigmaDeltaParams>) {
            group.config =
                ref::LeakySigmaDeltaConfig{params.alpha_q, params.vth, params.sigma_frac_bits};
            group.states = std::vector<ref::LeakySigmaDeltaState>(n);
          } else {
            group.config = ref::LinearConfig{params.sigma_frac_bits};
            group.states = std::vector<ref::LinearState>(n);
          }
        },
        source.params);
    for (uint32_t c = source.first; c < source.end(); ++c)
      group_of_compartment_[c] = static_cast<int32_t>(groups_.size());
    groups_.push_back(std::move(group));
  }

  // One accumulator per distinct (compartment, block) pair that a synapse feeds: Lava's
  // Dense applies a projection's weight exponent to the sum of its inputs, so each block's
  // sum must stay separate until the update.
  // Pairs are keyed compartment-major, so sorting them orders the accumulators by
  // compartment (then block), and a synapse finds its pair by binary search: a sorted
  // vector rather than a map, since images of millions of synapses are built here.
  auto key = [](uint32_t compartment, uint32_t block) {
    return (static_cast<uint64_t>(compartment) << 32) | block;
  };
  std::vector<uint64_t> pairs;
  for (uint32_t b = 0; b < core.synapses.size(); ++b)
    for (const auto& axon : core.synapses[b].axons)
      for (const image::Synapse& synapse : axon) {
        if (pairs.empty() || pairs.back() != key(synapse.compartment, b))
          pairs.push_back(key(synapse.compartment, b));
        delay_slots_ = std::max(delay_slots_, synapse.delay + 1);
      }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  auto pair_index = [&](uint32_t compartment, uint32_t block) {
    return static_cast<uint32_t>(
        std::lower_bound(pairs.begin(), pairs.end(), key(compartment, block)) - pairs.begin());
  };
  accumulator_begin_.assign(compartments + 1, 0);
  for (uint64_t pair : pairs) {
    accumulator_weight_exp_.push_back(core.synapses[pair & 0xffffffffu].weight_exp);
    ++accumulator_begin_[(pair >> 32) + 1];
  }
  for (uint32_t c = 0; c < compartments; ++c)
    accumulator_begin_[c + 1] += accumulator_begin_[c];
  accumulators_.assign(static_cast<size_t>(delay_slots_) * accumulator_weight_exp_.size(), 0);

  const uint32_t in_axons = core.in_axon_count();
  axon_begin_.assign(in_axons + 1, 0);
  size_t synapses = 0;
  for (const image::SynapseBlock& block : core.synapses)
    for (const auto& axon : block.axons)
      synapses += axon.size();
  synapses_.reserve(synapses);
  if (delay_slots_ > 1)
    synapse_delay_.reserve(synapses);
  for (uint32_t b = 0; b < core.synapses.size(); ++b) {
    const image::SynapseBlock& block = core.synapses[b];
    for (uint32_t a = 0; a < block.axons.size(); ++a) {
      axon_begin_[block.first_axon + a + 1] = static_cast<uint32_t>(block.axons[a].size());
      for (const image::Synapse& synapse : block.axons[a]) {
        synapses_.push_back({pair_index(synapse.compartment, b), synapse.weight});
        if (delay_slots_ > 1)
          synapse_delay_.push_back(synapse.delay);
      }
    }
  }
  for (uint32_t a = 0; a < in_axons; ++a)
    axon_begin_[a + 1] += axon_begin_[a];
}

uint64_t CoreEngine::receive(uint32_t axon, int64_t payload) {
  const uint32_t begin = axon_begin_[axon], end = axon_begin_[axon + 1];
  const SynapseEntry* synapse = synapses_.data();
  if (delay_slots_ == 1) {
    int64_t* sums = accumulators_.data();
    for (uint32_t s = begin; s < end; ++s)
      sums[synapse[s].accumulator] += synapse[s].weight * payload;
  } else {
    const size_t width = accumulator_weight_exp_.size();
    for (uint32_t s = begin; s < end; ++s) {
      uint32_t slot = current_slot_ + synapse_delay_[s];
      if (slot >= delay_slots_)
        slot -= delay_slots_;
      accumulators_[slot * width + synapse[s].accumulator] += synapse[s].weight * payload;
    }
  }
  return end - begin;
}

uint64_t CoreEngine::receive_all(const std::vector<Arrival>& arrivals) {
  // A packet's synapses are a short run at a random place in a synapse memory larger than
  // the cache: fetching the run a few packets ahead hides most of the miss.
  constexpr size_t kAhead = 4;
  uint64_t synapses = 0;
  for (size_t k = 0; k < arrivals.size(); ++k) {
    if (k + kAhead < arrivals.size())
      __builtin_prefetch(synapses_.data() + axon_begin_[arrivals[k + kAhead].axon]);
    synapses += receive(arrivals[k].axon, arrivals[k].payload);
  }
  return synapses;
}

template <typename Config, typename States>
void CoreEngine::update_group(const Config& config, Group& group, States& states,
                              size_t slot_offset, UpdateWork& work) {
  using State = typename States::value_type;
  const int64_t* sums = accumulators_.data() + slot_offset;
  const int32_t* weight_exp = accumulator_weight_exp_.data();
  for (uint32_t i = 0; i < states.size(); ++i) {
    const uint32_t c = group.first + i;
    // Each block's sum is scaled once, as Lava's Dense scales a projection's.
    int64_t input = 0;
    for (uint32_t k = accumulator_begin_[c], end = accumulator_begin_[c + 1]; k < end; ++k) {
      if constexpr (std::is_same_v<Config, ref::CubaLifConfig> ||
                    std::is_same_v<Config, ref::SigmaDeltaConfig>)
        input += ref::shift_by_weight_exp(sums[k], weight_exp[k]);
      else
        input += ref::align_to_sigma(sums[k], weight_exp[k], config.sigma_frac_bits);
    }
    State& state = states[i];
    const bool was_zero = is_zero(state);
    const Stepped result = step(config, group.bias[i], input, state);
    if (input != 0 || result.sent || !was_zero || !is_zero(state))
      ++work.active;
    else
      ++work.idle;
    last_value_[c] = result.value;
    if (result.sent)
      emissions_.push_back({c, result.value});
  }
}

UpdateWork CoreEngine::update() {
  UpdateWork work;
  emissions_.clear();
  const size_t slot_offset = static_cast<size_t>(current_slot_) * accumulator_weight_exp_.size();
  for (Group& group : groups_) {
    std::visit(
        [&](const auto& config, auto& states) {
          // The variants pair each config with its own state vector; only matching pairs
          // have a step overload.
          if constexpr (requires { step(config, int32_t{}, int64_t{}, states[0]); })
            update_group(config, group, states, slot_offset, work);
        },
        group.config, group.states);
  }
  // The slot just consumed becomes the farthest future slot.
  std::fill_n(accumulators_.begin() + static_cast<std::ptrdiff_t>(slot_offset),
              accumulator_weight_exp_.size(), 0);
  current_slot_ = (current_slot_ + 1) % delay_slots_;
  return work;
}

void CoreEngine::reset() {
  for (Group& group : groups_)
    std::visit(
        [](auto& states) {
          std::fill(states.begin(), states.end(),
                    typename std::decay_t<decltype(states)>::value_type{});
        },
        group.states);
  std::fill(accumulators_.begin(), accumulators_.end(), 0);
  std::fill(last_value_.begin(), last_value_.end(), 0);
  emissions_.clear();
  current_slot_ = 0;
}

ref::CompartmentState CoreEngine::state(uint32_t compartment) const {
  if (compartment >= group_of_compartment_.size() || group_of_compartment_[compartment] < 0)
    throw std::out_of_range("compartment " + std::to_string(compartment) +
                            " is not a compartment of a group");
  const Group& group = groups_[static_cast<size_t>(group_of_compartment_[compartment])];
  return std::visit(
      [&](const auto& states) -> ref::CompartmentState {
        return states[compartment - group.first];
      },
      group.states);
}

size_t CoreEngine::memory_bytes() const {
  size_t bytes =
      axon_begin_.capacity() * sizeof(uint32_t) + synapses_.capacity() * sizeof(SynapseEntry) +
      synapse_delay_.capacity() * sizeof(uint32_t) +
      accumulator_begin_.capacity() * sizeof(uint32_t) +
      accumulator_weight_exp_.capacity() * sizeof(int32_t) +
      accumulators_.capacity() * sizeof(int64_t) + last_value_.capacity() * sizeof(int64_t) +
      group_of_compartment_.capacity() * sizeof(int32_t);
  for (const Group& group : groups_) {
    bytes += group.bias.capacity() * sizeof(int32_t);
    std::visit(
        [&](const auto& states) {
          bytes += states.capacity() * sizeof(typename std::decay_t<decltype(states)>::value_type);
        },
        group.states);
  }
  return bytes;
}

ref::CoreSnapshot CoreEngine::snapshot() const {
  ref::CoreSnapshot snapshot;
  for (const Group& group : groups_)
    std::visit(
        [&](const auto& states) {
          for (uint32_t i = 0; i < states.size(); ++i)
            snapshot.compartments.push_back(
                {group.first + i, states[i], last_value_[group.first + i]});
        },
        group.states);
  return snapshot;
}

} // namespace gyrus::sim
