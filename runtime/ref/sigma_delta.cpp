#include "runtime/ref/sigma_delta.h"

#include "runtime/ref/fixed_point.h"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace gyrus::ref {

void validate(const SigmaDeltaConfig& config) {
  if (config.vth < 0 || config.vth > kStateMax)
    throw std::invalid_argument("sigma_delta: vth must be in [0, 8388607], got " +
                                std::to_string(config.vth));
  if (config.state_exp < 0 || config.state_exp > 7)
    throw std::invalid_argument("sigma_delta: state_exp must be in [0, 7], got " +
                                std::to_string(config.state_exp));
}

int64_t step_sigma_delta(const SigmaDeltaConfig& config, int32_t bias, int64_t a_in,
                         SigmaDeltaState& state) {
  state.sigma += a_in;
  int64_t act = state.sigma + bias;
  if (config.activation == SigmaDeltaActivation::Relu)
    act = std::max<int64_t>(act, 0);
  const int64_t delta = act - state.act + state.residue;
  const int64_t sent = std::abs(delta) >= config.vth ? delta : 0;
  state.residue = delta - sent;
  state.act = act;
  return sent >> config.state_exp;
}

void step_sigma_delta(const SigmaDeltaConfig& config, std::span<const int32_t> bias,
                      std::span<const int64_t> a_in, std::span<SigmaDeltaState> state,
                      std::span<int64_t> payload) {
  const size_t n = state.size();
  if (bias.size() != n || a_in.size() != n || payload.size() != n)
    throw std::invalid_argument("step_sigma_delta: bias, a_in, state and payload must have "
                                "the same size");
  for (size_t i = 0; i < n; ++i)
    payload[i] = step_sigma_delta(config, bias[i], a_in[i], state[i]);
}

} // namespace gyrus::ref
