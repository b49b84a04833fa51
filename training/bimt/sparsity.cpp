#include "training/bimt/sparsity.h"

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace gyrus::bimt {

template <typename S>
SparsityReport measure_sparsity(const model::RnnParameters<S>& p, double threshold) {
  if (!std::isfinite(threshold) || threshold < 0.0)
    throw std::invalid_argument("pruning threshold must be finite and >= 0, got " +
                                std::to_string(threshold));
  const auto kept = [threshold](S w) { return std::abs(static_cast<double>(w)) > threshold; };
  const Eigen::Index n = p.w_rec.rows();

  Eigen::Index kept_weights = 0;
  const auto count_kept = [&](const auto& w) {
    for (Eigen::Index i = 0; i < w.size(); ++i)
      kept_weights += kept(w.data()[i]);
  };
  count_kept(p.w_in);
  count_kept(p.w_rec);
  count_kept(p.w_out);
  const Eigen::Index total = p.w_in.size() + p.w_rec.size() + p.w_out.size();

  std::vector<char> has_in(static_cast<size_t>(n), 0), has_out(static_cast<size_t>(n), 0);
  for (Eigen::Index k = 0; k < p.w_in.cols(); ++k)
    for (Eigen::Index j = 0; j < n; ++j)
      has_in[static_cast<size_t>(j)] |= kept(p.w_in(j, k));
  for (Eigen::Index c = 0; c < n; ++c)
    for (Eigen::Index r = 0; r < n; ++r)
      if (r != c && kept(p.w_rec(r, c))) {
        has_in[static_cast<size_t>(r)] = 1;  // r hears c
        has_out[static_cast<size_t>(c)] = 1; // c speaks to r
      }
  for (Eigen::Index j = 0; j < n; ++j)
    for (Eigen::Index o = 0; o < p.w_out.rows(); ++o)
      has_out[static_cast<size_t>(j)] |= kept(p.w_out(o, j));

  SparsityReport report;
  report.hidden = static_cast<int>(n);
  report.share_below_threshold =
      total == 0 ? 0.0 : static_cast<double>(total - kept_weights) / static_cast<double>(total);
  for (Eigen::Index j = 0; j < n; ++j)
    report.active_neurons += has_in[static_cast<size_t>(j)] && has_out[static_cast<size_t>(j)];
  return report;
}

template SparsityReport measure_sparsity(const model::RnnParameters<float>&, double);
template SparsityReport measure_sparsity(const model::RnnParameters<double>&, double);

} // namespace gyrus::bimt
