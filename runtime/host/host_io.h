// The host's side of a deployed network: how real-valued inputs become the payloads an
// image's graded input ports take, how output values become real numbers again, and how
// many steps the chip's pipeline lags behind the float network it was compiled from.
// docs/runtime.md, "Integer reference and host I/O", explains the encoding and the latency.
#pragma once

#include "runtime/image/image.h"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace gyrus::host {

/// round(x·2^F), halves away from zero: x in the units of a graded payload, as
/// snn-quantize rounds (docs/quantization.md).
int64_t quantize_input(double x, uint32_t frac_bits);

/// y·2^-F: a graded output value (a linear readout's y) in the float network's units.
double decode_output(int64_t y, uint32_t frac_bits);

/// 1 / (1 + e^-z): the readout nonlinearity the host applies to a leaky RNN's decoded y,
/// as training/model/leaky_rnn.h does.
double sigmoid(double z);

/// Sigma-delta encoding of one graded input port. The receivers sum every payload they
/// get, so the host sends, per neuron and step, the change of round(x·2^F) since what it
/// has sent so far; an unchanged input sends nothing (payload 0). After each step the
/// receivers hold exactly round(x·2^F).
class DeltaEncoder {
public:
  DeltaEncoder(size_t neurons, uint32_t frac_bits);

  /// This step's payloads for inputs `x` (one per neuron). Throws std::invalid_argument
  /// unless x has one value per neuron.
  const std::vector<int64_t>& encode(std::span<const float> x);

  /// Forgets what was sent: the next encode sends round(x·2^F) in full.
  void reset();

private:
  uint32_t frac_bits_;
  std::vector<int64_t> sent_;    ///< per neuron, the sum of every payload sent
  std::vector<int64_t> payload_; ///< the last encode's payloads
};

/// The fewest steps from a packet sent by host input port `input` to the output of a
/// compartment of output port `output`: each hop through a synapse of delay d takes 1 + d
/// steps (docs/neuron-models.md, "Timing"). What the host sends in step t first shows in
/// that port's outputs in step t + latency. nullopt if no path leads from one to the other.
/// `image` must be valid (image::validate_image). Throws std::out_of_range for a port
/// the image lacks.
std::optional<int64_t> pipeline_latency(const image::Image& image, size_t input, size_t output);

} // namespace gyrus::host
