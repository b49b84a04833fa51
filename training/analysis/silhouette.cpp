#include "training/analysis/silhouette.h"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

namespace gyrus::analysis {

Eigen::MatrixXd pairwise_euclidean(const Eigen::MatrixXd& points) {
  const Eigen::Index n = points.rows();
  Eigen::MatrixXd d(n, n);
  // Direct differences, not the |x|^2 - 2 x.y + |y|^2 expansion, so that equal
  // points are exactly 0 apart and small distances keep their precision.
  for (Eigen::Index j = 0; j < n; ++j) {
    d(j, j) = 0;
    for (Eigen::Index i = j + 1; i < n; ++i)
      d(i, j) = d(j, i) = (points.row(i) - points.row(j)).norm();
  }
  return d;
}

Eigen::VectorXd silhouette_samples(const Eigen::MatrixXd& distances,
                                   const std::vector<int>& labels) {
  const Eigen::Index n = distances.rows();
  if (distances.cols() != n || static_cast<Eigen::Index>(labels.size()) != n)
    throw std::invalid_argument("silhouette: " + std::to_string(labels.size()) + " labels for a " +
                                std::to_string(distances.rows()) + "x" +
                                std::to_string(distances.cols()) + " distance matrix");
  if (!labels.empty() && *std::min_element(labels.begin(), labels.end()) < 0)
    throw std::invalid_argument("silhouette: labels must be non-negative");
  const int label_count = labels.empty() ? 0 : *std::max_element(labels.begin(), labels.end()) + 1;
  std::vector<Eigen::Index> sizes(static_cast<size_t>(label_count), 0);
  for (int label : labels)
    ++sizes[static_cast<size_t>(label)];
  const auto used = std::count_if(sizes.begin(), sizes.end(), [](Eigen::Index s) { return s > 0; });
  if (used < 2 || used > n - 1)
    throw std::invalid_argument(
        "silhouette: " + std::to_string(used) +
        " distinct labels; need between 2 and n - 1 = " + std::to_string(n - 1));

  Eigen::VectorXd s(n);
  Eigen::VectorXd sums(label_count);
  for (Eigen::Index i = 0; i < n; ++i) {
    sums.setZero();
    for (Eigen::Index j = 0; j < n; ++j)
      sums(labels[static_cast<size_t>(j)]) += distances(i, j);
    const int own = labels[static_cast<size_t>(i)];
    const Eigen::Index own_size = sizes[static_cast<size_t>(own)];
    if (own_size == 1) {
      s(i) = 0;
      continue;
    }
    const double a = sums(own) / static_cast<double>(own_size - 1);
    double b = std::numeric_limits<double>::infinity();
    for (int c = 0; c < label_count; ++c)
      if (c != own && sizes[static_cast<size_t>(c)] > 0)
        b = std::min(b, sums(c) / static_cast<double>(sizes[static_cast<size_t>(c)]));
    const double denominator = std::max(a, b);
    s(i) = denominator > 0 ? (b - a) / denominator : 0.0;
  }
  return s;
}

double silhouette_score(const Eigen::MatrixXd& distances, const std::vector<int>& labels) {
  return silhouette_samples(distances, labels).mean();
}

} // namespace gyrus::analysis
