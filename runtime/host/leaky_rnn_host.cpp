#include "runtime/host/leaky_rnn_host.h"

#include <stdexcept>
#include <string>

namespace gyrus::host {
namespace {

/// The image's checks, before the reference network (which validates the image) exists.
const image::Image& checked(const image::Image& image) {
  if (image.inputs.size() != 1 || image.outputs.size() != 1)
    throw std::invalid_argument("a leaky RNN image has one input and one output port; this one "
                                "has " +
                                std::to_string(image.inputs.size()) + " and " +
                                std::to_string(image.outputs.size()));
  if (image.inputs[0].spike_kind != image::SpikeKind::Graded)
    throw std::invalid_argument("input port '" + image.inputs[0].name +
                                "' takes spikes; a leaky RNN's input port takes graded payloads");
  return image;
}

} // namespace

LeakyRnnHost::LeakyRnnHost(const image::Image& image)
    : network_(checked(image)), input_size_(image.inputs[0].neurons.size()),
      output_size_(image.outputs[0].neurons.size()), frac_bits_(image.metadata.frac_bits) {
  for (const image::CompartmentRef& neuron : image.outputs[0].neurons)
    if (!std::holds_alternative<image::LinearParams>(
            image.cores[neuron.core].group_of(neuron.compartment)->params))
      throw std::invalid_argument("output port '" + image.outputs[0].name + "': core " +
                                  std::to_string(neuron.core) + ", compartment " +
                                  std::to_string(neuron.compartment) + " is not a linear readout");
  const std::optional<int64_t> latency = pipeline_latency(image, 0, 0);
  if (!latency)
    throw std::invalid_argument("no path leads from input port '" + image.inputs[0].name +
                                "' to output port '" + image.outputs[0].name + "'");
  latency_ = *latency;
}

std::vector<float> LeakyRnnHost::run(const tasks::Batch& batch) {
  return run(batch,
             {[this] { network_.reset(); },
              [this](const ref::HostInput& input) -> const std::vector<std::vector<int64_t>>& {
                network_.step(input);
                return network_.outputs();
              }});
}

std::vector<float> LeakyRnnHost::run(const tasks::Batch& batch, const Network& network) {
  if (static_cast<size_t>(batch.n_input) != input_size_ ||
      static_cast<size_t>(batch.n_output) != output_size_)
    throw std::invalid_argument(
        "batch of task " + batch.task + " has " + std::to_string(batch.n_input) + " inputs and " +
        std::to_string(batch.n_output) + " outputs; the image's ports " +
        std::to_string(input_size_) + " and " + std::to_string(output_size_));
  std::vector<float> outputs(batch.targets.size());
  DeltaEncoder encoder(input_size_, frac_bits_);
  ref::HostInput host_input(1);
  for (int b = 0; b < batch.trials; ++b) {
    network.reset();
    encoder.reset();
    for (int64_t step = 0; step < batch.steps + latency_; ++step) {
      if (step < batch.steps) {
        const float* x = &batch.inputs[batch.at(static_cast<int>(step), b, 0, batch.n_input)];
        host_input[0] = encoder.encode({x, input_size_});
      } else {
        host_input[0].clear(); // the last input holds: no change, nothing sent
      }
      const std::vector<std::vector<int64_t>>& outputs_now = network.step(host_input);
      const int64_t t = step - latency_;
      if (t < 0)
        continue;
      const std::vector<int64_t>& y = outputs_now[0];
      for (size_t o = 0; o < output_size_; ++o)
        outputs[batch.at(static_cast<int>(t), b, static_cast<int>(o), batch.n_output)] =
            static_cast<float>(sigmoid(decode_output(y[o], frac_bits_)));
    }
  }
  return outputs;
}

} // namespace gyrus::host
