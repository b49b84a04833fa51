#include "training/tasks/suite.h"

#include "training/tasks/cog20.h"
#include "training/tasks/modcog.h"

#include <algorithm>

namespace gyrus::tasks {

std::string_view suite_name(Suite suite) {
  return suite == Suite::Cog20 ? "cog20" : "modcog";
}

Suite parse_suite(std::string_view name) {
  if (name == "cog20")
    return Suite::Cog20;
  if (name == "modcog")
    return Suite::ModCog;
  throw TaskError("unknown suite '" + std::string(name) + "' (expected cog20 or modcog)");
}

const std::vector<std::string>& task_names(Suite suite) {
  return suite == Suite::Cog20 ? cog20::task_names() : modcog::task_names();
}

std::optional<int> task_index(Suite suite, std::string_view task) {
  const auto& names = task_names(suite);
  const auto it = std::find(names.begin(), names.end(), task);
  if (it == names.end())
    return std::nullopt;
  return static_cast<int>(it - names.begin());
}

std::optional<Suite> find_task(std::string_view task) {
  for (Suite suite : {Suite::Cog20, Suite::ModCog})
    if (task_index(suite, task))
      return suite;
  return std::nullopt;
}

int input_size(Suite suite) {
  return suite == Suite::Cog20 ? cog20::kInputSize : modcog::kInputSize;
}
int output_size(Suite suite) {
  return suite == Suite::Cog20 ? cog20::kOutputSize : modcog::kOutputSize;
}

Batch generate(Suite suite, std::string_view task, const GenerateOptions& options, Rng& rng) {
  if (suite == Suite::Cog20)
    return cog20::generate(task, options.mode, options.batch, options.input_noise, rng);
  return modcog::generate(task, options.mode, options.batch, options.input_noise, rng);
}

std::vector<double> default_task_weights(Suite suite) {
  if (suite == Suite::Cog20)
    return cog20::train_all_weights();
  // Mod-Cog's README schedules its envs with neurogym's RandomSchedule: uniform.
  return std::vector<double>(task_names(suite).size(), 1.0);
}

TaskSchedule::TaskSchedule(Suite suite, std::vector<double> weights) : suite_(suite) {
  const size_t n = task_names(suite).size();
  if (weights.empty())
    weights = default_task_weights(suite);
  if (weights.size() != n)
    throw TaskError("task weights: expected " + std::to_string(n) + " values for suite " +
                    std::string(suite_name(suite)) + ", got " + std::to_string(weights.size()));
  double total = 0;
  for (double w : weights) {
    if (!(w >= 0))
      throw TaskError("task weights must be non-negative, got " + std::to_string(w));
    total += w;
  }
  if (!(total > 0))
    throw TaskError("task weights: at least one must be positive");
  double running = 0;
  for (double w : weights)
    cumulative_.push_back((running += w) / total);
  cumulative_.back() = 1.0;
}

const std::string& TaskSchedule::next(Rng& rng) {
  const double u = rng.uniform();
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
  const size_t index = std::min<size_t>(it - cumulative_.begin(), cumulative_.size() - 1);
  return task_names(suite_)[index];
}

} // namespace gyrus::tasks
