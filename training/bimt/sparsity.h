// How sparse a trained network is, for the performance-sparsity Pareto front
// of Growing Brains.
#pragma once

#include "training/model/rnn_parameters.h"

namespace gyrus::bimt {

struct SparsityReport {
  /// Share of the entries of W_in, W_rec and W_out that pruning would remove,
  /// |w| <= threshold (so threshold 0 counts exact zeros).
  double share_below_threshold = 0.0;
  /// Hidden neurons with at least one kept (|w| > threshold) incoming weight,
  /// from an input or another hidden neuron, and at least one kept outgoing
  /// weight, to another hidden neuron or an output. Self-connections do not
  /// count: a neuron that only excites itself passes nothing on.
  int active_neurons = 0;
  int hidden = 0;
};

/// Throws std::invalid_argument unless threshold is finite and >= 0.
template <typename S>
SparsityReport measure_sparsity(const model::RnnParameters<S>& params, double threshold);

extern template SparsityReport measure_sparsity(const model::RnnParameters<float>&, double);
extern template SparsityReport measure_sparsity(const model::RnnParameters<double>&, double);

} // namespace gyrus::bimt
