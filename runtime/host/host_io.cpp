#include "runtime/host/host_io.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <queue>
#include <stdexcept>
#include <string>
#include <utility>

namespace gyrus::host {

int64_t quantize_input(double x, uint32_t frac_bits) {
  return std::llround(std::ldexp(x, static_cast<int>(frac_bits)));
}

double decode_output(int64_t y, uint32_t frac_bits) {
  return std::ldexp(static_cast<double>(y), -static_cast<int>(frac_bits));
}

double sigmoid(double z) {
  return 1.0 / (1.0 + std::exp(-z));
}

DeltaEncoder::DeltaEncoder(size_t neurons, uint32_t frac_bits)
    : frac_bits_(frac_bits), sent_(neurons, 0), payload_(neurons, 0) {}

const std::vector<int64_t>& DeltaEncoder::encode(std::span<const float> x) {
  if (x.size() != sent_.size())
    throw std::invalid_argument("DeltaEncoder: " + std::to_string(x.size()) + " inputs for " +
                                std::to_string(sent_.size()) + " neurons");
  for (size_t i = 0; i < x.size(); ++i) {
    const int64_t value = quantize_input(x[i], frac_bits_);
    payload_[i] = value - sent_[i];
    sent_[i] = value;
  }
  return payload_;
}

void DeltaEncoder::reset() {
  std::fill(sent_.begin(), sent_.end(), 0);
  std::fill(payload_.begin(), payload_.end(), 0);
}

std::optional<int64_t> pipeline_latency(const image::Image& image, size_t input, size_t output) {
  if (input >= image.inputs.size() || output >= image.outputs.size())
    throw std::out_of_range("pipeline_latency: the image has " +
                            std::to_string(image.inputs.size()) + " input and " +
                            std::to_string(image.outputs.size()) + " output ports");
  // Dijkstra over compartments; a node is (core, compartment), reached at the step it
  // first integrates a packet that started at the host.
  std::vector<std::vector<int64_t>> reached(image.cores.size());
  for (size_t c = 0; c < image.cores.size(); ++c)
    reached[c].assign(image.cores[c].compartment_count(), INT64_MAX);
  using Node = std::pair<int64_t, std::pair<uint32_t, uint32_t>>; // (steps, (core, compartment))
  std::priority_queue<Node, std::vector<Node>, std::greater<>> frontier;
  auto relax = [&](int64_t steps, const image::AxonTarget& target) {
    const image::Core& core = image.cores[target.core];
    for (const image::SynapseBlock& block : core.synapses) {
      if (target.axon < block.first_axon || target.axon >= block.end_axon())
        continue;
      for (const image::Synapse& synapse : block.axons[target.axon - block.first_axon]) {
        const int64_t arrival = steps + 1 + synapse.delay;
        int64_t& best = reached[target.core][synapse.compartment];
        if (arrival < best) {
          best = arrival;
          frontier.push({arrival, {target.core, synapse.compartment}});
        }
      }
    }
  };
  for (const auto& targets : image.inputs[input].neurons)
    for (const image::AxonTarget& target : targets)
      relax(0, target);
  while (!frontier.empty()) {
    const auto [steps, node] = frontier.top();
    frontier.pop();
    const auto [core, compartment] = node;
    if (steps > reached[core][compartment])
      continue;
    const auto& axons = image.cores[core].axons;
    if (compartment < axons.size())
      for (const image::AxonTarget& target : axons[compartment])
        relax(steps, target);
  }
  int64_t latency = INT64_MAX;
  for (const image::CompartmentRef& neuron : image.outputs[output].neurons)
    latency = std::min(latency, reached[neuron.core][neuron.compartment]);
  if (latency == INT64_MAX)
    return std::nullopt;
  return latency;
}

} // namespace gyrus::host
