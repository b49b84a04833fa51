#include "gyrus/Mapping/Network.h"

#include <cmath>

namespace gyrus::mapping {

namespace {

[[noreturn]] void fail(const std::string& message) {
  throw MappingError("mapping network: " + message);
}

} // namespace

std::vector<int32_t> MappingNetwork::population_of_neurons() const {
  std::vector<int32_t> population(num_neurons(), -1);
  for (size_t p = 0; p < populations.size(); ++p)
    for (int32_t n = populations[p].first; n < populations[p].end(); ++n)
      population[n] = static_cast<int32_t>(p);
  return population;
}

void MappingNetwork::validate() const {
  if (out_indptr.empty() || out_indptr.front() != 0)
    fail("out_indptr must start at 0");
  const int32_t neurons = num_neurons();
  int32_t next = 0;
  for (const Population& population : populations) {
    if (population.first != next || population.count < 0)
      fail("population '" + population.name + "' must start at neuron " + std::to_string(next) +
           " with a non-negative count (populations tile the neurons in order)");
    if (population.has_positions() &&
        static_cast<int32_t>(population.positions.size()) != population.count)
      fail("population '" + population.name + "' has " +
           std::to_string(population.positions.size()) + " positions for " +
           std::to_string(population.count) + " neurons");
    next = population.end();
  }
  if (next != neurons)
    fail("populations cover " + std::to_string(next) + " neurons but out_indptr has " +
         std::to_string(neurons) + " rows");
  for (int32_t n = 0; n < neurons; ++n)
    if (out_indptr[n + 1] < out_indptr[n])
      fail("out_indptr decreases at neuron " + std::to_string(n));
  const int64_t synapses = out_indptr.back();
  if (static_cast<int64_t>(out_targets.size()) != synapses ||
      static_cast<int64_t>(out_weights.size()) != synapses)
    fail("out_targets and out_weights must have out_indptr.back() = " + std::to_string(synapses) +
         " entries");
  if (has_delays() && static_cast<int64_t>(out_delays.size()) != synapses)
    fail("out_delays must be empty or have one entry per synapse");
  const std::vector<int32_t> population = population_of_neurons();
  for (int64_t s = 0; s < synapses; ++s) {
    const int32_t target = out_targets[s];
    if (target < 0 || target >= neurons)
      fail("synapse " + std::to_string(s) + " targets neuron " + std::to_string(target) +
           ", which does not exist");
    if (populations[population[target]].is_input)
      fail("synapse " + std::to_string(s) + " targets input neuron " + std::to_string(target));
    if (has_delays() && out_delays[s] < 0)
      fail("synapse " + std::to_string(s) + " has a negative delay");
  }
}

IncomingSynapses IncomingSynapses::of(const MappingNetwork& network) {
  const int32_t neurons = network.num_neurons();
  IncomingSynapses in;
  in.indptr.assign(neurons + 1, 0);
  for (int32_t target : network.out_targets)
    ++in.indptr[target + 1];
  for (int32_t n = 0; n < neurons; ++n)
    in.indptr[n + 1] += in.indptr[n];
  in.sources.resize(network.out_targets.size());
  if (network.has_delays())
    in.delays.resize(network.out_targets.size());
  std::vector<int64_t> next(in.indptr.begin(), in.indptr.end() - 1);
  for (int32_t source = 0; source < neurons; ++source)
    for (int64_t s = network.out_indptr[source]; s < network.out_indptr[source + 1]; ++s) {
      const int64_t slot = next[network.out_targets[s]]++;
      in.sources[slot] = source;
      if (network.has_delays())
        in.delays[slot] = network.out_delays[s];
    }
  return in;
}

int32_t NetworkBuilder::add_population(std::string name, std::string neuron_model, int32_t count,
                                       std::vector<Position> positions, bool is_input) {
  if (count < 0)
    fail("population '" + name + "' has a negative count");
  if (!positions.empty() && static_cast<int32_t>(positions.size()) != count)
    fail("population '" + name + "' has " + std::to_string(positions.size()) + " positions for " +
         std::to_string(count) + " neurons");
  populations_.push_back(Population{std::move(name), std::move(neuron_model), neurons_, count,
                                    is_input, std::move(positions)});
  neurons_ += count;
  return static_cast<int32_t>(populations_.size()) - 1;
}

void NetworkBuilder::add_projection(int32_t source, int32_t target, std::span<const int64_t> indptr,
                                    std::span<const int32_t> indices,
                                    std::span<const float> weights,
                                    std::span<const int32_t> delays) {
  const int32_t populations = static_cast<int32_t>(populations_.size());
  if (source < 0 || source >= populations || target < 0 || target >= populations)
    fail("projection between populations " + std::to_string(source) + " and " +
         std::to_string(target) + ", of " + std::to_string(populations));
  const Population& from = populations_[source];
  const Population& to = populations_[target];
  const std::string name = "projection '" + from.name + "' -> '" + to.name + "'";
  if (to.is_input)
    fail(name + " targets an input population");
  if (static_cast<int32_t>(indptr.size()) != to.count + 1 || indptr.front() != 0)
    fail(name + ": indptr must have " + std::to_string(to.count + 1) + " entries from 0");
  const int64_t synapses = indptr.back();
  if (static_cast<int64_t>(indices.size()) != synapses ||
      static_cast<int64_t>(weights.size()) != synapses ||
      (!delays.empty() && static_cast<int64_t>(delays.size()) != synapses))
    fail(name + ": indices, weights (and delays, if any) need " + std::to_string(synapses) +
         " entries");
  for (int32_t row = 0; row < to.count; ++row) {
    if (indptr[row + 1] < indptr[row])
      fail(name + ": indptr decreases at row " + std::to_string(row));
    for (int64_t s = indptr[row]; s < indptr[row + 1]; ++s) {
      if (indices[s] < 0 || indices[s] >= from.count)
        fail(name + ": index " + std::to_string(indices[s]) + " is not a neuron of '" + from.name +
             "'");
      if (!delays.empty() && delays[s] < 0)
        fail(name + ": negative delay at synapse " + std::to_string(s));
      sources_.push_back(from.first + indices[s]);
      targets_.push_back(to.first + row);
      weights_.push_back(std::fabs(weights[s]));
      delays_.push_back(delays.empty() ? 0 : delays[s]);
    }
  }
  any_delays_ = any_delays_ || !delays.empty();
}

MappingNetwork NetworkBuilder::build() && {
  MappingNetwork network;
  network.populations = std::move(populations_);
  network.out_indptr.assign(neurons_ + 1, 0);
  for (int32_t source : sources_)
    ++network.out_indptr[source + 1];
  for (int32_t n = 0; n < neurons_; ++n)
    network.out_indptr[n + 1] += network.out_indptr[n];
  const size_t synapses = sources_.size();
  network.out_targets.resize(synapses);
  network.out_weights.resize(synapses);
  if (any_delays_)
    network.out_delays.resize(synapses);
  std::vector<int64_t> next(network.out_indptr.begin(), network.out_indptr.end() - 1);
  for (size_t s = 0; s < synapses; ++s) {
    const int64_t slot = next[sources_[s]]++;
    network.out_targets[slot] = targets_[s];
    network.out_weights[slot] = weights_[s];
    if (any_delays_)
      network.out_delays[slot] = delays_[s];
  }
  return network;
}

} // namespace gyrus::mapping
