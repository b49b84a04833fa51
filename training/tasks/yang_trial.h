// Yang et al.'s `Trial` class (task.py): the building blocks every cog20 task
// composes. Step arguments follow Python slice semantics: `on`/`off` are step
// indices, clamped to [0, T], and an empty range adds nothing.
#pragma once

#include "training/tasks/batch.h"
#include "training/tasks/cog20.h"
#include "training/tasks/rng.h"

#include <vector>

namespace gyrus::tasks::cog20 {

/// One value per trial; a single value is broadcast to the whole batch.
template <typename T> class PerTrial {
public:
  PerTrial(T value) : values_{value} {} // NOLINT(google-explicit-constructor)
  PerTrial(std::vector<T> values) : values_(std::move(values)) {} // NOLINT
  T operator[](int b) const { return values_.size() == 1 ? values_[0] : values_[b]; }

private:
  std::vector<T> values_;
};

using Steps = PerTrial<int>;
using Values = PerTrial<double>;

class YangTrial {
public:
  /// Allocates `batch` as T x B with the lsq target baseline 0.05.
  YangTrial(Batch& batch, int steps, int trials, const Config& config);
  /// Attaches to an already allocated batch.
  YangTrial(Batch& batch, const Config& config) : batch_(batch), config_(config) {}

  int end() const { return batch_.steps; } ///< Python's `None` as an offset

  void fixation_input(const Steps& on, const Steps& off);
  /// Adds a ring bump at `locs` scaled by `strengths` to modality 1 or 2.
  void stimulus(const Values& locs, const Steps& on, const Steps& off, const Values& strengths,
                const Steps& modality);
  void fixation_output(const Steps& on, const Steps& off);
  /// Adds the response bump and records the target direction.
  void response(const Values& locs, const Steps& on, const Steps& off);
  /// 'lsq' cost mask: 0 for the first 100 ms, 1 until `pre_off`, 0 for the
  /// grace period, 5 from `post_on`; the fixation column doubled.
  void cost_mask(const Steps& pre_off, const Steps& post_on);
  void rule(int rule_index, float strength = 1.0f);
  void input_noise(Rng& rng);
  void set_epochs(std::vector<std::string> names, const std::vector<EpochSpan>& spans);

  const Config& config() const { return config_; }

private:
  int clamp(int step) const;

  Batch& batch_;
  Config config_;
};

/// Steps of a duration in ms, truncated as Python's int(ms / dt).
inline int to_steps(double ms, const Config& config) {
  return static_cast<int>(ms / config.dt_ms);
}

/// Periodic distance on the circle, as task.py's get_dist.
double circular_distance(double a, double b);

/// Yang's stimulus and target bump: 0.8 * exp(-(d / (pi/8))^2 / 2).
double ring_bump(double distance);

} // namespace gyrus::tasks::cog20
