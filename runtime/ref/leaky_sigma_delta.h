// leaky_sigma_delta: gyrus's deployment form of the trained leaky ReLU RNN neuron
// h <- (1 - alpha) h + alpha relu(W_rec h + W_in x + b). Lava has no such process; the
// bridge defines one with these equations. docs/neuron-models.md derives why, with vth = 0,
// a network of these computes exactly the quantized integer RNN.
#pragma once

#include <cstdint>
#include <span>

namespace gyrus::ref {

/// alpha_q = round(alpha * 4096): alpha as a 12-bit fraction.
inline constexpr int32_t kAlphaOne = 4096;
inline constexpr int kAlphaShift = 12;

struct LeakySigmaDeltaConfig {
  int32_t alpha_q = kAlphaOne; ///< in [1, 4096]; 4096 makes h = relu(z) exactly
  int32_t vth = 0;             ///< send the change of h only once |change| >= vth
  int32_t sigma_frac_bits = 0; ///< fractional bits sigma carries beyond h's units
};

struct LeakySigmaDeltaState {
  int64_t sigma = 0;  ///< pre-activation W·h_received, with sigma_frac_bits fractional bits
  int32_t h = 0;      ///< the neuron's state, in [0, 2^23 - 1]
  int32_t h_sent = 0; ///< the sum of every payload sent: what the receivers hold of h
};

/// Throws std::invalid_argument unless alpha_q is in [1, 4096], vth in [0, 2^23 - 1] and
/// sigma_frac_bits in [0, 62].
void validate(const LeakySigmaDeltaConfig& config);

/// One step. `acc_in`: this step's input in sigma's units, the sum over projections of
/// align_to_sigma(sum of mantissa*payload, weight_exp, sigma_frac_bits). Returns the
/// payload (0: nothing sent); it fits 24-bit signed.
///
///   sigma += acc_in;
///   z = (sigma >> sigma_frac_bits) + bias;                  (floor)
///   act = clamp(z, 0, 2^23 − 1);                            (relu, 24-bit)
///   h += (alpha_q·(act − h) + 2048) >> 12;                  (round half up)
///   delta = h − h_sent; if delta ≠ 0 and |delta| ≥ vth: send delta, h_sent = h.
///
/// h moves toward act and never past it, so it stays in [0, 2^23 − 1].
int32_t step_leaky_sigma_delta(const LeakySigmaDeltaConfig& config, int32_t bias, int64_t acc_in,
                               LeakySigmaDeltaState& state);

/// Steps a population that shares `config`; payload[i] is neuron i's payload. Throws
/// std::invalid_argument unless all spans have the same size.
void step_leaky_sigma_delta(const LeakySigmaDeltaConfig& config, std::span<const int32_t> bias,
                            std::span<const int64_t> acc_in, std::span<LeakySigmaDeltaState> state,
                            std::span<int32_t> payload);

} // namespace gyrus::ref
