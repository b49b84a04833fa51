// The silhouette score of a clustering (Rousseeuw 1987), Euclidean, as
// scikit-learn's metrics.silhouette_score, which Yang et al. 2019 use to
// choose the number of functional clusters.
#pragma once

#include <Eigen/Core>
#include <vector>

namespace gyrus::analysis {

/// Euclidean distances between the rows of `points`: n x n, symmetric, zero diagonal.
Eigen::MatrixXd pairwise_euclidean(const Eigen::MatrixXd& points);

/// Mean over points of s(i) = (b(i) - a(i)) / max(a(i), b(i)), where a(i) is
/// the mean distance from i to the other members of its cluster and b(i) the
/// smallest mean distance from i to the members of another cluster. A point
/// alone in its cluster scores 0, and so does a point with a = b = 0, as in
/// scikit-learn. `distances` is n x n (pairwise_euclidean); `labels` are any
/// non-negative integers. Throws std::invalid_argument unless the sizes agree
/// and the number of distinct labels is in [2, n - 1].
double silhouette_score(const Eigen::MatrixXd& distances, const std::vector<int>& labels);

/// The per-point values s(i) of silhouette_score, same conventions.
Eigen::VectorXd silhouette_samples(const Eigen::MatrixXd& distances,
                                   const std::vector<int>& labels);

} // namespace gyrus::analysis
