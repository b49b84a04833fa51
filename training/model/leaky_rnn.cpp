#include "training/model/leaky_rnn.h"

#include "training/tasks/rng.h"

#include <cmath>

namespace gyrus::model {

namespace {

template <typename S> S softplus(S x) {
  return x > S(20) ? x : std::log1p(std::exp(x));
}
template <typename S> S sigmoid(S x) {
  return S(1) / (S(1) + std::exp(-x));
}

} // namespace

template <typename S> void LeakyRnn<S>::reserve(int columns) {
  const int N = config_.n_hidden;
  // conservativeResize would copy; these buffers are fully rewritten per batch.
  if (pre_.cols() < columns) {
    x_.resize(config_.n_input, columns);
    target_.resize(config_.n_output, columns);
    mask2_.resize(config_.n_output, columns);
    pre_.resize(N, columns);
    y_.resize(config_.n_output, columns);
    dz_.resize(config_.n_output, columns);
  }
  if (h_.cols() < columns + trials_)
    h_.resize(N, columns + trials_);
  if (carry_.cols() != trials_) {
    carry_.resize(N, trials_);
    dh_step_.resize(N, trials_);
  }
}

template <typename S>
S LeakyRnn<S>::forward(const RnnParameters<S>& p, const tasks::Batch& batch,
                       std::optional<uint64_t> noise_seed) {
  steps_ = batch.steps;
  trials_ = batch.trials;
  const int B = trials_, TB = steps_ * trials_;
  reserve(TB);
  using FloatMap = Eigen::Map<const Eigen::MatrixXf>;
  auto x = x_.leftCols(TB);
  auto target = target_.leftCols(TB);
  auto mask2 = mask2_.leftCols(TB);
  x = FloatMap(batch.inputs.data(), config_.n_input, TB).template cast<S>();
  target = FloatMap(batch.targets.data(), config_.n_output, TB).template cast<S>();
  mask2 = FloatMap(batch.mask.data(), config_.n_output, TB).template cast<S>().array().square();

  // Input drive for all steps at once; only the recurrence is sequential.
  auto pre = pre_.leftCols(TB);
  pre.noalias() = p.w_in * x;
  pre.colwise() += p.b;

  const S alpha = static_cast<S>(config_.alpha);
  const S noise_scale = static_cast<S>(std::sqrt(2.0 / config_.alpha) * config_.sigma_rec);
  tasks::Rng noise(noise_seed.value_or(0));
  h_.leftCols(B).setZero();
  for (int t = 0; t < steps_; ++t) {
    auto pre_t = pre.middleCols(t * B, B);
    pre_t.noalias() += p.w_rec * h_.middleCols(t * B, B);
    if (noise_seed)
      for (S& v : pre_t.reshaped())
        v += noise_scale * static_cast<S>(noise.normal());
    auto h_prev = h_.middleCols(t * B, B);
    auto h_next = h_.middleCols((t + 1) * B, B);
    if (config_.activation == Activation::Relu)
      h_next = (S(1) - alpha) * h_prev + alpha * pre_t.cwiseMax(S(0));
    else
      h_next = (S(1) - alpha) * h_prev + alpha * pre_t.unaryExpr([](S v) { return softplus(v); });
  }

  auto y = y_.leftCols(TB);
  y.noalias() = p.w_out * h_.middleCols(B, TB);
  y.colwise() += p.b_out;
  y = y.unaryExpr([](S v) { return sigmoid(v); });
  const S count = static_cast<S>(TB) * static_cast<S>(config_.n_output);
  return ((y - target).array().square() * mask2.array()).sum() / count;
}

template <typename S> void LeakyRnn<S>::backward(const RnnParameters<S>& p, RnnParameters<S>& g) {
  const int B = trials_, TB = steps_ * trials_;
  const S alpha = static_cast<S>(config_.alpha);
  const S count = static_cast<S>(TB) * static_cast<S>(config_.n_output);
  auto y = y_.leftCols(TB);
  auto dz = dz_.leftCols(TB);
  // d/dz of mean(((sigmoid(z) - target) * mask)^2)
  dz = (S(2) / count) * (y - target_.leftCols(TB))
                            .cwiseProduct(mask2_.leftCols(TB))
                            .cwiseProduct(y.cwiseProduct((S(1) - y.array()).matrix()));

  g.w_out.noalias() = dz * h_.middleCols(B, TB).transpose();
  g.b_out = dz.rowwise().sum();

  // Backwards in time; dpre_t overwrites pre_t once f'(pre_t) is used.
  auto pre = pre_.leftCols(TB);
  carry_.setZero();
  for (int t = steps_ - 1; t >= 0; --t) {
    dh_step_ = carry_;
    dh_step_.noalias() += p.w_out.transpose() * dz.middleCols(t * B, B);
    auto pre_t = pre.middleCols(t * B, B);
    if (config_.activation == Activation::Relu)
      pre_t = alpha *
              dh_step_.cwiseProduct(pre_t.unaryExpr([](S v) { return v > S(0) ? S(1) : S(0); }));
    else
      pre_t = alpha * dh_step_.cwiseProduct(pre_t.unaryExpr([](S v) { return sigmoid(v); }));
    carry_ = (S(1) - alpha) * dh_step_;
    carry_.noalias() += p.w_rec.transpose() * pre_t;
  }
  g.w_rec.noalias() = pre * h_.leftCols(TB).transpose();
  g.w_in.noalias() = pre * x_.leftCols(TB).transpose();
  g.b = pre.rowwise().sum();
}

template class LeakyRnn<float>;
template class LeakyRnn<double>;

} // namespace gyrus::model
