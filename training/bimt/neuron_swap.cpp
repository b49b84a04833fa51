#include "training/bimt/neuron_swap.h"

#include "training/bimt/connection_cost.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace gyrus::bimt {

namespace {

void require_hidden_index(int index, Eigen::Index n_hidden) {
  if (index < 0 || index >= n_hidden)
    throw std::out_of_range("hidden neuron " + std::to_string(index) + " is outside [0, " +
                            std::to_string(n_hidden) + ")");
}

/// Prices every move of one neuron in single precision. Magnitudes are laid
/// out so that each candidate position reads contiguous columns: a neuron's
/// input weights are a column of |W_in|^T, its output weights a column of
/// |W_out|, and its recurrent weights in both directions a column of the
/// symmetric |W_rec| + |W_rec|^T.
class SwapPricer {
public:
  SwapPricer(const model::RnnParameters<float>& p, const Geometry& g)
      : in_t_(p.w_in.cwiseAbs().transpose()), d_in_t_(g.d_in().transpose()),
        out_(p.w_out.cwiseAbs()), d_out_(g.d_out()),
        rec_sym_(p.w_rec.cwiseAbs() + p.w_rec.cwiseAbs().transpose()), d_rec_(g.d_rec()) {}

  /// deltas(j) = change of the wiring cost if neurons i and j exchanged
  /// places; the same formula as swap_wiring_delta().
  void price_moves(int i, Eigen::VectorXf& deltas) const {
    const auto in_i = in_t_.col(i), d_in_i = d_in_t_.col(i);
    const auto out_i = out_.col(i), d_out_i = d_out_.col(i);
    const auto rec_i = rec_sym_.col(i), d_rec_i = d_rec_.col(i);
    const Eigen::Index n = rec_sym_.cols();
    deltas.resize(n);
    for (Eigen::Index j = 0; j < n; ++j) {
      const float input = (in_t_.col(j) - in_i).cwiseProduct(d_in_i - d_in_t_.col(j)).sum();
      const float output = (out_.col(j) - out_i).cwiseProduct(d_out_i - d_out_.col(j)).sum();
      const float recurrent = (rec_i - rec_sym_.col(j)).cwiseProduct(d_rec_.col(j) - d_rec_i).sum();
      const float within_pair =
          d_rec_(i, j) * (rec_sym_(i, i) + rec_sym_(j, j) - 2.0f * rec_sym_(i, j));
      deltas(j) = input + output + recurrent - within_pair;
    }
  }

  void exchange(int i, int j) {
    in_t_.col(i).swap(in_t_.col(j));
    out_.col(i).swap(out_.col(j));
    rec_sym_.row(i).swap(rec_sym_.row(j));
    rec_sym_.col(i).swap(rec_sym_.col(j));
  }

private:
  Eigen::MatrixXf in_t_, d_in_t_; // n_input x N
  Eigen::MatrixXf out_;           // n_output x N
  const Eigen::MatrixXf& d_out_;  // n_output x N
  Eigen::MatrixXf rec_sym_;       // N x N
  const Eigen::MatrixXf& d_rec_;  // N x N
};

/// Indices of the `k` largest entries, largest first; ties go to the lower
/// index so that a round is deterministic.
std::vector<int> top_indices(const Eigen::VectorXd& score, int k) {
  std::vector<int> order(static_cast<size_t>(score.size()));
  std::iota(order.begin(), order.end(), 0);
  std::partial_sort(order.begin(), order.begin() + k, order.end(), [&](int a, int b) {
    return score(a) != score(b) ? score(a) > score(b) : a < b;
  });
  order.resize(static_cast<size_t>(k));
  return order;
}

} // namespace

bool swap_due(int64_t step, const SwapConfig& config) {
  return config.interval > 0 && (step + 1) % config.interval == 0;
}

Eigen::VectorXd neuron_importance(const model::RnnParameters<float>& p) {
  const Eigen::MatrixXd rec = p.w_rec.cast<double>().cwiseAbs();
  return p.w_in.cast<double>().cwiseAbs().rowwise().sum() + rec.rowwise().sum() +
         rec.colwise().sum().transpose() +
         p.w_out.cast<double>().cwiseAbs().colwise().sum().transpose();
}

template <typename S> void exchange_hidden_neurons(model::RnnParameters<S>& p, int i, int j) {
  require_hidden_index(i, p.w_rec.rows());
  require_hidden_index(j, p.w_rec.rows());
  if (i == j)
    return;
  p.w_in.row(i).swap(p.w_in.row(j));
  p.w_rec.row(i).swap(p.w_rec.row(j));
  p.w_rec.col(i).swap(p.w_rec.col(j));
  std::swap(p.b(i), p.b(j));
  p.w_out.col(i).swap(p.w_out.col(j));
}

void exchange_hidden_neurons(model::Adam& adam, int i, int j) {
  exchange_hidden_neurons(adam.first_moment(), i, j);
  exchange_hidden_neurons(adam.second_moment(), i, j);
}

double swap_wiring_delta(const model::RnnParameters<float>& p, const Geometry& g, int i, int j) {
  require_matching_shape(p, g);
  require_hidden_index(i, g.n_hidden());
  require_hidden_index(j, g.n_hidden());
  if (i == j)
    return 0.0;
  const auto mag = [](float w) { return std::abs(static_cast<double>(w)); };
  const auto& d_in = g.d_in();
  const auto& d_out = g.d_out();
  const auto& d_rec = g.d_rec();

  double delta = 0.0;
  for (Eigen::Index k = 0; k < p.w_in.cols(); ++k)
    delta += (mag(p.w_in(j, k)) - mag(p.w_in(i, k))) *
             (static_cast<double>(d_in(i, k)) - static_cast<double>(d_in(j, k)));
  for (Eigen::Index o = 0; o < p.w_out.rows(); ++o)
    delta += (mag(p.w_out(o, j)) - mag(p.w_out(o, i))) *
             (static_cast<double>(d_out(o, i)) - static_cast<double>(d_out(o, j)));
  // Recurrent weights touch a neuron in both directions and d_rec is
  // symmetric, so only |w_rc| + |w_cr| matters.
  const auto both_ways = [&](Eigen::Index r, Eigen::Index c) {
    return mag(p.w_rec(r, c)) + mag(p.w_rec(c, r));
  };
  for (Eigen::Index c = 0; c < p.w_rec.cols(); ++c)
    delta += (both_ways(i, c) - both_ways(j, c)) *
             (static_cast<double>(d_rec(j, c)) - static_cast<double>(d_rec(i, c)));
  // The sum above also moved the self-connections and the i-j link, which
  // in truth stay at distance 0 and d_ij; take those terms back out.
  delta -= static_cast<double>(d_rec(i, j)) *
           (both_ways(i, i) + both_ways(j, j) - 2.0 * both_ways(i, j));
  return delta;
}

SwapReport swap_round(model::RnnParameters<float>& params, const Geometry& geometry,
                      const SwapConfig& config, model::Adam* adam) {
  require_matching_shape(params, geometry);
  if (config.top_k < 0)
    throw std::invalid_argument("swap top_k must be >= 0, got " + std::to_string(config.top_k));
  SwapReport report;
  report.wiring_cost_before = wiring_cost(params, geometry);
  const int n = geometry.n_hidden();
  const std::vector<int> movers = top_indices(neuron_importance(params), std::min(config.top_k, n));

  // Movers are ranked once; follow each one by identity as earlier swaps
  // relabel positions.
  std::vector<int> position_of(static_cast<size_t>(n)), neuron_at(static_cast<size_t>(n));
  std::iota(position_of.begin(), position_of.end(), 0);
  std::iota(neuron_at.begin(), neuron_at.end(), 0);

  SwapPricer pricer(params, geometry);
  Eigen::VectorXf deltas;
  for (const int mover : movers) {
    const int i = position_of[static_cast<size_t>(mover)];
    pricer.price_moves(i, deltas);
    report.candidates_evaluated += n;
    int best = i;
    for (int j = 0; j < n; ++j)
      if (deltas(j) < deltas(best))
        best = j;
    // Single precision only ranks the candidates; the move must pay off in
    // double precision too, so that a round never raises the cost.
    if (best == i || swap_wiring_delta(params, geometry, i, best) >= 0.0)
      continue;

    exchange_hidden_neurons(params, i, best);
    if (adam)
      exchange_hidden_neurons(*adam, i, best);
    pricer.exchange(i, best);
    std::swap(neuron_at[static_cast<size_t>(i)], neuron_at[static_cast<size_t>(best)]);
    position_of[static_cast<size_t>(neuron_at[static_cast<size_t>(i)])] = i;
    position_of[static_cast<size_t>(neuron_at[static_cast<size_t>(best)])] = best;
    report.swaps.emplace_back(i, best);
  }
  report.wiring_cost_after = wiring_cost(params, geometry);
  return report;
}

template void exchange_hidden_neurons(model::RnnParameters<float>&, int, int);
template void exchange_hidden_neurons(model::RnnParameters<double>&, int, int);

} // namespace gyrus::bimt
