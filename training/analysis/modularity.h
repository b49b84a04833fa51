// Anatomical modularity: Newman's modularity Q of the recurrent weight graph
// under a given partition (the functional clusters).
#pragma once

#include <Eigen/Core>
#include <vector>

namespace gyrus::analysis {

/// Newman's weighted modularity (Newman 2004, Phys. Rev. E 70, 056131):
///
///   Q = (1 / 2m) sum_ij [A_ij - k_i k_j / 2m] delta(c_i, c_j),
///   k_i = sum_j A_ij,  2m = sum_ij A_ij,
///
/// for a symmetric, non-negative `adjacency` (n x n) and one group label per
/// node. Nodes labelled < 0 are left out: Q is that of the subgraph induced by
/// the labelled nodes. The diagonal is used as given. Returns NaN when the
/// (induced) graph has no weight. Throws std::invalid_argument on a size
/// mismatch, a negative or non-finite entry, or an asymmetric matrix.
double newman_modularity(const Eigen::MatrixXd& adjacency, const std::vector<int>& labels);

/// The graph of the recurrent weights: A = |W_rec| + |W_rec|^T with a zero
/// diagonal. Each direction of a connection adds its magnitude, and a
/// self-connection (a neuron's own leak-like feedback) joins no two neurons,
/// so it is not an edge.
Eigen::MatrixXd recurrent_graph(const Eigen::MatrixXf& w_rec);

/// Q of recurrent_graph(w_rec) partitioned by `labels` (one per hidden
/// neuron; < 0 for units without a functional cluster, which are left out).
double anatomical_modularity(const Eigen::MatrixXf& w_rec, const std::vector<int>& labels);

} // namespace gyrus::analysis
