#include "training/analysis/variance.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace gyrus::analysis {

std::string_view fixation_epoch(tasks::Suite suite) {
  return suite == tasks::Suite::Cog20 ? "fix1" : "fixation";
}

Eigen::VectorXd condition_variance(const Eigen::MatrixXf& hidden, const tasks::Batch& batch,
                                   std::string_view fixation) {
  const int T = batch.steps, B = batch.trials;
  if (hidden.cols() < static_cast<Eigen::Index>(T + 1) * B)
    throw std::invalid_argument("task " + batch.task + ": hidden activity has " +
                                std::to_string(hidden.cols()) +
                                " columns, fewer than (T + 1) B = " + std::to_string((T + 1) * B));
  const auto found = std::find(batch.epoch_names.begin(), batch.epoch_names.end(), fixation);
  if (found == batch.epoch_names.end())
    throw std::invalid_argument("task " + batch.task + " has no epoch '" + std::string(fixation) +
                                "' to leave out");
  const size_t e = static_cast<size_t>(found - batch.epoch_names.begin());

  std::vector<int> begin(static_cast<size_t>(B)), end(static_cast<size_t>(B));
  for (int b = 0; b < B; ++b) {
    begin[static_cast<size_t>(b)] = batch.epoch(b, e).end;
    end[static_cast<size_t>(b)] =
        batch.trial_steps.empty() ? T : std::min(T, batch.trial_steps[static_cast<size_t>(b)]);
  }

  const Eigen::Index N = hidden.rows();
  Eigen::VectorXd total = Eigen::VectorXd::Zero(N);
  int steps_used = 0;
  std::vector<int> valid;
  valid.reserve(static_cast<size_t>(B));
  Eigen::MatrixXd block;
  for (int t = 0; t < T; ++t) {
    valid.clear();
    for (int b = 0; b < B; ++b)
      if (begin[static_cast<size_t>(b)] <= t && t < end[static_cast<size_t>(b)])
        valid.push_back(b);
    if (valid.size() < 2)
      continue;
    const Eigen::Index first = static_cast<Eigen::Index>(t + 1) * B; // h_t of trial 0
    if (static_cast<int>(valid.size()) == B) {
      block = hidden.middleCols(first, B).cast<double>();
    } else {
      block.resize(N, static_cast<Eigen::Index>(valid.size()));
      for (size_t v = 0; v < valid.size(); ++v)
        block.col(static_cast<Eigen::Index>(v)) = hidden.col(first + valid[v]).cast<double>();
    }
    const Eigen::VectorXd mean = block.rowwise().mean();
    total += (block.colwise() - mean).array().square().rowwise().mean().matrix();
    ++steps_used;
  }
  if (steps_used > 0)
    total /= steps_used;
  return total;
}

TaskVariance select_active_units(Eigen::MatrixXd variance, std::vector<std::string> tasks,
                                 double threshold) {
  if (variance.cols() != static_cast<Eigen::Index>(tasks.size()))
    throw std::invalid_argument("task variance has " + std::to_string(variance.cols()) +
                                " columns for " + std::to_string(tasks.size()) + " tasks");
  if (!(threshold >= 0) || !std::isfinite(threshold))
    throw std::invalid_argument("variance threshold must be finite and >= 0, got " +
                                std::to_string(threshold));
  TaskVariance result;
  result.threshold = threshold;
  for (Eigen::Index i = 0; i < variance.rows(); ++i)
    if (variance.row(i).sum() > threshold)
      result.kept_units.push_back(static_cast<int>(i));
  result.normalized.resize(static_cast<Eigen::Index>(result.kept_units.size()), variance.cols());
  for (size_t r = 0; r < result.kept_units.size(); ++r) {
    const auto row = variance.row(result.kept_units[r]);
    result.normalized.row(static_cast<Eigen::Index>(r)) = row / row.maxCoeff();
  }
  result.variance = std::move(variance);
  result.tasks = std::move(tasks);
  return result;
}

} // namespace gyrus::analysis
