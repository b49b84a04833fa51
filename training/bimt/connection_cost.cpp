#include "training/bimt/connection_cost.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <iterator>
#include <stdexcept>
#include <system_error>

namespace gyrus::bimt {

namespace {

std::string format_number(double value) {
  std::array<char, 32> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), result.ptr);
}

/// sum |w| * (d + a), accumulated in double.
template <typename M> double weighted_magnitude(const M& w, const Eigen::MatrixXf& d, double a) {
  double total = 0.0;
  for (Eigen::Index c = 0; c < w.cols(); ++c)
    for (Eigen::Index r = 0; r < w.rows(); ++r)
      total += std::abs(static_cast<double>(w(r, c))) * (static_cast<double>(d(r, c)) + a);
  return total;
}

template <typename M> double magnitude(const M& w) {
  double total = 0.0;
  for (Eigen::Index i = 0; i < w.size(); ++i)
    total += std::abs(static_cast<double>(w.data()[i]));
  return total;
}

template <typename M>
void add_scaled_sign(const M& w, const Eigen::MatrixXf& d, double lambda, double a, M& grad) {
  using S = typename M::Scalar;
  grad.array() +=
      w.array().sign() * (static_cast<S>(lambda) * (d.cast<S>().array() + static_cast<S>(a)));
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos)
    return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

[[noreturn]] void schedule_error(std::string_view text, const std::string& what) {
  throw std::invalid_argument("lambda schedule \"" + std::string(text) + "\": " + what);
}

double parse_lambda(std::string_view schedule, std::string_view token) {
  double value = 0.0;
  const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (token.empty() || error != std::errc() || end != token.data() + token.size())
    schedule_error(schedule, "\"" + std::string(token) + "\" is not a number");
  if (!std::isfinite(value) || value < 0.0)
    schedule_error(schedule, "lambda must be finite and >= 0, got " + std::string(token));
  return value;
}

int64_t parse_start(std::string_view schedule, std::string_view token) {
  int64_t start = 0;
  const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), start);
  if (token.empty() || error != std::errc() || end != token.data() + token.size() || start < 0)
    schedule_error(schedule, "\"" + std::string(token) + "\" is not a non-negative integer step");
  return start;
}

} // namespace

Regularizer parse_regularizer(std::string_view text) {
  if (text == "none")
    return Regularizer::None;
  if (text == "l1")
    return Regularizer::L1;
  if (text == "bimt")
    return Regularizer::Bimt;
  throw std::invalid_argument("unknown regularizer \"" + std::string(text) +
                              "\": expected none|l1|bimt");
}

std::string_view to_string(Regularizer regularizer) {
  switch (regularizer) {
  case Regularizer::None:
    return "none";
  case Regularizer::L1:
    return "l1";
  case Regularizer::Bimt:
    return "bimt";
  }
  return "unknown";
}

void validate(const CostConfig& config) {
  if (!std::isfinite(config.lambda) || config.lambda < 0.0)
    throw std::invalid_argument("regularization lambda must be finite and >= 0, got " +
                                format_number(config.lambda));
  if (!std::isfinite(config.a) || config.a < 0.0)
    throw std::invalid_argument("BIMT's A (l0) must be finite and >= 0, got " +
                                format_number(config.a));
}

template <typename S>
double regularization_cost(const model::RnnParameters<S>& p, const Geometry& g,
                           const CostConfig& config) {
  validate(config);
  require_matching_shape(p, g);
  switch (config.regularizer) {
  case Regularizer::None:
    return 0.0;
  case Regularizer::L1: {
    double total = magnitude(p.w_in) + magnitude(p.w_rec) + magnitude(p.w_out);
    if (config.penalize_biases)
      total += magnitude(p.b) + magnitude(p.b_out);
    return config.lambda * total;
  }
  case Regularizer::Bimt: {
    const double a = config.a;
    double total = weighted_magnitude(p.w_in, g.d_in(), a) +
                   weighted_magnitude(p.w_rec, g.d_rec(), a) +
                   weighted_magnitude(p.w_out, g.d_out(), a);
    if (config.penalize_biases)
      total += a * (magnitude(p.b) + magnitude(p.b_out));
    return config.lambda * total;
  }
  }
  return 0.0;
}

template <typename S>
void add_regularization_gradient(const model::RnnParameters<S>& p, const Geometry& g,
                                 const CostConfig& config, model::RnnParameters<S>& grad) {
  validate(config);
  require_matching_shape(p, g);
  require_matching_shape(grad, g);
  if (config.regularizer == Regularizer::None || config.lambda == 0.0)
    return;
  const S lambda = static_cast<S>(config.lambda);
  if (config.regularizer == Regularizer::L1) {
    grad.w_in.array() += lambda * p.w_in.array().sign();
    grad.w_rec.array() += lambda * p.w_rec.array().sign();
    grad.w_out.array() += lambda * p.w_out.array().sign();
    if (config.penalize_biases) {
      grad.b.array() += lambda * p.b.array().sign();
      grad.b_out.array() += lambda * p.b_out.array().sign();
    }
    return;
  }
  add_scaled_sign(p.w_in, g.d_in(), config.lambda, config.a, grad.w_in);
  add_scaled_sign(p.w_rec, g.d_rec(), config.lambda, config.a, grad.w_rec);
  add_scaled_sign(p.w_out, g.d_out(), config.lambda, config.a, grad.w_out);
  if (config.penalize_biases) {
    const S bias_scale = static_cast<S>(config.lambda * config.a);
    grad.b.array() += bias_scale * p.b.array().sign();
    grad.b_out.array() += bias_scale * p.b_out.array().sign();
  }
}

template <typename S> double wiring_cost(const model::RnnParameters<S>& p, const Geometry& g) {
  require_matching_shape(p, g);
  return weighted_magnitude(p.w_in, g.d_in(), 0.0) + weighted_magnitude(p.w_rec, g.d_rec(), 0.0) +
         weighted_magnitude(p.w_out, g.d_out(), 0.0);
}

LambdaSchedule LambdaSchedule::parse(std::string_view text) {
  const std::string_view body = trim(text);
  if (body.empty())
    schedule_error(text, "empty; expected VALUE or VALUE@STEP,VALUE@STEP,...");
  std::vector<std::string_view> tokens;
  for (size_t begin = 0;;) {
    const size_t comma = body.find(',', begin);
    tokens.push_back(trim(body.substr(begin, comma - begin)));
    if (comma == std::string_view::npos)
      break;
    begin = comma + 1;
  }

  std::vector<Piece> pieces;
  for (size_t n = 0; n < tokens.size(); ++n) {
    const std::string_view token = tokens[n];
    const std::string ordinal = "piece " + std::to_string(n + 1);
    if (token.empty())
      schedule_error(text, ordinal + " is empty");
    const size_t at = token.find('@');
    if (at == std::string_view::npos) {
      if (tokens.size() > 1)
        schedule_error(text, ordinal + " \"" + std::string(token) +
                                 "\" has no @STEP; only a lone constant may omit it");
      pieces.push_back({parse_lambda(text, token), 0});
      continue;
    }
    const Piece piece{parse_lambda(text, trim(token.substr(0, at))),
                      parse_start(text, trim(token.substr(at + 1)))};
    if (pieces.empty() && piece.start != 0)
      schedule_error(text, "the first piece starts at step " + std::to_string(piece.start) +
                               "; it must start at 0");
    if (!pieces.empty() && piece.start <= pieces.back().start)
      schedule_error(text, ordinal + " starts at step " + std::to_string(piece.start) +
                               ", not after step " + std::to_string(pieces.back().start) +
                               " of piece " + std::to_string(n));
    pieces.push_back(piece);
  }
  return LambdaSchedule(std::move(pieces));
}

LambdaSchedule LambdaSchedule::constant(double value) {
  if (!std::isfinite(value) || value < 0.0)
    throw std::invalid_argument("lambda must be finite and >= 0, got " + format_number(value));
  return LambdaSchedule({Piece{value, 0}});
}

double LambdaSchedule::at(int64_t step) const {
  if (step < 0)
    throw std::invalid_argument("lambda schedule queried at step " + std::to_string(step) +
                                "; steps start at 0");
  const auto after =
      std::upper_bound(pieces_.begin(), pieces_.end(), step,
                       [](int64_t s, const Piece& piece) { return s < piece.start; });
  return std::prev(after)->value;
}

std::string LambdaSchedule::to_string() const {
  if (pieces_.size() == 1)
    return format_number(pieces_.front().value);
  std::string text;
  for (const Piece& piece : pieces_) {
    if (!text.empty())
      text += ',';
    text += format_number(piece.value) + "@" + std::to_string(piece.start);
  }
  return text;
}

template double regularization_cost(const model::RnnParameters<float>&, const Geometry&,
                                    const CostConfig&);
template double regularization_cost(const model::RnnParameters<double>&, const Geometry&,
                                    const CostConfig&);
template void add_regularization_gradient(const model::RnnParameters<float>&, const Geometry&,
                                          const CostConfig&, model::RnnParameters<float>&);
template void add_regularization_gradient(const model::RnnParameters<double>&, const Geometry&,
                                          const CostConfig&, model::RnnParameters<double>&);
template double wiring_cost(const model::RnnParameters<float>&, const Geometry&);
template double wiring_cost(const model::RnnParameters<double>&, const Geometry&);

} // namespace gyrus::bimt
