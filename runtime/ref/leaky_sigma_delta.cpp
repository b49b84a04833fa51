#include "runtime/ref/leaky_sigma_delta.h"

#include "runtime/ref/fixed_point.h"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace gyrus::ref {

void validate(const LeakySigmaDeltaConfig& config) {
  if (config.alpha_q < 1 || config.alpha_q > kAlphaOne)
    throw std::invalid_argument("leaky_sigma_delta: alpha_q must be in [1, 4096], got " +
                                std::to_string(config.alpha_q));
  if (config.vth < 0 || config.vth > kStateMax)
    throw std::invalid_argument("leaky_sigma_delta: vth must be in [0, 8388607], got " +
                                std::to_string(config.vth));
  if (config.sigma_frac_bits < 0 || config.sigma_frac_bits > 62)
    throw std::invalid_argument("leaky_sigma_delta: sigma_frac_bits must be in [0, 62], got " +
                                std::to_string(config.sigma_frac_bits));
}

int32_t step_leaky_sigma_delta(const LeakySigmaDeltaConfig& config, int32_t bias, int64_t acc_in,
                               LeakySigmaDeltaState& state) {
  state.sigma += acc_in;
  const int64_t z = (state.sigma >> config.sigma_frac_bits) + bias;
  const int64_t act = std::clamp<int64_t>(z, 0, kStateMax);
  constexpr int64_t kHalf = int64_t{1} << (kAlphaShift - 1);
  state.h += static_cast<int32_t>((config.alpha_q * (act - state.h) + kHalf) >> kAlphaShift);

  const int32_t delta = state.h - state.h_sent;
  if (delta == 0 || std::abs(delta) < config.vth)
    return 0;
  state.h_sent = state.h;
  return delta;
}

void step_leaky_sigma_delta(const LeakySigmaDeltaConfig& config, std::span<const int32_t> bias,
                            std::span<const int64_t> acc_in, std::span<LeakySigmaDeltaState> state,
                            std::span<int32_t> payload) {
  const size_t n = state.size();
  if (bias.size() != n || acc_in.size() != n || payload.size() != n)
    throw std::invalid_argument("step_leaky_sigma_delta: bias, acc_in, state and payload "
                                "must have the same size");
  for (size_t i = 0; i < n; ++i)
    payload[i] = step_leaky_sigma_delta(config, bias[i], acc_in[i], state[i]);
}

} // namespace gyrus::ref
