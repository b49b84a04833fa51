// Adam (Kingma & Ba) with the elementwise gradient clipping of Yang et al.
// (clip_by_value(g, -1, 1) before the update), over all five RNN tensors.
#pragma once

#include "training/model/rnn_parameters.h"

#include <cstdint>

namespace gyrus::model {

struct AdamConfig {
  double learning_rate = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double epsilon = 1e-8; ///< TensorFlow's default, as Yang's code used
  double clip = 1.0;     ///< elementwise gradient clip; <= 0 disables it
};

class Adam {
public:
  Adam(const RnnConfig& shape, const AdamConfig& config);

  /// One update of `params` with gradient `grad` (clipped in place).
  void step(RnnParameters<float>& params, RnnParameters<float>& grad);

  int64_t steps() const { return steps_; }
  const AdamConfig& config() const { return config_; }
  void set_learning_rate(double lr) { config_.learning_rate = lr; }

  // Moments are exposed so that neuron swaps can permute them with the weights
  // and checkpoints can store them.
  RnnParameters<float>& first_moment() { return m_; }
  RnnParameters<float>& second_moment() { return v_; }
  const RnnParameters<float>& first_moment() const { return m_; }
  const RnnParameters<float>& second_moment() const { return v_; }
  void set_steps(int64_t steps) { steps_ = steps; }

private:
  AdamConfig config_;
  RnnParameters<float> m_, v_;
  int64_t steps_ = 0;
};

} // namespace gyrus::model
