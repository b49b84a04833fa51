#include "runtime/ref/linear_readout.h"

#include <stdexcept>
#include <string>

namespace gyrus::ref {

void validate(const LinearConfig& config) {
  if (config.sigma_frac_bits < 0 || config.sigma_frac_bits > 62)
    throw std::invalid_argument("linear: sigma_frac_bits must be in [0, 62], got " +
                                std::to_string(config.sigma_frac_bits));
}

int64_t step_linear(const LinearConfig& config, int32_t bias, int64_t acc_in, LinearState& state) {
  state.sigma += acc_in;
  return (state.sigma >> config.sigma_frac_bits) + bias;
}

void step_linear(const LinearConfig& config, std::span<const int32_t> bias,
                 std::span<const int64_t> acc_in, std::span<LinearState> state,
                 std::span<int64_t> y) {
  const size_t n = state.size();
  if (bias.size() != n || acc_in.size() != n || y.size() != n)
    throw std::invalid_argument("step_linear: bias, acc_in, state and y must have the same "
                                "size");
  for (size_t i = 0; i < n; ++i)
    y[i] = step_linear(config, bias[i], acc_in[i], state[i]);
}

} // namespace gyrus::ref
