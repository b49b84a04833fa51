// The integer arithmetic every neuron model shares: the widths of Loihi's state
// registers, Lava Dense's weight exponent, the sign-magnitude decay of Loihi's
// compartments, and the alignment of a projection's input to a neuron's sigma.
// docs/neuron-models.md gives the equations.
#pragma once

#include <cstdint>

namespace gyrus::ref {

/// Loihi's compartment state (u, v, sigma-delta activations) is 24-bit signed.
inline constexpr int kStateBits = 24;
/// Lava's `max_uv_val`, 2^23: the bound of the current's wrap.
inline constexpr int64_t kStateWrap = int64_t{1} << (kStateBits - 1);
/// The largest 24-bit signed value, 2^23 - 1: the bound voltages and activations clip to.
inline constexpr int64_t kStateMax = kStateWrap - 1;

/// Decay constants are 12-bit fractions of 4096 ("MSB-aligned with 12 bits" in Lava).
inline constexpr int kDecayShift = 12;
inline constexpr int64_t kDecayUnity = int64_t{1} << kDecayShift;

/// Lava Dense (PyDenseModelBitAcc): after summing m*s, shift left by weight_exp if > 0,
/// arithmetic (floor) right shift if < 0; so -5 with weight_exp -1 gives -3. Throws
/// std::invalid_argument unless |weight_exp| <= 62.
int64_t shift_by_weight_exp(int64_t sum, int weight_exp);

/// Input in sigma's units from one projection: (sum of mantissa*payload) <<
/// (weight_exp + sigma_frac_bits). The shift is exact, which is why sigma carries
/// `sigma_frac_bits` fractional bits: no rounding ever enters the accumulation. Throws
/// std::invalid_argument unless 0 <= weight_exp + sigma_frac_bits <= 62.
int64_t align_to_sigma(int64_t sum, int weight_exp, int sigma_frac_bits);

/// Loihi's decay: (x * factor) / 4096 truncated toward zero, computed as
/// sign(p) * (|p| >> 12) on p = x * factor (Lava AbstractPyLifModelFixed). A plain >> would
/// floor, so negative states would decay one unit further than positive ones.
inline int64_t decay_toward_zero(int64_t x, int64_t factor) {
  const int64_t product = x * factor;
  return product >= 0 ? product >> kDecayShift : -((-product) >> kDecayShift);
}

/// `value` shifted left by `exp` if exp >= 0, else arithmetically (floor) right: how Lava
/// applies a signed exponent to a mantissa (LIF's bias_exp, Dense's weight_exp).
inline int64_t shift_signed(int64_t value, int exp) {
  return exp >= 0 ? value << exp : value >> -exp;
}

} // namespace gyrus::ref
