// Task variance (Yang et al. 2019, analysis/variance.py and clustering.py):
// how strongly each hidden unit's activity depends on the stimulus condition
// within each task. docs/analysis.md gives the equations.
#pragma once

#include "training/tasks/batch.h"
#include "training/tasks/suite.h"

#include <Eigen/Core>
#include <string>
#include <string_view>
#include <vector>

namespace gyrus::analysis {

/// Yang's activity threshold: units whose task variances sum to at most
/// this are silent and left out of the clustering.
inline constexpr double kVarianceThreshold = 1e-3;

/// The epoch whose steps are left out: "fix1" for cog20 (Yang's name),
/// "fixation" for modcog (neurogym's).
std::string_view fixation_epoch(tasks::Suite suite);

/// Per hidden unit, the variance across trials (stimulus conditions) at each
/// step, averaged over steps, with the fixation epoch left out:
///
///   v_i = mean_{t in T*} var_{b in S_t} h_i(t, b),   S_t = {b : f_b <= t < L_b},
///
/// where f_b is the end of trial b's fixation epoch, L_b its valid length,
/// var is the population variance (numpy's default, ddof 0) and T* holds the
/// steps with |S_t| >= 2. When every trial shares f and L, as in every cog20
/// test grid, this is exactly Yang's h[f:].var(axis=1).mean(axis=0).
/// `hidden` is LeakyRnn::hidden(): N x ((T + 1) B), block 0 being h_{-1}.
/// Throws std::invalid_argument when the batch lacks `fixation` or the shapes
/// disagree.
Eigen::VectorXd condition_variance(const Eigen::MatrixXf& hidden, const tasks::Batch& batch,
                                   std::string_view fixation);

struct TaskVariance {
  std::vector<std::string> tasks;
  Eigen::MatrixXd variance; ///< N x tasks, condition_variance of every unit
  double threshold = kVarianceThreshold;
  std::vector<int> kept_units; ///< units with sum over tasks > threshold, ascending
  Eigen::MatrixXd normalized;  ///< kept x tasks, each row divided by its maximum
};

/// Keeps the units whose summed variance exceeds `threshold` and divides
/// each kept row by its maximum over tasks (Yang's normalization_method
/// 'max'), so every kept unit's profile peaks at 1. Throws
/// std::invalid_argument if the column count differs from tasks.size().
TaskVariance select_active_units(Eigen::MatrixXd variance, std::vector<std::string> tasks,
                                 double threshold = kVarianceThreshold);

} // namespace gyrus::analysis
