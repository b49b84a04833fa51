// The wiring cost of a network at the positions its file gives its neurons.
#pragma once

#include "training/model/rnn_parameters.h"

#include <Eigen/Core>

namespace gyrus::analysis {

/// sum |w| * d over W_in, W_rec and W_out, d the Manhattan distance between
/// the two neurons a weight joins, taken from the given positions (n x 2
/// each). For a gyrus-trained network the positions are BIMT's grid and
/// input/output lines, and this equals bimt::wiring_cost; reading them from
/// the file keeps the number right for networks placed any other way.
/// Throws std::invalid_argument when the shapes disagree.
double wiring_cost(const model::RnnParameters<float>& params,
                   const Eigen::MatrixXf& input_positions, const Eigen::MatrixXf& hidden_positions,
                   const Eigen::MatrixXf& output_positions);

} // namespace gyrus::analysis
