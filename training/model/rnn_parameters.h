// Parameters of Yang et al.'s leaky RNN, and the shape that defines them.
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <string_view>

namespace gyrus::model {

enum class Activation { Relu, Softplus };

struct RnnConfig {
  int n_input = 0;
  int n_hidden = 0;
  int n_output = 0;
  double alpha = 0.2;      ///< dt / tau
  double sigma_rec = 0.05; ///< recurrent noise, scaled by sqrt(2 / alpha) inside f
  Activation activation = Activation::Relu;
};

/// h <- (1 - alpha) h + alpha f(W_rec h + W_in x + b + noise);  y = sigmoid(W_out h + b_out).
/// Matrices are column-major and map neurons to rows: W_in is N x n_input.
template <typename S> struct RnnParameters {
  using Matrix = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
  using Vector = Eigen::Matrix<S, Eigen::Dynamic, 1>;

  Matrix w_in;  ///< N x n_input
  Matrix w_rec; ///< N x N
  Vector b;     ///< N
  Matrix w_out; ///< n_output x N
  Vector b_out; ///< n_output

  void resize(const RnnConfig& c) {
    w_in.setZero(c.n_hidden, c.n_input);
    w_rec.setZero(c.n_hidden, c.n_hidden);
    b.setZero(c.n_hidden);
    w_out.setZero(c.n_output, c.n_hidden);
    b_out.setZero(c.n_output);
  }

  /// Calls f(tensor, name) for each of the five tensors, in a fixed order.
  template <typename F> void for_each(F&& f) {
    f(w_in, std::string_view("w_in"));
    f(w_rec, std::string_view("w_rec"));
    f(b, std::string_view("b"));
    f(w_out, std::string_view("w_out"));
    f(b_out, std::string_view("b_out"));
  }
  template <typename F> void for_each(F&& f) const {
    f(w_in, std::string_view("w_in"));
    f(w_rec, std::string_view("w_rec"));
    f(b, std::string_view("b"));
    f(w_out, std::string_view("w_out"));
    f(b_out, std::string_view("b_out"));
  }

  size_t size() const {
    return static_cast<size_t>(w_in.size() + w_rec.size() + b.size() + w_out.size() + b_out.size());
  }

  template <typename T> RnnParameters<T> cast() const {
    return {w_in.template cast<T>(), w_rec.template cast<T>(), b.template cast<T>(),
            w_out.template cast<T>(), b_out.template cast<T>()};
  }
};

} // namespace gyrus::model
