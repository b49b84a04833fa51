#include "training/tasks/yang_trial.h"

#include <algorithm>
#include <cmath>

namespace gyrus::tasks::cog20 {

namespace {
double preferred_direction(int unit) {
  return unit * (2.0 * M_PI / kRingSize);
}
} // namespace

double circular_distance(double a, double b) {
  const double d = std::abs(a - b);
  return std::min(d, 2.0 * M_PI - d);
}

double ring_bump(double distance) {
  const double scaled = distance / (M_PI / 8.0);
  return 0.8 * std::exp(-scaled * scaled / 2.0);
}

YangTrial::YangTrial(Batch& batch, int steps, int trials, const Config& config)
    : batch_(batch), config_(config) {
  batch_.n_input = kInputSize;
  batch_.n_output = kOutputSize;
  batch_.dt_ms = static_cast<float>(config.dt_ms);
  batch_.allocate(steps, trials, 0.05f);
}

int YangTrial::clamp(int step) const {
  return std::clamp(step, 0, batch_.steps);
}

void YangTrial::fixation_input(const Steps& on, const Steps& off) {
  for (int b = 0; b < batch_.trials; ++b)
    for (int t = clamp(on[b]); t < clamp(off[b]); ++t)
      batch_.input(t, b, 0) = 1.0f;
}

void YangTrial::stimulus(const Values& locs, const Steps& on, const Steps& off,
                         const Values& strengths, const Steps& modality) {
  float bump[kRingSize];
  for (int b = 0; b < batch_.trials; ++b) {
    for (int unit = 0; unit < kRingSize; ++unit)
      bump[unit] = static_cast<float>(
          ring_bump(circular_distance(locs[b], preferred_direction(unit))) * strengths[b]);
    const int first = 1 + (modality[b] - 1) * kRingSize;
    for (int t = clamp(on[b]); t < clamp(off[b]); ++t)
      for (int unit = 0; unit < kRingSize; ++unit)
        batch_.input(t, b, first + unit) += bump[unit];
  }
}

void YangTrial::fixation_output(const Steps& on, const Steps& off) {
  for (int b = 0; b < batch_.trials; ++b)
    for (int t = clamp(on[b]); t < clamp(off[b]); ++t)
      batch_.target(t, b, 0) = 0.8f;
}

void YangTrial::response(const Values& locs, const Steps& on, const Steps& off) {
  float bump[kRingSize];
  for (int b = 0; b < batch_.trials; ++b) {
    for (int unit = 0; unit < kRingSize; ++unit)
      bump[unit] =
          static_cast<float>(ring_bump(circular_distance(locs[b], preferred_direction(unit))));
    for (int t = clamp(on[b]); t < clamp(off[b]); ++t) {
      for (int unit = 0; unit < kRingSize; ++unit)
        batch_.target(t, b, 1 + unit) += bump[unit];
      batch_.target_angle[static_cast<size_t>(t) * batch_.trials + b] = static_cast<float>(locs[b]);
    }
  }
}

void YangTrial::cost_mask(const Steps& pre_off, const Steps& post_on) {
  const int pre_on = to_steps(100.0, config_); // never check the first 100 ms
  for (int b = 0; b < batch_.trials; ++b) {
    auto fill = [&](int from, int to, float weight) {
      for (int t = clamp(from); t < clamp(to); ++t)
        for (int o = 0; o < kOutputSize; ++o)
          batch_.mask_at(t, b, o) = weight;
    };
    fill(post_on[b], batch_.steps, 5.0f);
    fill(pre_on, pre_off[b], 1.0f);
  }
  for (int t = 0; t < batch_.steps; ++t)
    for (int b = 0; b < batch_.trials; ++b)
      batch_.mask_at(t, b, 0) *= 2.0f;
}

void YangTrial::rule(int rule_index, float strength) {
  for (int t = 0; t < batch_.steps; ++t)
    for (int b = 0; b < batch_.trials; ++b)
      batch_.input(t, b, kRuleStart + rule_index) = strength;
}

void YangTrial::input_noise(Rng& rng) {
  const double sigma = config_.sigma_x * std::sqrt(2.0 / config_.alpha);
  for (float& x : batch_.inputs)
    x = static_cast<float>(x + rng.normal() * sigma);
}

void YangTrial::set_epochs(std::vector<std::string> names, const std::vector<EpochSpan>& spans) {
  batch_.epoch_names = std::move(names);
  batch_.epochs.clear();
  batch_.epochs.reserve(spans.size() * batch_.trials);
  for (int b = 0; b < batch_.trials; ++b)
    for (const EpochSpan& span : spans)
      batch_.epochs.push_back({clamp(span.begin), clamp(span.end)});
}

} // namespace gyrus::tasks::cog20
