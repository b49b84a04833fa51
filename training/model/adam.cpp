#include "training/model/adam.h"

#include <algorithm>
#include <cmath>

namespace gyrus::model {

Adam::Adam(const RnnConfig& shape, const AdamConfig& config) : config_(config) {
  m_.resize(shape);
  v_.resize(shape);
}

void Adam::step(RnnParameters<float>& params, RnnParameters<float>& grad) {
  ++steps_;
  const double t = static_cast<double>(steps_);
  // Bias corrections folded into the step size, as TensorFlow's Adam does.
  const float lr =
      static_cast<float>(config_.learning_rate * std::sqrt(1.0 - std::pow(config_.beta2, t)) /
                         (1.0 - std::pow(config_.beta1, t)));
  const float b1 = static_cast<float>(config_.beta1), b2 = static_cast<float>(config_.beta2);
  const float eps = static_cast<float>(config_.epsilon), clip = static_cast<float>(config_.clip);
  float* const m_tensors[] = {m_.w_in.data(), m_.w_rec.data(), m_.b.data(), m_.w_out.data(),
                              m_.b_out.data()};
  float* const v_tensors[] = {v_.w_in.data(), v_.w_rec.data(), v_.b.data(), v_.w_out.data(),
                              v_.b_out.data()};
  float* const g_tensors[] = {grad.w_in.data(), grad.w_rec.data(), grad.b.data(), grad.w_out.data(),
                              grad.b_out.data()};
  int tensor = 0;
  params.for_each([&](auto& p, std::string_view) {
    float* w = p.data();
    float* m = m_tensors[tensor];
    float* v = v_tensors[tensor];
    float* g = g_tensors[tensor];
    ++tensor;
    for (Eigen::Index i = 0; i < p.size(); ++i) {
      const float gi = clip > 0 ? std::clamp(g[i], -clip, clip) : g[i];
      g[i] = gi;
      m[i] = b1 * m[i] + (1 - b1) * gi;
      v[i] = b2 * v[i] + (1 - b2) * gi * gi;
      w[i] -= lr * m[i] / (std::sqrt(v[i]) + eps);
    }
  });
}

} // namespace gyrus::model
