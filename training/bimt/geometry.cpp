#include "training/bimt/geometry.h"

#include <cmath>
#include <string>

namespace gyrus::bimt {

namespace {

/// BIMT's cell centres: linspace(1/(2n), 1 - 1/(2n), n).
double cell_centre(int index, int count) {
  return (index + 0.5) / count;
}

Eigen::MatrixXf manhattan(const Eigen::MatrixXd& from, const Eigen::MatrixXd& to) {
  Eigen::MatrixXf d(from.rows(), to.rows());
  for (Eigen::Index c = 0; c < to.rows(); ++c)
    for (Eigen::Index r = 0; r < from.rows(); ++r)
      d(r, c) =
          static_cast<float>(std::abs(from(r, 0) - to(c, 0)) + std::abs(from(r, 1) - to(c, 1)));
  return d;
}

} // namespace

Geometry::Geometry(int n_input, int n_output, int width, int height)
    : width_(width), height_(height), n_input_(n_input), n_output_(n_output) {
  if (width <= 0 || height <= 0)
    throw std::invalid_argument("hidden grid " + std::to_string(width) + "x" +
                                std::to_string(height) + ": both sides must be positive");
  if (n_input <= 0 || n_output <= 0)
    throw std::invalid_argument("geometry needs at least one input and one output neuron, got " +
                                std::to_string(n_input) + " inputs and " +
                                std::to_string(n_output) + " outputs");

  hidden_.resize(n_hidden(), 2);
  for (int row = 0; row < height; ++row)
    for (int col = 0; col < width; ++col) {
      hidden_(row * width + col, 0) = cell_centre(col, width);
      hidden_(row * width + col, 1) = cell_centre(row, height);
    }
  input_.resize(n_input, 2);
  for (int k = 0; k < n_input; ++k) {
    input_(k, 0) = cell_centre(k, n_input);
    input_(k, 1) = input_line_y();
  }
  output_.resize(n_output, 2);
  for (int o = 0; o < n_output; ++o) {
    output_(o, 0) = cell_centre(o, n_output);
    output_(o, 1) = output_line_y();
  }

  d_in_ = manhattan(hidden_, input_);
  d_rec_ = manhattan(hidden_, hidden_);
  d_out_ = manhattan(output_, hidden_);
}

} // namespace gyrus::bimt
