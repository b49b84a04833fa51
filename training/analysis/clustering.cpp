#include "training/analysis/clustering.h"

#include "training/analysis/silhouette.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <set>
#include <stdexcept>
#include <string>

namespace gyrus::analysis {

namespace {

/// Renumbers clusters by preferred task, then by first appearance; returns
/// the preferred task of each new cluster.
std::vector<int> relabel_by_preference(const Eigen::MatrixXd& profiles, std::vector<int>& labels,
                                       int k) {
  std::vector<int> first_seen(static_cast<size_t>(k), std::numeric_limits<int>::max());
  Eigen::MatrixXd sums = Eigen::MatrixXd::Zero(k, profiles.cols());
  for (size_t i = 0; i < labels.size(); ++i) {
    const int c = labels[i];
    first_seen[static_cast<size_t>(c)] =
        std::min(first_seen[static_cast<size_t>(c)], static_cast<int>(i));
    sums.row(c) += profiles.row(static_cast<Eigen::Index>(i));
  }
  std::vector<int> preference(static_cast<size_t>(k), -1);
  std::vector<int> order;
  for (int c = 0; c < k; ++c) {
    if (first_seen[static_cast<size_t>(c)] == std::numeric_limits<int>::max())
      continue; // unused label
    Eigen::Index best;
    sums.row(c).maxCoeff(&best);
    preference[static_cast<size_t>(c)] = static_cast<int>(best);
    order.push_back(c);
  }
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    const auto pa = preference[static_cast<size_t>(a)], pb = preference[static_cast<size_t>(b)];
    return pa != pb ? pa < pb
                    : first_seen[static_cast<size_t>(a)] < first_seen[static_cast<size_t>(b)];
  });
  std::vector<int> renamed(static_cast<size_t>(k), -1), preferred;
  for (size_t r = 0; r < order.size(); ++r) {
    renamed[static_cast<size_t>(order[r])] = static_cast<int>(r);
    preferred.push_back(preference[static_cast<size_t>(order[r])]);
  }
  for (int& label : labels)
    label = renamed[static_cast<size_t>(label)];
  return preferred;
}

} // namespace

FunctionalClusters functional_clusters(const Eigen::MatrixXd& profiles,
                                       const ClusteringOptions& options) {
  if (options.k_min < 2 || options.k_max < options.k_min)
    throw std::invalid_argument("clustering needs 2 <= k_min <= k_max, got k_min " +
                                std::to_string(options.k_min) + ", k_max " +
                                std::to_string(options.k_max));
  const int n = static_cast<int>(profiles.rows());
  FunctionalClusters result;
  result.labels.assign(static_cast<size_t>(n), 0);
  result.silhouette = std::numeric_limits<double>::quiet_NaN();
  const int k_max = std::min(options.k_max, n - 1);
  if (k_max < options.k_min)
    return result;

  const Eigen::MatrixXd distances = pairwise_euclidean(profiles);
  double best_score = -std::numeric_limits<double>::infinity();
  for (int k = options.k_min; k <= k_max; ++k) {
    tasks::Rng rng(options.seed, static_cast<uint64_t>(k));
    KMeansResult clustering = kmeans(profiles, k, options.kmeans, rng);
    const std::set<int> used(clustering.labels.begin(), clustering.labels.end());
    if (used.size() < 2)
      continue;
    const double score = silhouette_score(distances, clustering.labels);
    result.scores.push_back({k, score});
    if (score > best_score) {
      best_score = score;
      result.k = k;
      result.silhouette = score;
      result.labels = std::move(clustering.labels);
    }
  }
  if (result.k > 0) {
    // Drop labels that k-means left unused, so labels run over [0, k).
    result.preferred_task = relabel_by_preference(profiles, result.labels, result.k);
    result.k = static_cast<int>(result.preferred_task.size());
  }
  return result;
}

} // namespace gyrus::analysis
