#include "training/analysis/wiring.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace gyrus::analysis {

namespace {

/// sum_{r, c} |w(r, c)| * manhattan(rows_at(r), cols_at(c)).
double weighted_length(const Eigen::MatrixXf& w, const Eigen::MatrixXf& rows_at,
                       const Eigen::MatrixXf& cols_at) {
  double total = 0;
  for (Eigen::Index c = 0; c < w.cols(); ++c)
    for (Eigen::Index r = 0; r < w.rows(); ++r) {
      const double d = std::abs(static_cast<double>(rows_at(r, 0)) - cols_at(c, 0)) +
                       std::abs(static_cast<double>(rows_at(r, 1)) - cols_at(c, 1));
      total += std::abs(static_cast<double>(w(r, c))) * d;
    }
  return total;
}

} // namespace

double wiring_cost(const model::RnnParameters<float>& p, const Eigen::MatrixXf& input_positions,
                   const Eigen::MatrixXf& hidden_positions,
                   const Eigen::MatrixXf& output_positions) {
  const Eigen::Index N = hidden_positions.rows();
  const bool matches = input_positions.cols() == 2 && hidden_positions.cols() == 2 &&
                       output_positions.cols() == 2 && p.w_rec.rows() == N && p.w_rec.cols() == N &&
                       p.w_in.rows() == N && p.w_in.cols() == input_positions.rows() &&
                       p.w_out.cols() == N && p.w_out.rows() == output_positions.rows();
  if (!matches)
    throw std::invalid_argument(
        "wiring cost: weights " + std::to_string(p.w_in.rows()) + "x" +
        std::to_string(p.w_in.cols()) + " (w_in), " + std::to_string(p.w_out.rows()) + "x" +
        std::to_string(p.w_out.cols()) + " (w_out) do not match the positions of " +
        std::to_string(input_positions.rows()) + " inputs, " + std::to_string(N) + " hidden and " +
        std::to_string(output_positions.rows()) + " outputs");
  return weighted_length(p.w_in, hidden_positions, input_positions) +
         weighted_length(p.w_rec, hidden_positions, hidden_positions) +
         weighted_length(p.w_out, output_positions, hidden_positions);
}

} // namespace gyrus::analysis
