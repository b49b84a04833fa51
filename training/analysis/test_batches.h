// Runs a network on the noise-free test-mode condition grid of every task of
// its suite, and keeps what the analysis needs from each run: the task
// variance of every hidden unit and the task performance.
#pragma once

#include "training/model/rnn_parameters.h"
#include "training/tasks/suite.h"

#include <Eigen/Core>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace gyrus::analysis {

struct TestRun {
  std::vector<std::string> tasks;  ///< the suite's tasks, in rule order
  Eigen::MatrixXd variance;        ///< N x tasks: condition_variance per task
  std::vector<double> performance; ///< per task, tasks::performance in [0, 1]
  std::vector<int> trials;         ///< per task, the size of its test grid
};

/// For each task: generates the test-mode batch (Yang's condition grid; no
/// input noise), runs the network without recurrent noise, and records the
/// condition variance (fixation epoch excluded) and the performance.
/// `seed` feeds tasks::generate (stream = task index); test grids use no
/// randomness today, so it only matters if one ever does. `on_task` is
/// called after each task with its name (for progress displays).
/// Throws std::invalid_argument if the shapes disagree with the suite.
TestRun run_test_batches(const model::RnnConfig& config, const model::RnnParameters<float>& params,
                         tasks::Suite suite, uint64_t seed,
                         const std::function<void(const std::string&)>& on_task = {});

} // namespace gyrus::analysis
