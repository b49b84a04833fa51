// Shared probes for the task-suite tests: outputs that a perfect, a
// fixating-only and a deliberately wrong network would produce.
#pragma once

#include "training/tasks/batch.h"

#include <cmath>
#include <vector>

namespace gyrus::tasks::testing {

/// Outputs equal to the targets: a perfect network.
inline std::vector<float> oracle_outputs(const Batch& batch) {
  return batch.targets;
}

/// A network that fixates throughout: fixation 0.8, ring at baseline.
inline std::vector<float> always_fixate_outputs(const Batch& batch) {
  std::vector<float> out(batch.targets.size(), 0.05f);
  for (int t = 0; t < batch.steps; ++t)
    for (int b = 0; b < batch.trials; ++b)
      out[batch.at(t, b, 0, batch.n_output)] = 0.8f;
  return out;
}

/// Responds opposite to the target on go trials and breaks fixation
/// (responding at the ring's unit 0) on trials that must fixate.
inline std::vector<float> wrong_outputs(const Batch& batch) {
  const int ring = batch.n_output - 1;
  std::vector<float> out(batch.targets.size(), 0.05f);
  for (int t = 0; t < batch.steps; ++t)
    for (int b = 0; b < batch.trials; ++b) {
      const float target = batch.angle(t, b);
      const double wrong = target < 0 ? 0.0 : std::fmod(target + M_PI, 2 * M_PI);
      for (int unit = 0; unit < ring; ++unit) {
        double d = std::abs(wrong - unit * 2 * M_PI / ring);
        d = std::min(d, 2 * M_PI - d) / (M_PI / 8);
        out[batch.at(t, b, 1 + unit, batch.n_output)] =
            static_cast<float>(0.8 * std::exp(-d * d / 2));
      }
    }
  return out;
}

/// Share of trials whose last valid step asks for fixation.
inline double nogo_share(const Batch& batch) {
  double count = 0;
  for (int b = 0; b < batch.trials; ++b)
    count += batch.angle(batch.trial_steps[b] - 1, b) < 0;
  return count / batch.trials;
}

} // namespace gyrus::tasks::testing
