#include "tools/gyrus/stimulus.h"

#include "runtime/host/float_comparison.h"
#include "runtime/host/host_io.h"
#include "tools/gyrus/context.h"
#include "training/io/hdf5_util.h"
#include "training/tasks/performance.h"
#include "training/tasks/rng.h"
#include "training/tasks/suite.h"

#include <cmath>
#include <fmt/core.h>
#include <stdexcept>

namespace gyrus::cli {
namespace {

/// The first input neuron (column) of each port, and one past the last.
std::vector<size_t> port_columns(const image::Image& image) {
  std::vector<size_t> start{0};
  for (const image::InputMap& port : image.inputs)
    start.push_back(start.back() + port.neurons.size());
  return start;
}

std::string port_list(const image::Image& image) {
  std::string list;
  for (const image::InputMap& port : image.inputs)
    list += fmt::format("{}'{}': {} {}", list.empty() ? "" : ", ", port.name, port.neurons.size(),
                        port.spike_kind == image::SpikeKind::Binary ? "binary" : "graded");
  return list.empty() ? "none" : list;
}

/// A binary port sends spikes; its column may only hold 0 (nothing) and 1 (a spike).
void check_values(const image::Image& image, const std::string& file, const InputTrial& trial,
                  int trial_index, bool per_trial) {
  const std::vector<size_t> start = port_columns(image);
  const size_t width = start.back();
  for (int64_t t = 0; t < trial.rows; ++t)
    for (size_t p = 0; p < image.inputs.size(); ++p)
      for (size_t i = start[p]; i < start[p + 1]; ++i) {
        const float x = trial.values[static_cast<size_t>(t) * width + i];
        const std::string at = per_trial ? fmt::format("inputs[{}, {}, {}]", t, trial_index, i)
                                         : fmt::format("inputs[{}, {}]", t, i);
        if (!std::isfinite(x))
          throw UsageError(fmt::format("--input: {}: {} is not a finite number", file, at));
        if (image.inputs[p].spike_kind == image::SpikeKind::Binary && x != 0.0f && x != 1.0f)
          throw UsageError(
              fmt::format("--input: {}: {} = {}: input port '{}' takes spikes (0 or 1)", file, at,
                          x, image.inputs[p].name));
      }
}

Stimulus read_input_file(const image::Image& image, const StimulusOptions& options) {
  Stimulus stimulus;
  stimulus.source = "input " + options.input_file;
  stimulus.width = port_columns(image).back();
  std::vector<hsize_t> dims;
  std::vector<float> values;
  try {
    const io::h5::Reader in(options.input_file);
    dims = in.dims("inputs");
    if (dims.size() != 2 && dims.size() != 3)
      in.fail("inputs", fmt::format("rank {}, expected [T, n] or [T, B, n]", dims.size()));
    // The declared shape is checked before the values are read: a small file may declare
    // a huge dataset.
    const hsize_t T = dims[0], B = dims.size() == 3 ? dims[1] : 1, n = dims.back();
    if (n != stimulus.width)
      throw UsageError(fmt::format("--input: {}: inputs has {} values per step; the image's "
                                   "input ports take {} ({})",
                                   options.input_file, n, stimulus.width, port_list(image)));
    if (T == 0 || B == 0)
      throw UsageError(fmt::format("--input: {}: inputs holds no steps", options.input_file));
    const auto max_steps = static_cast<hsize_t>(kMaxSteps);
    const auto max_values = static_cast<hsize_t>(kMaxInputValues);
    const hsize_t run = options.steps ? static_cast<hsize_t>(*options.steps) : T;
    if (run > max_steps || B > max_steps / run)
      throw UsageError(fmt::format("--input: {}: inputs: {} trials of {} steps are more than "
                                   "the {} steps gyrus runs at most",
                                   options.input_file, B, run, kMaxSteps));
    if (T > max_values || B > max_values / T || (n != 0 && T * B > max_values / n))
      throw UsageError(fmt::format("--input: {}: inputs has {} x {} x {} values, more than the "
                                   "{} gyrus reads at most",
                                   options.input_file, T, B, n, kMaxInputValues));
    values = in.read<float>("inputs", dims);
  } catch (const UsageError&) {
    throw;
  } catch (const std::runtime_error& e) {
    throw UsageError(std::string("--input: ") + e.what()); // names the file and the dataset
  }
  const bool per_trial = dims.size() == 3;
  const hsize_t T = dims[0], B = per_trial ? dims[1] : 1, n = dims.back();
  for (hsize_t b = 0; b < B; ++b) {
    InputTrial trial;
    trial.rows = static_cast<int64_t>(T);
    trial.steps = options.steps.value_or(trial.rows);
    trial.rows = std::min(trial.rows, trial.steps);
    trial.values.resize(static_cast<size_t>(trial.rows) * n);
    for (int64_t t = 0; t < trial.rows; ++t)
      std::copy_n(values.begin() + static_cast<ptrdiff_t>((t * B + b) * n), n,
                  trial.values.begin() + static_cast<ptrdiff_t>(t * n));
    check_values(image, options.input_file, trial, static_cast<int>(b), per_trial);
    stimulus.trials.push_back(std::move(trial));
  }
  return stimulus;
}

Stimulus random_input(const image::Image& image, const StimulusOptions& options) {
  if (!options.steps)
    throw UsageError("nothing to run: give --steps N (random input), --input FILE or --task NAME");
  if (!(options.rate > 0 && options.rate <= 1))
    throw UsageError("--rate: must be in (0, 1]");
  Stimulus stimulus;
  stimulus.source = "random";
  const std::vector<size_t> start = port_columns(image);
  stimulus.width = start.back();
  if (*options.steps > kMaxSteps ||
      (stimulus.width != 0 &&
       *options.steps > kMaxInputValues / static_cast<int64_t>(stimulus.width)))
    throw UsageError(fmt::format("--steps: {} steps of random input for {} input neurons are "
                                 "more than gyrus runs at once (at most {} steps, {} values)",
                                 *options.steps, stimulus.width, kMaxSteps, kMaxInputValues));
  InputTrial trial;
  trial.steps = trial.rows = *options.steps;
  trial.values.assign(static_cast<size_t>(trial.rows) * stimulus.width, 0.0f);
  tasks::Rng rng(options.seed);
  std::vector<float> held(stimulus.width, 0.0f);
  for (int64_t t = 0; t < trial.rows; ++t)
    for (size_t p = 0; p < image.inputs.size(); ++p) {
      const bool binary = image.inputs[p].spike_kind == image::SpikeKind::Binary;
      for (size_t i = start[p]; i < start[p + 1]; ++i) {
        const bool event = rng.uniform() < options.rate;
        if (binary)
          held[i] = event ? 1.0f : 0.0f;
        else if (event)
          held[i] = static_cast<float>(rng.uniform());
        trial.values[static_cast<size_t>(t) * stimulus.width + i] = held[i];
      }
    }
  stimulus.trials.push_back(std::move(trial));
  return stimulus;
}

Stimulus task_trials(const image::Image& image, const StimulusOptions& options) {
  std::optional<tasks::Suite> suite;
  try {
    if (!options.suite.empty())
      suite = tasks::parse_suite(options.suite);
  } catch (const tasks::TaskError& e) {
    throw UsageError(std::string("--suite: ") + e.what());
  }
  if (!suite)
    suite =
        options.task == "all" ? std::optional(tasks::Suite::Cog20) : tasks::find_task(options.task);
  if (!suite || (options.task != "all" && !tasks::task_index(*suite, options.task)))
    throw UsageError("--task: unknown task '" + options.task + "'" +
                     (options.suite.empty() ? "" : " in suite " + options.suite) +
                     " (`gyrus tasks list` shows them; 'all' runs every task)");
  try {
    host::LeakyRnnHost check(image); // refuses, by name, an image that is no leaky RNN
    if (check.input_size() != static_cast<size_t>(tasks::input_size(*suite)))
      throw std::invalid_argument(fmt::format("its input port takes {} values; suite {} has {}",
                                              check.input_size(), tasks::suite_name(*suite),
                                              tasks::input_size(*suite)));
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--task: the image cannot run task trials: ") + e.what());
  }
  Stimulus stimulus;
  stimulus.suite = tasks::suite_name(*suite);
  stimulus.source = options.task == "all" ? "tasks " + stimulus.suite : "task " + options.task;
  stimulus.width = image.inputs[0].neurons.size();
  tasks::GenerateOptions test_mode; // the grid fixes the batch size
  test_mode.mode = tasks::Mode::Test;
  test_mode.input_noise = false;
  const std::vector<std::string>& names = tasks::task_names(*suite);
  for (size_t i = 0; i < names.size(); ++i) {
    if (options.task != "all" && names[i] != options.task)
      continue;
    tasks::Rng rng(options.seed, i);
    const tasks::Batch grid = tasks::generate(*suite, names[i], test_mode, rng);
    stimulus.batches.push_back(
        host::select_trials(grid, host::evenly_spaced_trials(grid.trials, options.trials)));
  }
  return stimulus;
}

/// Encodes one trial's rows for the image's ports: graded ports as sigma-delta changes.
class PortEncoder {
public:
  explicit PortEncoder(const image::Image& image)
      : image_(image), start_(port_columns(image)), input_(image.inputs.size()) {
    for (const image::InputMap& port : image.inputs)
      encoders_.emplace_back(port.neurons.size(), image.metadata.frac_bits);
  }

  void reset() {
    for (host::DeltaEncoder& encoder : encoders_)
      encoder.reset();
  }

  /// Row `row` of `values`, or nothing sent (graded values hold) when row is past the data.
  const ref::HostInput& encode(const InputTrial& trial, int64_t row) {
    for (size_t p = 0; p < image_.inputs.size(); ++p) {
      input_[p].clear();
      if (row >= trial.rows)
        continue;
      const float* x = &trial.values[static_cast<size_t>(row) * start_.back() + start_[p]];
      const size_t n = start_[p + 1] - start_[p];
      if (image_.inputs[p].spike_kind == image::SpikeKind::Graded) {
        input_[p] = encoders_[p].encode({x, n});
      } else {
        input_[p].resize(n);
        for (size_t i = 0; i < n; ++i)
          input_[p][i] = x[i] == 1.0f ? 1 : 0;
      }
    }
    return input_;
  }

private:
  const image::Image& image_;
  std::vector<size_t> start_;
  std::vector<host::DeltaEncoder> encoders_;
  ref::HostInput input_;
};

} // namespace

Stimulus make_stimulus(const image::Image& image, const StimulusOptions& options) {
  if (!options.input_file.empty())
    return read_input_file(image, options);
  if (!options.task.empty())
    return task_trials(image, options);
  return random_input(image, options);
}

int64_t total_steps(const image::Image& image, const Stimulus& stimulus) {
  int64_t steps = 0;
  for (const InputTrial& trial : stimulus.trials)
    steps += trial.steps;
  if (stimulus.is_task()) {
    const int64_t latency = host::LeakyRnnHost(image).latency();
    for (const tasks::Batch& batch : stimulus.batches)
      steps += static_cast<int64_t>(batch.trials) * (batch.steps + latency);
  }
  return steps;
}

std::vector<TaskScore> drive(const image::Image& image, const Stimulus& stimulus,
                             const DrivenNetwork& network,
                             const std::function<void(int trial)>& on_trial) {
  int trial_index = 0;
  const auto start_trial = [&] {
    network.reset();
    if (on_trial)
      on_trial(trial_index);
    ++trial_index;
  };
  if (stimulus.is_task()) {
    host::LeakyRnnHost host(image);
    const DrivenNetwork counted{start_trial, network.step};
    std::vector<TaskScore> scores;
    for (const tasks::Batch& batch : stimulus.batches) {
      const std::vector<float> outputs = host.run(batch, counted);
      TaskScore score{batch.task, batch.trials, 0};
      for (int correct : tasks::trial_correct(batch, outputs))
        score.correct += correct;
      scores.push_back(score);
    }
    return scores;
  }
  PortEncoder encoder(image);
  for (const InputTrial& trial : stimulus.trials) {
    start_trial();
    encoder.reset();
    for (int64_t t = 0; t < trial.steps; ++t)
      network.step(encoder.encode(trial, t));
  }
  return {};
}

} // namespace gyrus::cli
