// The host of a compiled leaky RNN: it feeds a task batch's inputs to the integer
// reference through the image's graded input port, and turns the readout back into the
// float network's sigmoid outputs, aligned step for step with the float network.
// docs/runtime.md, "Integer reference and host I/O".
#pragma once

#include "runtime/host/host_io.h"
#include "runtime/image/image.h"
#include "runtime/ref/network.h"
#include "training/tasks/batch.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace gyrus::host {

/// One trial at a time, with the network reset between trials:
///   step t < T:          send encode(x_t) (the change of round(x_t·2^F));
///   step T … T+L−1:      send nothing, which holds the last input (L = the latency);
///   output for step t:   sigmoid(y·2^-F) read in step t + L.
/// L is pipeline_latency(image, 0, 0): 2 for input → hidden → readout, so the readout in
/// step t + 2 is the integer counterpart of the float network's output in step t.
class LeakyRnnHost {
public:
  /// Throws std::invalid_argument (or gyrus::ImageError) naming what does not fit: the
  /// image needs exactly one input port, graded, and one output port whose neurons are
  /// linear readouts, with a path from the one to the other.
  explicit LeakyRnnHost(const image::Image& image);

  size_t input_size() const { return input_size_; }
  size_t output_size() const { return output_size_; }
  uint32_t frac_bits() const { return frac_bits_; }
  int64_t latency() const { return latency_; }

  /// A network the host drives instead of its own integer reference (the chip simulator,
  /// or both engines in lockstep): `reset` before each trial, `step` once per step with
  /// that step's host input, returning the step's outputs in ReferenceNetwork::outputs'
  /// form.
  struct Network {
    std::function<void()> reset;
    std::function<const std::vector<std::vector<int64_t>>&(const ref::HostInput&)> step;
  };

  /// Every trial of `batch` through the integer reference: sigmoid outputs in the layout
  /// of batch.targets, [T, B, n_output]. Throws std::invalid_argument unless the batch
  /// has the ports' sizes.
  std::vector<float> run(const tasks::Batch& batch);
  /// The same trials, steps and encoding through `network`, which must run this image.
  std::vector<float> run(const tasks::Batch& batch, const Network& network);

private:
  ref::ReferenceNetwork network_;
  size_t input_size_ = 0;
  size_t output_size_ = 0;
  uint32_t frac_bits_ = 0;
  int64_t latency_ = 0;
};

} // namespace gyrus::host
