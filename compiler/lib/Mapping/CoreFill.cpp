#include "CoreFill.h"

#include "targets/synapse_encoding.h"

#include <algorithm>

namespace gyrus::mapping {

const char* limit_name(Limit limit) {
  switch (limit) {
  case Limit::none:
    return "none";
  case Limit::compartments:
    return "compartments";
  case Limit::in_axons:
    return "input axons";
  case Limit::out_axons:
    return "output axons";
  case Limit::synapse_bits:
    return "synapse memory";
  case Limit::delay_bits:
    return "delay bits";
  }
  return "?";
}

CoreAccumulator::CoreAccumulator(const MappingNetwork& network, const IncomingSynapses& incoming,
                                 const target::TargetDescription& target)
    : network_(network), incoming_(incoming), target_(target),
      synapses_from_(network.num_neurons(), 0) {}

int64_t CoreAccumulator::axon_bits(int64_t synapses) const {
  const target::CoreLimits& limits = target_.core;
  return target::synapse_axon_bits(limits.synapse_encoding, synapses, limits.weight_bits,
                                   delay_bits_, index_bits_);
}

void CoreAccumulator::recount_bits() {
  bits_ = 0;
  for (int32_t source : sources_)
    bits_ += axon_bits(synapses_from_[source]);
}

void CoreAccumulator::add(int32_t neuron) {
  ++compartments_;
  for (int64_t s = incoming_.indptr[neuron]; s < incoming_.indptr[neuron + 1]; ++s)
    if (!incoming_.delays.empty())
      max_delay_ = std::max<int64_t>(max_delay_, incoming_.delays[s]);
  // Every axon's bits change with the bits per synapse, which grow with the largest
  // compartment index (a power of two at a time) and the largest delay: recount then.
  const int index_bits =
      target::synapse_index_bits(target_.core.synapse_encoding, compartments_ - 1);
  const int delay_bits = target::synapse_delay_bits(max_delay_);
  const bool recount = index_bits != index_bits_ || delay_bits != delay_bits_;
  index_bits_ = index_bits;
  delay_bits_ = delay_bits;
  for (int64_t s = incoming_.indptr[neuron]; s < incoming_.indptr[neuron + 1]; ++s) {
    const int32_t source = incoming_.sources[s];
    int32_t& count = synapses_from_[source];
    if (count == 0)
      sources_.push_back(source);
    if (!recount)
      bits_ += axon_bits(count + 1) - axon_bits(count);
    ++count;
  }
  if (recount)
    recount_bits();
}

Limit CoreAccumulator::try_add(int32_t neuron) {
  const auto saved_sources = sources_.size();
  const int64_t saved_bits = bits_, saved_delay = max_delay_;
  const int saved_index_bits = index_bits_, saved_delay_bits = delay_bits_;
  add(neuron);
  const Limit broken = broken_limit();
  if (broken == Limit::none)
    return broken;
  // Undo: new sources were appended at the end.
  --compartments_;
  for (int64_t s = incoming_.indptr[neuron]; s < incoming_.indptr[neuron + 1]; ++s)
    --synapses_from_[incoming_.sources[s]];
  sources_.resize(saved_sources);
  bits_ = saved_bits;
  max_delay_ = saved_delay;
  index_bits_ = saved_index_bits;
  delay_bits_ = saved_delay_bits;
  return broken;
}

void CoreAccumulator::clear() {
  for (int32_t source : sources_)
    synapses_from_[source] = 0;
  sources_.clear();
  compartments_ = 0;
  max_delay_ = 0;
  index_bits_ = 0;
  delay_bits_ = 0;
  bits_ = 0;
}

Limit CoreAccumulator::broken_limit() const {
  const target::CoreLimits& limits = target_.core;
  if (compartments_ > limits.compartments)
    return Limit::compartments;
  if (in_axons() > limits.in_axons)
    return Limit::in_axons;
  if (bits_ > limits.synapse_bits)
    return Limit::synapse_bits;
  if (delay_bits_ > limits.delay_bits)
    return Limit::delay_bits;
  return Limit::none;
}

std::string CoreAccumulator::excess(Limit limit) const {
  const target::CoreLimits& limits = target_.core;
  int64_t used = 0, allowed = 0;
  switch (limit) {
  case Limit::compartments:
    used = compartments_, allowed = limits.compartments;
    break;
  case Limit::in_axons:
    used = in_axons(), allowed = limits.in_axons;
    break;
  case Limit::synapse_bits:
    used = bits_, allowed = limits.synapse_bits;
    break;
  case Limit::delay_bits:
    used = delay_bits_, allowed = limits.delay_bits;
    break;
  default:
    break;
  }
  const std::string unit =
      limit == Limit::synapse_bits ? "bits of synapse memory" : std::string(limit_name(limit));
  return std::to_string(used) + " " + unit + ", more than the " + std::to_string(allowed) +
         " per core of target '" + target_.name + "'";
}

int64_t CoreAccumulator::cores_needed() const {
  const target::CoreLimits& limits = target_.core;
  auto ratio = [](int64_t used, int64_t limit) { return (used + limit - 1) / limit; };
  return std::max({ratio(compartments_, limits.compartments), ratio(in_axons(), limits.in_axons),
                   ratio(bits_, limits.synapse_bits), int64_t{1}});
}

bool CoreAccumulator::fits(std::span<const int32_t> group) {
  clear();
  for (int32_t neuron : group)
    add(neuron);
  const bool fit = broken_limit() == Limit::none;
  clear();
  return fit;
}

int64_t CoreAccumulator::cores_needed(std::span<const int32_t> group) {
  clear();
  for (int32_t neuron : group)
    add(neuron);
  const int64_t cores = cores_needed();
  clear();
  return cores;
}

std::string fill_cores(std::span<const std::vector<int32_t>> segments, int32_t population,
                       CoreAccumulator& core, CoreGroups& groups) {
  for (const std::vector<int32_t>& segment : segments) {
    core.clear();
    bool open = false;
    for (int32_t neuron : segment) {
      Limit broken = open ? core.try_add(neuron) : Limit::none;
      if (open && broken != Limit::none) {
        ++groups.breaks[static_cast<int>(broken)];
        core.clear();
        open = false;
      }
      if (!open) {
        if (Limit alone = core.try_add(neuron); alone != Limit::none) {
          core.add(neuron); // to measure it
          const int32_t index = neuron - core.network().populations[population].first;
          return "neuron " + std::to_string(index) + " does not fit on an empty core: it needs " +
                 core.excess(alone);
        }
        groups.neurons.emplace_back();
        groups.population.push_back(population);
        open = true;
      }
      groups.neurons.back().push_back(neuron);
    }
  }
  core.clear();
  return "";
}

} // namespace gyrus::mapping
