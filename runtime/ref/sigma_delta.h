// sigma_delta: Loihi 2's graded-spike neuron, bit-exact with Lava's PySigmaDeltaModelFixed
// (lava-nc/lava, src/lava/proc/sdn/models.py, with AbstractSigmaDeltaModel and
// AbstractDeltaModel above it), the model Lava's select_tag "fixed_pt" picks for SigmaDelta.
#pragma once

#include <cstdint>
#include <span>

namespace gyrus::ref {

/// Lava's ActivationMode for SigmaDelta.
enum class SigmaDeltaActivation {
  Relu, ///< act = max(sigma + bias, 0); Lava's default
  Unit, ///< act = sigma + bias
};

/// Lava's SigmaDelta process multiplies vth and bias by 2^(spike_exp + state_exp) before
/// the model sees them; `vth` here, and the bias passed to the step, are those scaled values.
/// Lava's cum_error mode is not modelled.
struct SigmaDeltaConfig {
  int32_t vth = 0;       ///< send delta only if |delta| >= vth
  int32_t state_exp = 0; ///< the payload is delta >> state_exp
  SigmaDeltaActivation activation = SigmaDeltaActivation::Relu;
};

struct SigmaDeltaState {
  int64_t sigma = 0;   ///< running sum of the input
  int64_t act = 0;     ///< the previous step's activation
  int64_t residue = 0; ///< the delta held back because it was under threshold
};

/// Throws std::invalid_argument unless vth is in [0, 2^23 - 1] and state_exp in [0, 7]
/// (Lava's 24-bit and 3-bit fields).
void validate(const SigmaDeltaConfig& config);

/// One step; returns the payload sent (0: nothing sent).
///
///   sigma += a_in; act = relu(sigma + bias);
///   delta = act − act_prev + residue; s = |delta| ≥ vth ? delta : 0;
///   residue = delta − s; act_prev = act; payload = s >> state_exp (floor).
///
/// As in Lava, residue keeps only what fell under the threshold; the low state_exp bits
/// that the final shift drops are lost (Lava's PySigmaDeltaModelFixedCorrected would keep
/// them; Lava does not select it).
int64_t step_sigma_delta(const SigmaDeltaConfig& config, int32_t bias, int64_t a_in,
                         SigmaDeltaState& state);

/// Steps a population that shares `config`; payload[i] is neuron i's payload. Throws
/// std::invalid_argument unless all spans have the same size.
void step_sigma_delta(const SigmaDeltaConfig& config, std::span<const int32_t> bias,
                      std::span<const int64_t> a_in, std::span<SigmaDeltaState> state,
                      std::span<int64_t> payload);

} // namespace gyrus::ref
