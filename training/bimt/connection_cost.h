// The connection-cost regularisers of BIMT (Liu et al., arXiv 2305.08746),
// applied to the leaky RNN's W_in, W_rec and W_out, and the schedule of their
// strength lambda over training. docs/bimt.md gives the equations.
#pragma once

#include "training/bimt/geometry.h"
#include "training/model/rnn_parameters.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gyrus::bimt {

enum class Regularizer {
  None, ///< no penalty
  L1,   ///< lambda * sum |w|
  Bimt, ///< lambda * sum |w| * (d + A)
};

/// Throws std::invalid_argument naming `text` unless it is none, l1 or bimt.
Regularizer parse_regularizer(std::string_view text);
std::string_view to_string(Regularizer regularizer);

/// BIMT's l0 ("A" in the paper), the distance-free part of every weight's
/// cost. The BIMT notebooks use l0 = 0.5 with weight factor 1 (permutation,
/// in-context) and 0.5 with factor 2 (MNIST, modular addition, i.e. A = 0.25
/// at factor 1); 0.5 is their most common value for a unit-square layer.
inline constexpr double kDefaultA = 0.5;

struct CostConfig {
  Regularizer regularizer = Regularizer::None;
  double lambda = 0.0;
  double a = kDefaultA; ///< used by Bimt only
  /// Biases cost lambda * |b| (L1) or lambda * A * |b| (Bimt), as BIMT's
  /// bias_penalize. Off by default: Yang's RNN does not penalise biases.
  bool penalize_biases = false;
};

/// Throws std::invalid_argument naming the value unless lambda and A are
/// finite and >= 0.
void validate(const CostConfig& config);

/// The regulariser's value for `params`; 0 for Regularizer::None.
template <typename S>
double regularization_cost(const model::RnnParameters<S>& params, const Geometry& geometry,
                           const CostConfig& config);

/// Adds the regulariser's subgradient, lambda * sign(w) * (d + A) for Bimt,
/// to `grad` (sign(0) = 0, so exact zeros stay put).
template <typename S>
void add_regularization_gradient(const model::RnnParameters<S>& params, const Geometry& geometry,
                                 const CostConfig& config, model::RnnParameters<S>& grad);

/// The paper's wiring metric: sum |w| * d over W_in, W_rec and W_out, with
/// neither A nor lambda.
template <typename S>
double wiring_cost(const model::RnnParameters<S>& params, const Geometry& geometry);

/// Piecewise-constant lambda over training steps, as BIMT's notebooks step
/// it (small, x10 at a quarter of training, sometimes x0.1 at three quarters).
class LambdaSchedule {
public:
  struct Piece {
    double value = 0.0;
    int64_t start = 0; ///< first step at which `value` applies
  };

  /// Constant zero.
  LambdaSchedule() : pieces_{Piece{}} {}

  /// "1e-4" (constant) or "1e-4@0,1e-3@12500,1e-4@37500": VALUE@START pieces
  /// with the first START 0 and the rest strictly increasing. Values must be
  /// finite and >= 0. Throws std::invalid_argument saying what is wrong.
  static LambdaSchedule parse(std::string_view text);
  static LambdaSchedule constant(double value);

  /// Lambda in force at `step` (>= 0).
  double at(int64_t step) const;
  const std::vector<Piece>& pieces() const { return pieces_; }
  /// Canonical text that parse() reads back to the same schedule.
  std::string to_string() const;

private:
  explicit LambdaSchedule(std::vector<Piece> pieces) : pieces_(std::move(pieces)) {}
  std::vector<Piece> pieces_;
};

extern template double regularization_cost(const model::RnnParameters<float>&, const Geometry&,
                                           const CostConfig&);
extern template double regularization_cost(const model::RnnParameters<double>&, const Geometry&,
                                           const CostConfig&);
extern template void add_regularization_gradient(const model::RnnParameters<float>&,
                                                 const Geometry&, const CostConfig&,
                                                 model::RnnParameters<float>&);
extern template void add_regularization_gradient(const model::RnnParameters<double>&,
                                                 const Geometry&, const CostConfig&,
                                                 model::RnnParameters<double>&);
extern template double wiring_cost(const model::RnnParameters<float>&, const Geometry&);
extern template double wiring_cost(const model::RnnParameters<double>&, const Geometry&);

} // namespace gyrus::bimt
