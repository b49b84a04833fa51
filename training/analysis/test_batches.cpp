#include "training/analysis/test_batches.h"

#include "training/analysis/variance.h"
#include "training/model/leaky_rnn.h"
#include "training/tasks/performance.h"

#include <optional>
#include <span>
#include <stdexcept>

namespace gyrus::analysis {

TestRun run_test_batches(const model::RnnConfig& config, const model::RnnParameters<float>& params,
                         tasks::Suite suite, uint64_t seed,
                         const std::function<void(const std::string&)>& on_task) {
  if (config.n_input != tasks::input_size(suite) || config.n_output != tasks::output_size(suite))
    throw std::invalid_argument("network has " + std::to_string(config.n_input) + " inputs and " +
                                std::to_string(config.n_output) + " outputs, but suite " +
                                std::string(tasks::suite_name(suite)) + " needs " +
                                std::to_string(tasks::input_size(suite)) + " and " +
                                std::to_string(tasks::output_size(suite)));
  TestRun run;
  run.tasks = tasks::task_names(suite);
  run.variance.resize(config.n_hidden, static_cast<Eigen::Index>(run.tasks.size()));
  model::LeakyRnn<float> rnn(config);
  tasks::GenerateOptions test_mode; // the batch size is ignored: the grid fixes it
  test_mode.mode = tasks::Mode::Test;
  test_mode.input_noise = false;
  for (size_t i = 0; i < run.tasks.size(); ++i) {
    tasks::Rng rng(seed, i);
    const tasks::Batch batch = tasks::generate(suite, run.tasks[i], test_mode, rng);
    rnn.forward(params, batch, std::nullopt);
    run.variance.col(static_cast<Eigen::Index>(i)) =
        condition_variance(rnn.hidden(), batch, fixation_epoch(suite));
    const auto& y = rnn.outputs();
    run.performance.push_back(tasks::performance(
        batch, std::span<const float>(y.data(), static_cast<size_t>(batch.steps) * batch.trials *
                                                    batch.n_output)));
    run.trials.push_back(batch.trials);
    if (on_task)
      on_task(run.tasks[i]);
  }
  return run;
}

} // namespace gyrus::analysis
