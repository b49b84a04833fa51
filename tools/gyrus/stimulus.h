// What `gyrus sim` and `gyrus verify` send to an image: real-valued inputs from an HDF5
// file, seeded random inputs, or the noise-free test trials of cognitive tasks, encoded for
// the image's input ports as docs/runtime.md describes (a graded port gets the change of
// round(x·2^F), a binary port's 1 is a spike). Both commands build the stimulus here and
// drive their engines with it, so what verify proves bit-exact is what sim measures.
#pragma once

#include "runtime/host/leaky_rnn_host.h"
#include "runtime/image/image.h"
#include "training/tasks/batch.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace gyrus::cli {

/// The most steps gyrus runs (--steps, or an input file's steps over its trials), and the
/// most input values (steps x input neurons) it holds: larger requests are refused before
/// anything is allocated or run.
constexpr int64_t kMaxSteps = 10'000'000;
constexpr int64_t kMaxInputValues = int64_t{1} << 28;

struct StimulusOptions {
  std::string input_file;       ///< --input FILE.h5
  std::string task;             ///< --task: a task name, or "all" for every task of the suite
  std::string suite;            ///< --suite; empty: the suite that defines the task
  int trials = 0;               ///< --trials per task, evenly spaced over its test grid (0: all)
  std::optional<int64_t> steps; ///< --steps; with --input, per trial
  double rate = 0.1;            ///< random inputs: per neuron and step (see make_stimulus)
  uint64_t seed = 0;
};

/// One trial of file or random input: `rows` rows of real values, one per input neuron of
/// the image (ports in order), sent in the trial's first `rows` steps; the trial runs
/// `steps` steps, and a step past the rows sends nothing (a graded input holds its value).
struct InputTrial {
  int64_t steps = 0;
  int64_t rows = 0;
  std::vector<float> values; ///< [rows, width]
};

struct Stimulus {
  std::string source; ///< "input FILE", "random", or "task NAME" / "tasks SUITE"
  size_t width = 0;   ///< input neurons over every port
  std::vector<InputTrial> trials;
  std::vector<tasks::Batch> batches; ///< task trials, one batch per task
  std::string suite;                 ///< of the batches

  bool is_task() const { return !batches.empty(); }
};

/// Builds the stimulus the options ask for:
///   --input FILE: dataset `inputs`, [T, n] (one trial) or [T, B, n] (B trials, as `gyrus
///     tasks sample` writes them); n must be the image's input neurons, a binary port's
///     columns must hold 0 or 1; --steps N runs N steps per trial instead of T;
///   --task: the test-mode grid of each task (tasks::Rng(seed, task index), as analyze and
///     verify --against-float generate it), thinned to --trials; the image must be a leaky RNN;
///   otherwise --steps N of random input: per neuron and step, with chance `rate`, a binary
///     port spikes and a graded port's value is redrawn uniformly from [0, 1) (else held).
/// Throws UsageError naming the option or the file for whatever does not fit the image, or
/// for more than kMaxSteps steps or kMaxInputValues values.
Stimulus make_stimulus(const image::Image& image, const StimulusOptions& options);

/// The steps driving the stimulus takes: task trials run T + latency steps each.
int64_t total_steps(const image::Image& image, const Stimulus& stimulus);

/// What drives a network: LeakyRnnHost's form (reset before each trial, then one step per
/// host input, returning that step's outputs).
using DrivenNetwork = host::LeakyRnnHost::Network;

struct TaskScore {
  std::string task;
  int trials = 0;
  int correct = 0;
};

/// Runs every trial of `stimulus` through `network`, resetting it before each. Task trials
/// go through host::LeakyRnnHost (its encoding, latency and decoding) and are judged with
/// tasks::trial_correct: one score per task; file and random trials return none.
/// `on_trial(trial)` runs before each trial's first step, trials counted over all tasks.
std::vector<TaskScore> drive(const image::Image& image, const Stimulus& stimulus,
                             const DrivenNetwork& network,
                             const std::function<void(int trial)>& on_trial = {});

} // namespace gyrus::cli
