// Task performance as in Yang et al. 2019 (network.py get_perf), applied to
// both suites: judged at the last valid step of each trial.
#pragma once

#include "training/tasks/batch.h"

#include <span>
#include <vector>

namespace gyrus::tasks {

/// Population-vector direction in [0, 2*pi) of ring activity, as popvec().
double population_vector(std::span<const float> ring);

/// Per trial, 1 if correct else 0. `outputs` has the layout of
/// `batch.targets` ([T, B, n_output], after the sigmoid). A trial that should
/// fixate (target angle < 0) is correct when the fixation output is > 0.5;
/// otherwise when it is <= 0.5 and the decoded direction is within 0.2*pi.
std::vector<int> trial_correct(const Batch& batch, std::span<const float> outputs);

/// Fraction of correct trials in [0, 1].
double performance(const Batch& batch, std::span<const float> outputs);

} // namespace gyrus::tasks
