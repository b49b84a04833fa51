// cuba_lif: the Loihi CUBA compartment, bit-exact with Lava's PyLifModelBitAcc
// (lava-nc/lava, src/lava/proc/lif/models.py, and its base AbstractPyLifModelFixed),
// plus Loihi 1's refractory delay in nengo-loihi's step order
// (nengo_loihi/emulator/interface.py, CompartmentState.advance_compartments).
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace gyrus::ref {

/// Lava's `ds_offset`: Loihi adds 1 to du (never to dv), so that du = 4095 decays the
/// current completely in one step.
inline constexpr int32_t kCurrentDecayOffset = 1;
/// Loihi MSB-aligns the synaptic input and the threshold with the 24-bit state by 6 bits
/// (Lava's `act_shift` and `vth_shift`).
inline constexpr int kActivationShift = 6;
inline constexpr int kThresholdShift = 6;

struct CubaLifConfig {
  int32_t du = 0; ///< current decay, 12-bit unsigned; the effective decay is du + 1
  int32_t dv = 0; ///< voltage decay, 12-bit unsigned
  /// 17-bit; the threshold is vth_mant << 6. Absent: the neuron never spikes.
  std::optional<int32_t> vth_mant = std::nullopt;
  int32_t bias_exp = 0; ///< bias = bias_mant << bias_exp (>> -bias_exp if negative)
  /// Loihi 1's refractory delay in steps, counting the spike's own step: the voltage is
  /// held at 0 for refractory - 1 steps after a spike. 0 (and 1) give Lava's model.
  int32_t refractory = 0;
};

struct CubaLifState {
  int32_t u = 0;               ///< current, in (-2^23, 2^23] while |a_in| < 2^18
  int32_t v = 0;               ///< voltage, in [-(2^23 - 1), 2^23 - 1]
  int32_t refractory_left = 0; ///< steps the voltage is still held at 0
};

/// Throws std::invalid_argument naming the field unless the config fits Loihi's registers
/// as Lava's PyLifModelBitAcc documents them: du and dv in [0, 4095], vth_mant in
/// [0, 2^17 - 1], bias_exp in [0, 7], refractory in [0, 63].
void validate(const CubaLifConfig& config);

/// One step. `a_in`: this step's weighted input, already shifted by the projections'
/// weight_exp (Lava Dense's a_out). Returns whether the neuron spiked.
///
///   u = sign(u)·((|u|·(4096 − du − 1)) >> 12) + (a_in << 6), then u −= 2^24 if u > 2^23,
///       u += 2^24 if u ≤ −2^23 (Lava's single correction);
///   v = clip(sign(v)·((|v|·(4096 − dv)) >> 12) + u + (bias_mant << bias_exp), ±(2^23 − 1));
///   v = 0 while refractory; spike if v > vth_mant << 6, then v = 0.
///
/// Bit-exact with Lava for |a_in| < 2^24, where Lava's int32 arithmetic cannot overflow;
/// u stays 24-bit (a true wrap) for |a_in| < 2^18.
bool step_cuba_lif(const CubaLifConfig& config, int32_t bias_mant, int64_t a_in,
                   CubaLifState& state);

/// Steps a population that shares `config`: neuron i gets bias_mant[i] and a_in[i], and
/// spiked[i] becomes 1 if it spiked, else 0. Throws std::invalid_argument unless all spans
/// have the same size.
void step_cuba_lif(const CubaLifConfig& config, std::span<const int32_t> bias_mant,
                   std::span<const int64_t> a_in, std::span<CubaLifState> state,
                   std::span<uint8_t> spiked);

} // namespace gyrus::ref
