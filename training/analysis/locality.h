// Spatial locality of the functional clusters on the hidden grid: are the
// units of one cluster closer together than chance?
#pragma once

#include <Eigen/Core>
#include <vector>

namespace gyrus::analysis {

/// Mean Manhattan distance |dx| + |dy| over the unordered pairs of distinct
/// rows of `positions` (n x 2) listed in `members`; NaN with fewer than two.
/// Manhattan, because BIMT's connection cost and the chip mesh both are.
double mean_pairwise_distance(const Eigen::MatrixXd& positions, const std::vector<int>& members);
/// The same over all rows.
double mean_pairwise_distance(const Eigen::MatrixXd& positions);

struct Locality {
  /// Cluster-size-weighted mean of the per-cluster scores over clusters with
  /// at least two units: 1 when every cluster sits on one point, about 0 when
  /// clusters are as spread as random sets, negative when more spread. NaN
  /// when no cluster has two units or the baseline is 0.
  double score = 0;
  double baseline = 0;             ///< mean pairwise distance over the population
  std::vector<double> per_cluster; ///< 1 - D_c / baseline; NaN for singletons
  std::vector<int> sizes;          ///< units per cluster
};

/// Per cluster c (label >= 0; labels < 0 belong to no cluster):
///   l_c = 1 - D_c / D_pop,
/// with D_c the cluster's mean pairwise distance and D_pop the expected mean
/// pairwise distance of a uniformly random subset of the population of the
/// same size. That expectation needs no sampling: each pair of the
/// population is equally likely to fall in the subset, so by linearity it is
/// the mean pairwise distance over all pairs of the population, whatever the
/// subset size. `population` lists the rows random sets are drawn from; empty
/// means every row (all hidden neurons).
Locality locality(const Eigen::MatrixXd& positions, const std::vector<int>& labels,
                  const std::vector<int>& population = {});

} // namespace gyrus::analysis
