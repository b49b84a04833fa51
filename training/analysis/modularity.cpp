#include "training/analysis/modularity.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace gyrus::analysis {

double newman_modularity(const Eigen::MatrixXd& adjacency, const std::vector<int>& labels) {
  const Eigen::Index n = adjacency.rows();
  if (adjacency.cols() != n || static_cast<Eigen::Index>(labels.size()) != n)
    throw std::invalid_argument("modularity: " + std::to_string(labels.size()) + " labels for a " +
                                std::to_string(adjacency.rows()) + "x" +
                                std::to_string(adjacency.cols()) + " adjacency matrix");
  if (!adjacency.allFinite() || (n > 0 && adjacency.minCoeff() < 0))
    throw std::invalid_argument("modularity: adjacency must be finite and non-negative");
  const double scale = n > 0 ? adjacency.maxCoeff() : 0.0;
  if ((adjacency - adjacency.transpose()).cwiseAbs().maxCoeff() > 1e-9 * std::max(scale, 1.0))
    throw std::invalid_argument("modularity: adjacency must be symmetric");

  const int groups = labels.empty() ? 0 : *std::max_element(labels.begin(), labels.end()) + 1;
  if (groups <= 0)
    return std::numeric_limits<double>::quiet_NaN();
  // Per group: the weight inside it (sum over ordered pairs, i.e. 2 x the edge
  // weight) and the summed degree of its nodes, all within the induced graph.
  Eigen::VectorXd inside = Eigen::VectorXd::Zero(groups), degree = Eigen::VectorXd::Zero(groups);
  double total = 0; // 2m
  for (Eigen::Index j = 0; j < n; ++j) {
    const int cj = labels[static_cast<size_t>(j)];
    if (cj < 0)
      continue;
    for (Eigen::Index i = 0; i < n; ++i) {
      const int ci = labels[static_cast<size_t>(i)];
      if (ci < 0)
        continue;
      const double a = adjacency(i, j);
      total += a;
      degree(cj) += a;
      if (ci == cj)
        inside(cj) += a;
    }
  }
  if (total <= 0)
    return std::numeric_limits<double>::quiet_NaN();
  // sum_ij [A_ij - k_i k_j / 2m] delta = sum_c [inside_c - degree_c^2 / 2m].
  return (inside.sum() - degree.squaredNorm() / total) / total;
}

Eigen::MatrixXd recurrent_graph(const Eigen::MatrixXf& w_rec) {
  if (w_rec.rows() != w_rec.cols())
    throw std::invalid_argument("recurrent weights must be square, got " +
                                std::to_string(w_rec.rows()) + "x" + std::to_string(w_rec.cols()));
  const Eigen::MatrixXd magnitude = w_rec.cast<double>().cwiseAbs();
  Eigen::MatrixXd graph = magnitude + magnitude.transpose();
  graph.diagonal().setZero();
  return graph;
}

double anatomical_modularity(const Eigen::MatrixXf& w_rec, const std::vector<int>& labels) {
  return newman_modularity(recurrent_graph(w_rec), labels);
}

} // namespace gyrus::analysis
