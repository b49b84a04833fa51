// The first rung of the verification ladder, float ≈ integer: a trained leaky RNN and its
// compiled image run the same noise-free test trials of every task of the suite, and each
// is scored with training's population-vector performance. `gyrus verify --against-float`
// reports it; docs/runtime.md, "Integer reference and host I/O", gives the numbers.
#pragma once

#include "runtime/image/image.h"
#include "training/io/network_file.h"
#include "training/tasks/suite.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace gyrus::host {

struct ComparisonOptions {
  /// Trials per task: 0 runs the whole test grid; K > 0 runs K trials evenly spaced over
  /// it (all of them if the grid is smaller).
  int max_trials = 0;
  uint64_t seed = 0;                                    ///< feeds tasks::generate, as in analyze
  std::function<void(const std::string&)> on_task = {}; ///< called after each task
};

struct TaskComparison {
  std::string task;
  int trials = 0;
  double float_performance = 0;   ///< in [0, 1]
  double integer_performance = 0; ///< in [0, 1]
  /// Share of trials that both networks judge alike (both correct or both wrong).
  double agreement = 0;
  /// Over every valid step of every trial and every output: the largest and the mean
  /// |float − integer| of the sigmoid outputs.
  double max_output_error = 0;
  double mean_output_error = 0;
};

struct FloatComparison {
  std::vector<TaskComparison> tasks;
  double mean_float = 0;
  double mean_integer = 0;
  uint32_t frac_bits = 0;
  int64_t latency = 0;

  /// mean_float − mean_integer, in performance points (percent).
  double mean_drop_points() const { return 100.0 * (mean_float - mean_integer); }
};

/// K trial indices spread evenly over a grid of `trials`: floor(k·trials/K), all of them
/// when K (`wanted`) is 0 or at least `trials`. What ComparisonOptions::max_trials picks.
std::vector<int> evenly_spaced_trials(int trials, int wanted);

/// The trials of `batch` at `indices` (in that order), every tensor sliced alike.
/// Throws std::out_of_range for an index outside the batch.
tasks::Batch select_trials(const tasks::Batch& batch, const std::vector<int>& indices);

/// For each task of `suite`: the test-mode batch (as training/analysis's run_test_batches
/// generates it, Rng(seed, task index)), thinned to options.max_trials; the float network
/// noise-free (model::LeakyRnn) and the image through LeakyRnnHost on the same trials.
/// Throws std::invalid_argument if the network, the image and the suite disagree in size,
/// and what LeakyRnnHost throws for an image that is not a leaky RNN.
FloatComparison compare_with_float(const image::Image& image, const io::NetworkFile& network,
                                   tasks::Suite suite, const ComparisonOptions& options = {});

} // namespace gyrus::host
