// The task suites: names, lookup and batch generation by task name.
#pragma once

#include "training/tasks/batch.h"
#include "training/tasks/rng.h"

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gyrus::tasks {

enum class Suite {
  Cog20,  ///< the 20 tasks of Yang et al. 2019 (gyyang/multitask task.py)
  ModCog, ///< the 82-task Mod-Cog set of Khona et al. (mikailkhona/Mod_Cog)
};

/// Thrown for a bad task request; the message names the offending value.
class TaskError : public std::invalid_argument {
public:
  using std::invalid_argument::invalid_argument;
};

std::string_view suite_name(Suite suite);
/// Parses "cog20" or "modcog"; throws TaskError naming the value otherwise.
Suite parse_suite(std::string_view name);

/// Task names in rule-index order (the order of the rule one-hot inputs).
const std::vector<std::string>& task_names(Suite suite);
/// Rule index of `task` within `suite`, or nullopt.
std::optional<int> task_index(Suite suite, std::string_view task);
/// The suite that defines `task` (cog20 first), or nullopt.
std::optional<Suite> find_task(std::string_view task);

int input_size(Suite suite);
int output_size(Suite suite);

struct GenerateOptions {
  Mode mode = Mode::Random;
  int batch = 64;          ///< trials; ignored in test mode, where the grid fixes it
  bool input_noise = true; ///< random mode only; test mode is always noise-free
};

/// One batch of `task`. Throws TaskError for an unknown task or batch <= 0.
Batch generate(Suite suite, std::string_view task, const GenerateOptions& options, Rng& rng);

/// Picks one task per batch with the relative weights of the original
/// training code (for cog20, Yang's train_all map: contextdm1/2 weighted 5).
class TaskSchedule {
public:
  explicit TaskSchedule(Suite suite, std::vector<double> weights = {});
  const std::string& next(Rng& rng);
  Suite suite() const { return suite_; }
  double probability(size_t task) const {
    return cumulative_[task] - (task ? cumulative_[task - 1] : 0.0);
  }

private:
  Suite suite_;
  std::vector<double> cumulative_;
};

/// Relative sampling weights of the original training setup for `suite`.
std::vector<double> default_task_weights(Suite suite);

} // namespace gyrus::tasks
