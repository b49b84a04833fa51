// Functional clusters: hidden units grouped by their normalised task-variance
// profiles with k-means, the number of clusters chosen by the silhouette
// score, as Yang et al. 2019 (analysis/clustering.py) do.
#pragma once

#include "training/analysis/kmeans.h"

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace gyrus::analysis {

struct ClusteringOptions {
  int k_min = 2;
  int k_max = 29; ///< Yang's range(2, 30); capped at n - 1 points
  KMeansOptions kmeans;
  uint64_t seed = 0;
};

struct ClusterScore {
  int k = 0;
  double silhouette = 0;
};

struct FunctionalClusters {
  /// Per row of the clustered matrix, in [0, k). Clusters are numbered by the
  /// task they prefer (the argmax of their rows' summed profile), ties by
  /// first appearance, as Yang's relabelling does, so numbering is stable.
  std::vector<int> labels;
  int k = 0;                        ///< 0 when there were too few points to cluster
  double silhouette = 0;            ///< of the chosen k; NaN when k == 0
  std::vector<int> preferred_task;  ///< per cluster, the column it prefers
  std::vector<ClusterScore> scores; ///< silhouette of the best k-means per tried k
};

/// Clusters the rows of `profiles` (units x tasks) for every k in
/// [k_min, min(k_max, n - 1)] and keeps the k with the highest silhouette
/// (the first on ties). k-means for each k uses tasks::Rng(seed, k), so a
/// result does not depend on which other k were tried. With fewer than three
/// rows nothing can be scored: k = 0, labels all 0, silhouette NaN. A k
/// whose best k-means uses fewer than two distinct labels (duplicate rows)
/// is skipped. Throws std::invalid_argument if k_min < 2 or k_max < k_min.
FunctionalClusters functional_clusters(const Eigen::MatrixXd& profiles,
                                       const ClusteringOptions& options);

} // namespace gyrus::analysis
