#include "runtime/ref/float_models.h"

#include <algorithm>
#include <cmath>

namespace gyrus::ref {

bool step_float_cuba_lif(const FloatCubaLifConfig& config, double bias, double a_in,
                         FloatCubaLifState& state) {
  state.u = state.u * (1.0 - config.decay_u) + a_in;
  state.v = state.v * (1.0 - config.decay_v) + state.u + bias;
  const bool spiked = config.v_threshold && state.v > *config.v_threshold;
  if (spiked)
    state.v = 0.0;
  return spiked;
}

double step_float_sigma_delta(const FloatSigmaDeltaConfig& config, double bias, double a_in,
                              FloatSigmaDeltaState& state) {
  state.sigma += a_in;
  double act = state.sigma + bias;
  if (config.activation == SigmaDeltaActivation::Relu)
    act = std::max(act, 0.0);
  const double delta = act - state.act + state.residue;
  const double sent = std::abs(delta) >= config.vth ? delta : 0.0;
  state.residue = delta - sent;
  state.act = act;
  return sent;
}

double step_float_leaky(const FloatLeakyConfig& config, double bias, double weighted_input,
                        FloatLeakyState& state) {
  const double activation = std::max(weighted_input + bias, 0.0);
  state.h = (1.0 - config.alpha) * state.h + config.alpha * activation;
  return state.h;
}

} // namespace gyrus::ref
