// The 20 cognitive tasks of Yang et al. 2019, ported from gyyang/multitask
// task.py. Encoding: input = fixation + two rings of 32 + 20 rule units (85);
// output = fixation + ring of 32 (33). See docs/tasks.md.
#pragma once

#include "training/tasks/batch.h"
#include "training/tasks/rng.h"

#include <string>
#include <string_view>
#include <vector>

namespace gyrus::tasks::cog20 {

inline constexpr int kRingSize = 32;
inline constexpr int kNumRings = 2;
inline constexpr int kNumRules = 20;
inline constexpr int kInputSize = 1 + kNumRings * kRingSize + kNumRules; // 85
inline constexpr int kOutputSize = 1 + kRingSize;                        // 33
inline constexpr int kRuleStart = 1 + kNumRings * kRingSize;             // 65

/// Hyperparameters of task.py that shape the trials (train.py defaults).
struct Config {
  double dt_ms = 20.0;
  double alpha = 0.2;    ///< dt / tau, only used for the input-noise scale
  double sigma_x = 0.01; ///< input noise is N(0, (sigma_x * sqrt(2/alpha))^2)
};

const std::vector<std::string>& task_names();

/// Generates one batch of `task` (one of task_names()). In test mode the
/// condition grid of task.py fixes the batch size and `batch` is ignored.
Batch generate(std::string_view task, Mode mode, int batch, bool input_noise, Rng& rng,
               const Config& config = {});

/// Yang's train_all rule_prob_map: contextdm1 and contextdm2 weighted 5, others 1.
std::vector<double> train_all_weights();

} // namespace gyrus::tasks::cog20
