// Where the neurons of the leaky RNN sit, and how far apart they are.
//
// BIMT penalises a weight by the distance between the two neurons it joins.
// The hidden neurons tile a W x H grid of cell centres in [0, 1]^2, as BIMT's
// 2D layers do. Inputs and outputs are not part of the recurrent sheet, so
// they sit on two horizontal lines beside it: inputs one grid row below the
// bottom row, outputs one grid row above the top row (docs/bimt.md says why).
// Distances are Manhattan, as in BIMT.
#pragma once

#include "training/model/rnn_parameters.h"

#include <Eigen/Core>
#include <stdexcept>
#include <string>

namespace gyrus::bimt {

class Geometry {
public:
  static constexpr int kDefaultSide = 20;

  /// Hidden neuron i = row * width + col sits at (x, y) = (xs[col], ys[row]),
  /// with xs = linspace(1/(2W), 1 - 1/(2W), W) and ys likewise over H.
  /// Throws std::invalid_argument unless width, height, n_input, n_output > 0.
  Geometry(int n_input, int n_output, int width = kDefaultSide, int height = kDefaultSide);

  int width() const { return width_; }
  int height() const { return height_; }
  int n_hidden() const { return width_ * height_; }
  int n_input() const { return n_input_; }
  int n_output() const { return n_output_; }

  /// The input line lies where a grid row -1 would be, the output line where
  /// row H would be: each is one row spacing from the nearest hidden row.
  double input_line_y() const { return -0.5 / height_; }
  double output_line_y() const { return 1.0 + 0.5 / height_; }

  /// Positions as (x, y) rows: N x 2, n_input x 2, n_output x 2.
  const Eigen::MatrixXd& hidden_positions() const { return hidden_; }
  const Eigen::MatrixXd& input_positions() const { return input_; }
  const Eigen::MatrixXd& output_positions() const { return output_; }

  /// Distances shaped like the weights they weigh: d_in(i, k) joins hidden i
  /// and input k (N x n_input), d_rec(i, j) hidden i and j (N x N, symmetric,
  /// zero diagonal), d_out(o, i) output o and hidden i (n_output x N).
  const Eigen::MatrixXf& d_in() const { return d_in_; }
  const Eigen::MatrixXf& d_rec() const { return d_rec_; }
  const Eigen::MatrixXf& d_out() const { return d_out_; }

private:
  int width_, height_, n_input_, n_output_;
  Eigen::MatrixXd hidden_, input_, output_;
  Eigen::MatrixXf d_in_, d_rec_, d_out_;
};

/// Throws std::invalid_argument unless `params` has the geometry's shape.
template <typename S>
void require_matching_shape(const model::RnnParameters<S>& params, const Geometry& geometry) {
  const auto N = geometry.n_hidden(), n_in = geometry.n_input(), n_out = geometry.n_output();
  const bool matches = params.w_in.rows() == N && params.w_in.cols() == n_in &&
                       params.w_rec.rows() == N && params.w_rec.cols() == N &&
                       params.b.size() == N && params.w_out.rows() == n_out &&
                       params.w_out.cols() == N && params.b_out.size() == n_out;
  if (!matches)
    throw std::invalid_argument(
        "network has w_in " + std::to_string(params.w_in.rows()) + "x" +
        std::to_string(params.w_in.cols()) + ", w_rec " + std::to_string(params.w_rec.rows()) +
        "x" + std::to_string(params.w_rec.cols()) + ", w_out " +
        std::to_string(params.w_out.rows()) + "x" + std::to_string(params.w_out.cols()) +
        ", but the geometry is a " + std::to_string(geometry.width()) + "x" +
        std::to_string(geometry.height()) + " grid (" + std::to_string(N) + " hidden) with " +
        std::to_string(n_in) + " inputs and " + std::to_string(n_out) + " outputs");
}

} // namespace gyrus::bimt
