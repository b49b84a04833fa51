#include "training/sweep/sweep_plan.h"

#include "training/bimt/connection_cost.h"

#include <stdexcept>

namespace gyrus::sweep {

std::string RunSpec::id() const {
  if (regularizer == "none")
    return "none_seed" + std::to_string(seed);
  return regularizer + "_lambda" + lambda + "_seed" + std::to_string(seed);
}

std::vector<std::string> split_list(std::string_view text, std::string_view option) {
  std::vector<std::string> items;
  size_t start = 0;
  while (true) {
    const size_t comma = text.find(',', start);
    const std::string_view item =
        text.substr(start, comma == std::string_view::npos ? text.npos : comma - start);
    if (item.empty())
      throw std::invalid_argument(std::string(option) + ": empty item in '" + std::string(text) +
                                  "'");
    items.emplace_back(item);
    if (comma == std::string_view::npos)
      break;
    start = comma + 1;
  }
  return items;
}

std::vector<RunSpec> plan_runs(const SweepSpec& spec) {
  if (spec.regularizers.empty())
    throw std::invalid_argument("--regs: no regulariser given");
  if (spec.seeds.empty())
    throw std::invalid_argument("--seeds: no seed given");
  for (const std::string& lambda : spec.lambdas) {
    // Each lambda must be a valid constant or schedule and not contain the
    // characters a directory name cannot hold.
    bimt::LambdaSchedule::parse(lambda);
    if (lambda.find('/') != std::string::npos)
      throw std::invalid_argument("--lambdas: '" + lambda + "' contains '/'");
  }
  std::vector<RunSpec> runs;
  for (const std::string& reg : spec.regularizers) {
    bimt::parse_regularizer(reg); // throws naming the value
    if (reg == "none") {
      for (uint64_t seed : spec.seeds)
        runs.push_back({reg, "0", seed});
      continue;
    }
    if (spec.lambdas.empty())
      throw std::invalid_argument("--lambdas: regulariser '" + reg + "' needs at least one lambda");
    for (const std::string& lambda : spec.lambdas)
      for (uint64_t seed : spec.seeds)
        runs.push_back({reg, lambda, seed});
  }
  return runs;
}

std::vector<RunSpec> shard(const std::vector<RunSpec>& runs, int index, int count) {
  if (count <= 0 || index < 0 || index >= count)
    throw std::invalid_argument("--shard: " + std::to_string(index) + "/" + std::to_string(count) +
                                " is not INDEX/COUNT with 0 <= INDEX < COUNT");
  std::vector<RunSpec> mine;
  for (size_t i = 0; i < runs.size(); ++i)
    if (static_cast<int>(i % static_cast<size_t>(count)) == index)
      mine.push_back(runs[i]);
  return mine;
}

} // namespace gyrus::sweep
