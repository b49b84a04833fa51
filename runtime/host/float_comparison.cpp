#include "runtime/host/float_comparison.h"

#include "runtime/host/leaky_rnn_host.h"
#include "training/model/leaky_rnn.h"
#include "training/tasks/performance.h"

#include <cmath>
#include <optional>
#include <span>
#include <stdexcept>

namespace gyrus::host {
namespace {

/// Copies per-trial rows of a [T, B, width] tensor (width 1 for [T, B]).
template <typename T>
std::vector<T> slice(const std::vector<T>& tensor, int steps, int trials, int width,
                     const std::vector<int>& indices) {
  std::vector<T> out;
  if (tensor.empty())
    return out;
  out.reserve(static_cast<size_t>(steps) * indices.size() * width);
  for (int t = 0; t < steps; ++t)
    for (int b : indices) {
      const auto begin = tensor.begin() + (static_cast<ptrdiff_t>(t) * trials + b) * width;
      out.insert(out.end(), begin, begin + width);
    }
  return out;
}

double mean(const std::vector<double>& values) {
  double sum = 0;
  for (double v : values)
    sum += v;
  return values.empty() ? 0.0 : sum / static_cast<double>(values.size());
}

} // namespace

std::vector<int> evenly_spaced_trials(int trials, int wanted) {
  const int count = wanted <= 0 || wanted >= trials ? trials : wanted;
  std::vector<int> indices(count);
  for (int k = 0; k < count; ++k)
    indices[k] = static_cast<int>(static_cast<int64_t>(k) * trials / count);
  return indices;
}

tasks::Batch select_trials(const tasks::Batch& batch, const std::vector<int>& indices) {
  for (int b : indices)
    if (b < 0 || b >= batch.trials)
      throw std::out_of_range("select_trials: trial " + std::to_string(b) + " of a batch of " +
                              std::to_string(batch.trials));
  tasks::Batch out;
  out.task = batch.task;
  out.steps = batch.steps;
  out.trials = static_cast<int>(indices.size());
  out.n_input = batch.n_input;
  out.n_output = batch.n_output;
  out.dt_ms = batch.dt_ms;
  out.inputs = slice(batch.inputs, batch.steps, batch.trials, batch.n_input, indices);
  out.targets = slice(batch.targets, batch.steps, batch.trials, batch.n_output, indices);
  out.mask = slice(batch.mask, batch.steps, batch.trials, batch.n_output, indices);
  out.target_angle = slice(batch.target_angle, batch.steps, batch.trials, 1, indices);
  out.labels = slice(batch.labels, batch.steps, batch.trials, 1, indices);
  out.epoch_names = batch.epoch_names;
  for (int b : indices) {
    out.trial_steps.push_back(batch.trial_steps[b]);
    for (size_t e = 0; e < batch.epoch_names.size(); ++e)
      out.epochs.push_back(batch.epoch(b, e));
  }
  return out;
}

FloatComparison compare_with_float(const image::Image& image, const io::NetworkFile& network,
                                   tasks::Suite suite, const ComparisonOptions& options) {
  const model::RnnConfig& config = network.config;
  if (config.n_input != tasks::input_size(suite) || config.n_output != tasks::output_size(suite))
    throw std::invalid_argument("the network has " + std::to_string(config.n_input) +
                                " inputs and " + std::to_string(config.n_output) +
                                " outputs, but suite " + std::string(tasks::suite_name(suite)) +
                                " needs " + std::to_string(tasks::input_size(suite)) + " and " +
                                std::to_string(tasks::output_size(suite)));
  LeakyRnnHost host(image);
  if (host.input_size() != static_cast<size_t>(config.n_input) ||
      host.output_size() != static_cast<size_t>(config.n_output))
    throw std::invalid_argument("the image's ports have " + std::to_string(host.input_size()) +
                                " inputs and " + std::to_string(host.output_size()) +
                                " outputs, the network " + std::to_string(config.n_input) +
                                " and " + std::to_string(config.n_output));

  FloatComparison comparison;
  comparison.frac_bits = host.frac_bits();
  comparison.latency = host.latency();
  model::LeakyRnn<float> rnn(config);
  tasks::GenerateOptions test_mode; // the batch size is ignored: the grid fixes it
  test_mode.mode = tasks::Mode::Test;
  test_mode.input_noise = false;
  const std::vector<std::string>& names = tasks::task_names(suite);
  std::vector<double> float_performance, integer_performance;
  for (size_t i = 0; i < names.size(); ++i) {
    tasks::Rng rng(options.seed, i);
    const tasks::Batch grid = tasks::generate(suite, names[i], test_mode, rng);
    const tasks::Batch batch =
        select_trials(grid, evenly_spaced_trials(grid.trials, options.max_trials));

    rnn.forward(network.params, batch, std::nullopt);
    const auto& y = rnn.outputs();
    const std::span<const float> float_outputs(y.data(), batch.targets.size());
    const std::vector<float> integer_outputs = host.run(batch);

    TaskComparison task;
    task.task = names[i];
    task.trials = batch.trials;
    const std::vector<int> float_correct = tasks::trial_correct(batch, float_outputs);
    const std::vector<int> integer_correct = tasks::trial_correct(batch, integer_outputs);
    int agreeing = 0;
    for (int b = 0; b < batch.trials; ++b) {
      task.float_performance += float_correct[b];
      task.integer_performance += integer_correct[b];
      agreeing += float_correct[b] == integer_correct[b];
    }
    task.float_performance /= batch.trials;
    task.integer_performance /= batch.trials;
    task.agreement = static_cast<double>(agreeing) / batch.trials;
    double error_sum = 0;
    int64_t error_count = 0;
    for (int b = 0; b < batch.trials; ++b)
      for (int t = 0; t < batch.trial_steps[b]; ++t)
        for (int o = 0; o < batch.n_output; ++o) {
          const size_t k = batch.at(t, b, o, batch.n_output);
          const double error = std::abs(static_cast<double>(float_outputs[k]) - integer_outputs[k]);
          task.max_output_error = std::max(task.max_output_error, error);
          error_sum += error;
          ++error_count;
        }
    task.mean_output_error = error_count ? error_sum / static_cast<double>(error_count) : 0.0;
    float_performance.push_back(task.float_performance);
    integer_performance.push_back(task.integer_performance);
    comparison.tasks.push_back(std::move(task));
    if (options.on_task)
      options.on_task(names[i]);
  }
  comparison.mean_float = mean(float_performance);
  comparison.mean_integer = mean(integer_performance);
  return comparison;
}

} // namespace gyrus::host
