#include "runtime/ref/cuba_lif.h"

#include "runtime/ref/fixed_point.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace gyrus::ref {
namespace {

void require_in_range(int64_t value, int64_t lo, int64_t hi, const char* field) {
  if (value < lo || value > hi)
    throw std::invalid_argument(std::string("cuba_lif: ") + field + " must be in [" +
                                std::to_string(lo) + ", " + std::to_string(hi) + "], got " +
                                std::to_string(value));
}

/// Lava's wrap of the current, literally: two np.where corrections of at most 2^24 each,
/// so that 2^23 itself stays and -2^23 becomes 2^23. For |x| <= 3 * 2^23 this is the
/// 24-bit wrap into (-2^23, 2^23]; beyond that Lava, and so this, corrects only once.
int64_t wrap_current(int64_t x) {
  if (x > kStateWrap)
    return x - 2 * kStateWrap;
  if (x <= -kStateWrap)
    return x + 2 * kStateWrap;
  return x;
}

} // namespace

void validate(const CubaLifConfig& config) {
  require_in_range(config.du, 0, kDecayUnity - 1, "du");
  require_in_range(config.dv, 0, kDecayUnity - 1, "dv");
  if (config.vth_mant)
    require_in_range(*config.vth_mant, 0, (1 << 17) - 1, "vth_mant");
  require_in_range(config.bias_exp, 0, 7, "bias_exp");
  require_in_range(config.refractory, 0, 63, "refractory");
}

bool step_cuba_lif(const CubaLifConfig& config, int32_t bias_mant, int64_t a_in,
                   CubaLifState& state) {
  const int64_t decayed_u =
      decay_toward_zero(state.u, kDecayUnity - (config.du + kCurrentDecayOffset));
  state.u = static_cast<int32_t>(wrap_current(decayed_u + (a_in << kActivationShift)));

  const int64_t decayed_v = decay_toward_zero(state.v, kDecayUnity - config.dv);
  const int64_t bias = shift_signed(bias_mant, config.bias_exp);
  state.v = static_cast<int32_t>(std::clamp(decayed_v + state.u + bias, -kStateMax, kStateMax));

  // nengo-loihi's order: hold, then threshold, then set and count down the counter. With
  // refractory 0 the counter never leaves 0 and this is Lava's model.
  if (state.refractory_left > 0)
    state.v = 0;
  const bool spiked = config.vth_mant && state.v > (int64_t{*config.vth_mant} << kThresholdShift);
  if (spiked) {
    state.v = 0;
    state.refractory_left = config.refractory;
  }
  state.refractory_left = std::max(state.refractory_left - 1, 0);
  return spiked;
}

void step_cuba_lif(const CubaLifConfig& config, std::span<const int32_t> bias_mant,
                   std::span<const int64_t> a_in, std::span<CubaLifState> state,
                   std::span<uint8_t> spiked) {
  const size_t n = state.size();
  if (bias_mant.size() != n || a_in.size() != n || spiked.size() != n)
    throw std::invalid_argument("step_cuba_lif: bias_mant, a_in, state and spiked must have "
                                "the same size");
  for (size_t i = 0; i < n; ++i)
    spiked[i] = step_cuba_lif(config, bias_mant[i], a_in[i], state[i]) ? 1 : 0;
}

} // namespace gyrus::ref
