#include "training/analysis/locality.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace gyrus::analysis {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void require_positions(const Eigen::MatrixXd& positions) {
  if (positions.cols() != 2)
    throw std::invalid_argument("locality: positions must be n x 2, got " +
                                std::to_string(positions.rows()) + "x" +
                                std::to_string(positions.cols()));
}

} // namespace

double mean_pairwise_distance(const Eigen::MatrixXd& positions, const std::vector<int>& members) {
  require_positions(positions);
  if (members.size() < 2)
    return kNaN;
  double sum = 0;
  for (size_t a = 0; a < members.size(); ++a) {
    if (members[a] < 0 || members[a] >= positions.rows())
      throw std::invalid_argument("locality: member " + std::to_string(members[a]) +
                                  " out of range");
    for (size_t b = a + 1; b < members.size(); ++b)
      sum += (positions.row(members[a]) - positions.row(members[b])).cwiseAbs().sum();
  }
  const double pairs = 0.5 * static_cast<double>(members.size()) * (members.size() - 1.0);
  return sum / pairs;
}

double mean_pairwise_distance(const Eigen::MatrixXd& positions) {
  std::vector<int> all(static_cast<size_t>(positions.rows()));
  std::iota(all.begin(), all.end(), 0);
  return mean_pairwise_distance(positions, all);
}

Locality locality(const Eigen::MatrixXd& positions, const std::vector<int>& labels,
                  const std::vector<int>& population) {
  require_positions(positions);
  if (static_cast<Eigen::Index>(labels.size()) != positions.rows())
    throw std::invalid_argument("locality: " + std::to_string(labels.size()) + " labels for " +
                                std::to_string(positions.rows()) + " positions");
  Locality result;
  result.baseline = population.empty() ? mean_pairwise_distance(positions)
                                       : mean_pairwise_distance(positions, population);
  const int k = labels.empty() ? 0 : *std::max_element(labels.begin(), labels.end()) + 1;
  std::vector<std::vector<int>> members(static_cast<size_t>(std::max(k, 0)));
  for (size_t i = 0; i < labels.size(); ++i)
    if (labels[i] >= 0)
      members[static_cast<size_t>(labels[i])].push_back(static_cast<int>(i));
  double weighted = 0, weight = 0;
  for (const auto& cluster : members) {
    result.sizes.push_back(static_cast<int>(cluster.size()));
    if (cluster.size() < 2 || !(result.baseline > 0)) {
      result.per_cluster.push_back(kNaN);
      continue;
    }
    const double score = 1.0 - mean_pairwise_distance(positions, cluster) / result.baseline;
    result.per_cluster.push_back(score);
    weighted += static_cast<double>(cluster.size()) * score;
    weight += static_cast<double>(cluster.size());
  }
  result.score = weight > 0 ? weighted / weight : kNaN;
  return result;
}

} // namespace gyrus::analysis
