// k-means with k-means++ seeding and Lloyd iterations, written with Eigen,
// deterministic for a given seed (every random draw comes from tasks::Rng).
// Used to cluster hidden units by their task-variance profiles, as Yang et
// al. 2019 (analysis/clustering.py) do with scikit-learn's KMeans.
#pragma once

#include "training/tasks/rng.h"

#include <Eigen/Core>
#include <vector>

namespace gyrus::analysis {

struct KMeansOptions {
  int restarts = 20;        ///< independent k-means++ seedings; the lowest inertia wins
  int max_iterations = 300; ///< Lloyd iterations per restart (scikit-learn's default)
};

struct KMeansResult {
  std::vector<int> labels; ///< per point, in [0, k)
  Eigen::MatrixXd centers; ///< k x dimensions
  double inertia = 0;      ///< sum of squared distances to the assigned centre
  int iterations = 0;      ///< Lloyd iterations of the winning restart
  bool converged = false;  ///< assignments stopped changing before max_iterations
};

/// Clusters the rows of `points` (n x d) into k groups. Each restart seeds by
/// k-means++ (first centre uniform, each next one drawn with probability
/// proportional to the squared distance to the nearest chosen centre), then
/// alternates assignment (nearest centre, ties to the lower index) and update
/// (centre = mean of its points) until no assignment changes. A cluster that
/// empties takes the point farthest from its centre, so every one of the k
/// labels is used whenever the points have at least k distinct values.
/// Throws std::invalid_argument unless 1 <= k <= n, restarts >= 1 and
/// max_iterations >= 1, and the points are finite.
KMeansResult kmeans(const Eigen::MatrixXd& points, int k, const KMeansOptions& options,
                    tasks::Rng& rng);

} // namespace gyrus::analysis
