#include "training/analysis/kmeans.h"

#include <limits>
#include <stdexcept>
#include <string>

namespace gyrus::analysis {

namespace {

/// Squared Euclidean distances, n x k, from every point to every centre.
Eigen::MatrixXd squared_distances(const Eigen::MatrixXd& points, const Eigen::MatrixXd& centers) {
  Eigen::MatrixXd d = -2.0 * points * centers.transpose();
  d.colwise() += points.rowwise().squaredNorm();
  d.rowwise() += centers.rowwise().squaredNorm().transpose();
  return d.cwiseMax(0.0); // the expansion can round a zero distance below zero
}

Eigen::MatrixXd seed_plus_plus(const Eigen::MatrixXd& points, int k, tasks::Rng& rng) {
  const Eigen::Index n = points.rows();
  Eigen::MatrixXd centers(k, points.cols());
  centers.row(0) = points.row(rng.below(static_cast<int>(n)));
  Eigen::VectorXd nearest = (points.rowwise() - centers.row(0)).rowwise().squaredNorm();
  for (int c = 1; c < k; ++c) {
    const double total = nearest.sum();
    Eigen::Index chosen = n - 1;
    if (total > 0) {
      // Inverse-CDF draw over the squared distances.
      const double target = rng.uniform() * total;
      double cumulative = 0;
      for (Eigen::Index i = 0; i < n; ++i) {
        cumulative += nearest(i);
        if (target < cumulative && nearest(i) > 0) {
          chosen = i;
          break;
        }
      }
    } else {
      chosen = rng.below(static_cast<int>(n)); // every point already sits on a centre
    }
    centers.row(c) = points.row(chosen);
    nearest = nearest.cwiseMin((points.rowwise() - centers.row(c)).rowwise().squaredNorm());
  }
  return centers;
}

KMeansResult lloyd(const Eigen::MatrixXd& points, Eigen::MatrixXd centers, int max_iterations) {
  const Eigen::Index n = points.rows();
  const int k = static_cast<int>(centers.rows());
  KMeansResult result;
  result.labels.assign(static_cast<size_t>(n), -1);
  Eigen::VectorXd distance(n);
  for (int iteration = 1; iteration <= max_iterations; ++iteration) {
    const Eigen::MatrixXd d = squared_distances(points, centers);
    bool changed = false;
    for (Eigen::Index i = 0; i < n; ++i) {
      Eigen::Index best;
      distance(i) = d.row(i).minCoeff(&best); // first minimum: ties go to the lower index
      if (result.labels[static_cast<size_t>(i)] != static_cast<int>(best)) {
        result.labels[static_cast<size_t>(i)] = static_cast<int>(best);
        changed = true;
      }
    }
    result.iterations = iteration;
    if (!changed) {
      result.converged = true;
      break;
    }
    Eigen::MatrixXd sums = Eigen::MatrixXd::Zero(k, points.cols());
    std::vector<int> counts(static_cast<size_t>(k), 0);
    for (Eigen::Index i = 0; i < n; ++i) {
      sums.row(result.labels[static_cast<size_t>(i)]) += points.row(i);
      ++counts[static_cast<size_t>(result.labels[static_cast<size_t>(i)])];
    }
    for (int c = 0; c < k; ++c) {
      if (counts[static_cast<size_t>(c)] > 0) {
        centers.row(c) = sums.row(c) / counts[static_cast<size_t>(c)];
        continue;
      }
      // Empty cluster: move its centre onto the point farthest from its own
      // centre, and take that point out of the running.
      Eigen::Index farthest;
      if (distance.maxCoeff(&farthest) <= 0)
        continue; // all points coincide with centres; nothing to relocate
      centers.row(c) = points.row(farthest);
      distance(farthest) = 0;
    }
  }
  const Eigen::MatrixXd d = squared_distances(points, centers);
  result.inertia = 0;
  for (Eigen::Index i = 0; i < n; ++i)
    result.inertia += d(i, result.labels[static_cast<size_t>(i)]);
  result.centers = std::move(centers);
  return result;
}

} // namespace

KMeansResult kmeans(const Eigen::MatrixXd& points, int k, const KMeansOptions& options,
                    tasks::Rng& rng) {
  const Eigen::Index n = points.rows();
  if (k < 1 || k > n)
    throw std::invalid_argument("k-means: k = " + std::to_string(k) + " must be in [1, " +
                                std::to_string(n) + "] (the number of points)");
  if (options.restarts < 1 || options.max_iterations < 1)
    throw std::invalid_argument("k-means: restarts and max_iterations must be >= 1");
  if (!points.allFinite())
    throw std::invalid_argument("k-means: the points must be finite");
  KMeansResult best;
  best.inertia = std::numeric_limits<double>::infinity();
  for (int restart = 0; restart < options.restarts; ++restart) {
    KMeansResult candidate = lloyd(points, seed_plus_plus(points, k, rng), options.max_iterations);
    if (candidate.inertia < best.inertia)
      best = std::move(candidate);
  }
  return best;
}

} // namespace gyrus::analysis
