#include "training/tasks/performance.h"

#include <cmath>
#include <stdexcept>

namespace gyrus::tasks {

double population_vector(std::span<const float> ring) {
  double sum = 0, cos_sum = 0, sin_sum = 0;
  const double step = 2.0 * M_PI / static_cast<double>(ring.size());
  for (size_t i = 0; i < ring.size(); ++i) {
    sum += ring[i];
    cos_sum += ring[i] * std::cos(i * step);
    sin_sum += ring[i] * std::sin(i * step);
  }
  const double angle = std::atan2(sin_sum / sum, cos_sum / sum);
  return angle < 0 ? angle + 2.0 * M_PI : angle;
}

std::vector<int> trial_correct(const Batch& batch, std::span<const float> outputs) {
  if (outputs.size() != batch.targets.size())
    throw std::invalid_argument("outputs have " + std::to_string(outputs.size()) +
                                " values, the batch's targets " +
                                std::to_string(batch.targets.size()));
  std::vector<int> correct(batch.trials);
  for (int b = 0; b < batch.trials; ++b) {
    const int last = batch.trial_steps[b] - 1;
    const size_t base = batch.at(last, b, 0, batch.n_output);
    const bool fixating = outputs[base] > 0.5f;
    const double target = batch.angle(last, b);
    if (target < 0) {
      correct[b] = fixating;
      continue;
    }
    const double decoded = population_vector(outputs.subspan(base + 1, batch.n_output - 1));
    const double d = std::abs(target - decoded);
    correct[b] = !fixating && std::min(d, 2.0 * M_PI - d) < 0.2 * M_PI;
  }
  return correct;
}

double performance(const Batch& batch, std::span<const float> outputs) {
  const auto correct = trial_correct(batch, outputs);
  double total = 0;
  for (int c : correct)
    total += c;
  return correct.empty() ? 0.0 : total / static_cast<double>(correct.size());
}

} // namespace gyrus::tasks
