// Initial weights as in Yang et al.'s network.py: W_in ~ N(0, 1) / sqrt(n_in),
// W_rec = 0.5 I ('diag') or 0.5 x a Haar-random orthogonal matrix
// ('randortho'), W_out Glorot-uniform (TensorFlow's default), biases 0.
#pragma once

#include "training/model/rnn_parameters.h"
#include "training/tasks/rng.h"

namespace gyrus::model {

enum class RecurrentInit { Diagonal, RandomOrthogonal };

RnnParameters<float> initial_parameters(const RnnConfig& config, RecurrentInit init,
                                        tasks::Rng& rng);

/// Haar-random orthogonal n x n matrix (scipy's ortho_group, as Yang's tools.py).
Eigen::MatrixXd random_orthogonal(int n, tasks::Rng& rng);

} // namespace gyrus::model
