// BIMT's swaps ("relocate"): hidden neurons trade places on the grid when
// that shortens their wiring. A swap exchanges the *weights* of two hidden
// neurons (their W_in and W_rec rows, W_rec and W_out columns and biases)
// and leaves the geometry fixed, as BIMT does; the network computes the same
// function with its hidden units relabelled. Adam's moments are exchanged
// alongside so that optimisation does not notice the relabelling either.
#pragma once

#include "training/bimt/geometry.h"
#include "training/model/adam.h"
#include "training/model/rnn_parameters.h"

#include <Eigen/Core>
#include <cstdint>
#include <utility>
#include <vector>

namespace gyrus::bimt {

struct SwapConfig {
  /// Steps between swap rounds; BIMT's notebooks use 200 to 500.
  int interval = 200;
  /// Most important neurons that try to move per round; BIMT uses 5 to 30.
  int top_k = 30;
};

/// Whether a round is due after optimiser step `step` (0-based), i.e. after
/// every `interval` completed steps, as BIMT's `(step + 1) % swap_log == 0`.
bool swap_due(int64_t step, const SwapConfig& config);

struct SwapReport {
  /// Index pairs exchanged, in the order applied; replaying them with
  /// exchange_hidden_neurons() maps the old network onto the new one.
  std::vector<std::pair<int, int>> swaps;
  /// Wiring cost sum |w| d before and after the round. The BIMT cost
  /// lambda sum |w| (d + A) changes by lambda times the same amount, because a
  /// swap only permutes the |w| A terms.
  double wiring_cost_before = 0.0;
  double wiring_cost_after = 0.0;
  int64_t candidates_evaluated = 0; ///< (neuron, position) pairs priced
};

/// Importance of each hidden neuron j: sum |in| + sum |out|, where "in" is
/// W_in row j and W_rec row j, and "out" is W_rec column j and W_out column j
/// (so the self-connection counts twice).
Eigen::VectorXd neuron_importance(const model::RnnParameters<float>& params);

/// Exchanges hidden neurons i and j: W_in rows, W_rec rows and columns, b
/// entries and W_out columns. i == j is a no-op. Throws std::out_of_range.
template <typename S> void exchange_hidden_neurons(model::RnnParameters<S>& params, int i, int j);
/// The same exchange applied to Adam's first and second moments.
void exchange_hidden_neurons(model::Adam& adam, int i, int j);

/// Exact change of wiring_cost() if hidden neurons i and j were exchanged,
/// in O(N + n_input + n_output) from the two neurons' rows and columns
/// (docs/bimt.md derives it). Throws std::out_of_range for bad indices.
double swap_wiring_delta(const model::RnnParameters<float>& params, const Geometry& geometry, int i,
                         int j);

/// One BIMT relocation round: the top_k neurons by importance (ranked once,
/// at the start) each move to whichever position lowers the wiring cost most,
/// if any does, exchanging places with the neuron there. `adam`, when given,
/// has its moments exchanged with the weights.
SwapReport swap_round(model::RnnParameters<float>& params, const Geometry& geometry,
                      const SwapConfig& config, model::Adam* adam = nullptr);

extern template void exchange_hidden_neurons(model::RnnParameters<float>&, int, int);
extern template void exchange_hidden_neurons(model::RnnParameters<double>&, int, int);

} // namespace gyrus::bimt
