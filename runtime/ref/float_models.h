// The float forms of the neuron models: what the integer models approximate. They are the
// top of the verification ladder (float ≈ integer reference), and the form the trainer and
// NIR's continuous models discretise to. Lava's floating_pt models (PyLifModelFloat,
// PySigmaDeltaModelFloat) use the same equations. docs/quantization.md says how their
// parameters become the integer ones.
#pragma once

#include "runtime/ref/sigma_delta.h"

#include <optional>

namespace gyrus::ref {

/// Lava PyLifModelFloat, with decays as fractions (Lava's du, dv in floating_pt).
struct FloatCubaLifConfig {
  double decay_u = 0.0;
  double decay_v = 0.0;
  std::optional<double> v_threshold = std::nullopt; ///< absent: never spikes
};

struct FloatCubaLifState {
  double u = 0.0;
  double v = 0.0;
};

/// u = u·(1 − decay_u) + a_in; v = v·(1 − decay_v) + u + bias; spike if v > v_threshold,
/// then v = 0. Returns whether the neuron spiked.
bool step_float_cuba_lif(const FloatCubaLifConfig& config, double bias, double a_in,
                         FloatCubaLifState& state);

/// Lava PySigmaDeltaModelFloat: no exponents, the threshold in the activation's units.
struct FloatSigmaDeltaConfig {
  double vth = 0.0;
  SigmaDeltaActivation activation = SigmaDeltaActivation::Relu;
};

struct FloatSigmaDeltaState {
  double sigma = 0.0;
  double act = 0.0;
  double residue = 0.0;
};

/// sigma += a_in; act = relu(sigma + bias); delta = act − act_prev + residue;
/// s = |delta| ≥ vth ? delta : 0; residue = delta − s. Returns s.
double step_float_sigma_delta(const FloatSigmaDeltaConfig& config, double bias, double a_in,
                              FloatSigmaDeltaState& state);

/// The trained leaky ReLU RNN neuron (training/model/leaky_rnn.h), noise-free.
struct FloatLeakyConfig {
  double alpha = 1.0;
};

struct FloatLeakyState {
  double h = 0.0;
};

/// h = (1 − alpha)·h + alpha·relu(z) with z = weighted_input + bias, where weighted_input
/// is the whole W·h_prev (+ W_in·x), not a change of it. Returns the new h.
double step_float_leaky(const FloatLeakyConfig& config, double bias, double weighted_input,
                        FloatLeakyState& state);

/// The readout, y = weighted_input + bias (W_out·h + b); it keeps no state.
inline double float_linear(double bias, double weighted_input) {
  return weighted_input + bias;
}

} // namespace gyrus::ref
