// Forward pass and backpropagation through time of the leaky RNN, written
// out by hand with Eigen (in the spirit of llm.c): one batched GEMM for every
// product that does not depend on the recurrence, and only W_rec h and
// W_rec^T dpre inside the time loops. Activations live in buffers that grow
// with the longest batch seen and are never reallocated inside a time loop.
#pragma once

#include "training/model/rnn_parameters.h"
#include "training/tasks/batch.h"

#include <cstdint>
#include <optional>

namespace gyrus::model {

template <typename S> class LeakyRnn {
public:
  using Matrix = typename RnnParameters<S>::Matrix;

  explicit LeakyRnn(const RnnConfig& config) : config_(config) {}

  /// Runs `batch` and returns the loss mean(((y - target) * mask)^2) over all
  /// T x B x n_output entries. `noise_seed` draws the recurrent noise; without
  /// it the network runs noise-free (evaluation). Keeps what backward needs.
  S forward(const RnnParameters<S>& params, const tasks::Batch& batch,
            std::optional<uint64_t> noise_seed);

  /// Gradient of the last forward's loss with respect to every parameter.
  /// Overwrites `grad` (resized as needed).
  void backward(const RnnParameters<S>& params, RnnParameters<S>& grad);

  /// Sigmoid outputs of the last forward, n_output x (T * B): column t * B + b,
  /// which is exactly the [T, B, n_output] layout of Batch::targets.
  const Matrix& outputs() const { return y_; }
  /// Hidden states of the last forward, N x ((T + 1) * B); block 0 is h_{-1} = 0.
  const Matrix& hidden() const { return h_; }

  const RnnConfig& config() const { return config_; }

private:
  void reserve(int columns);

  RnnConfig config_;
  int steps_ = 0, trials_ = 0;
  Matrix x_;               ///< n_input x TB
  Matrix target_;          ///< n_output x TB
  Matrix mask2_;           ///< n_output x TB, mask squared
  Matrix pre_;             ///< N x TB pre-activations, noise included; reused for dpre
  Matrix h_;               ///< N x (T+1)B
  Matrix y_;               ///< n_output x TB
  Matrix dz_;              ///< n_output x TB
  Matrix carry_, dh_step_; ///< N x B
};

extern template class LeakyRnn<float>;
extern template class LeakyRnn<double>;

} // namespace gyrus::model
