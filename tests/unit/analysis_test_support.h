// Helpers shared by the analysis tests: grids, planted partitions and
// partition comparison.
#pragma once

#include "training/bimt/geometry.h"
#include "training/tasks/rng.h"

#include <Eigen/Core>
#include <cstdint>
#include <map>
#include <numeric>
#include <utility>
#include <vector>

namespace gyrus::analysis::test_support {

/// True when `a` and `b` are the same partition (equal up to relabelling).
inline bool same_partition(const std::vector<int>& a, const std::vector<int>& b) {
  if (a.size() != b.size())
    return false;
  std::map<int, int> forward, backward;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto f = forward.emplace(a[i], b[i]).first;
    const auto r = backward.emplace(b[i], a[i]).first;
    if (f->second != b[i] || r->second != a[i])
      return false;
  }
  return true;
}

inline Eigen::MatrixXd grid_positions(int width, int height) {
  return bimt::Geometry(1, 1, width, height).hidden_positions();
}

/// Labels of the four quadrants of an even width x height grid (row-major).
inline std::vector<int> quadrant_labels(int width, int height) {
  std::vector<int> labels;
  for (int row = 0; row < height; ++row)
    for (int col = 0; col < width; ++col)
      labels.push_back((row >= height / 2 ? 2 : 0) + (col >= width / 2 ? 1 : 0));
  return labels;
}

inline Eigen::MatrixXd permute_rows(const Eigen::MatrixXd& m, uint64_t seed) {
  std::vector<int> order(static_cast<size_t>(m.rows()));
  std::iota(order.begin(), order.end(), 0);
  tasks::Rng rng(seed);
  for (size_t i = order.size() - 1; i > 0; --i) // Fisher-Yates
    std::swap(order[i], order[static_cast<size_t>(rng.below(static_cast<int>(i) + 1))]);
  Eigen::MatrixXd out(m.rows(), m.cols());
  for (Eigen::Index r = 0; r < m.rows(); ++r)
    out.row(r) = m.row(order[static_cast<size_t>(r)]);
  return out;
}

} // namespace gyrus::analysis::test_support
