// linear: the readout (output) units. They decode the hidden neurons' graded spikes back
// into W_out·h + b and send nothing; the host applies the sigmoid and the task's decoding.
#pragma once

#include <cstdint>
#include <span>

namespace gyrus::ref {

struct LinearConfig {
  int32_t sigma_frac_bits = 0; ///< fractional bits sigma carries beyond y's units
};

struct LinearState {
  int64_t sigma = 0; ///< W_out·h_received, with sigma_frac_bits fractional bits
};

/// Throws std::invalid_argument unless sigma_frac_bits is in [0, 62].
void validate(const LinearConfig& config);

/// One step: sigma += acc_in; y = (sigma >> sigma_frac_bits) + bias (floor). `acc_in` is in
/// sigma's units (see align_to_sigma). Returns y in state units.
int64_t step_linear(const LinearConfig& config, int32_t bias, int64_t acc_in, LinearState& state);

/// Steps a population that shares `config`; y[i] is unit i's output. Throws
/// std::invalid_argument unless all spans have the same size.
void step_linear(const LinearConfig& config, std::span<const int32_t> bias,
                 std::span<const int64_t> acc_in, std::span<LinearState> state,
                 std::span<int64_t> y);

} // namespace gyrus::ref
