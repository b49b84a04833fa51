// The hand-written BPTT against central finite differences, in double.
#include "training/model/adam.h"
#include "training/model/initialization.h"
#include "training/model/leaky_rnn.h"

#include <cmath>
#include <gtest/gtest.h>

namespace gyrus::model {
namespace {

using tasks::Batch;
using tasks::Rng;

/// A random batch with every mask weight the task suites use.
Batch random_batch(int T, int B, int n_in, int n_out, uint64_t seed) {
  Rng rng(seed);
  Batch batch;
  batch.n_input = n_in;
  batch.n_output = n_out;
  batch.allocate(T, B, 0.05f);
  for (float& x : batch.inputs)
    x = static_cast<float>(rng.normal());
  for (float& y : batch.targets)
    y = static_cast<float>(rng.uniform(0.05, 0.85));
  constexpr float kMaskValues[] = {0.0f, 1.0f, 2.0f, 5.0f, 10.0f};
  for (float& m : batch.mask)
    m = kMaskValues[rng.below(5)];
  return batch;
}

RnnParameters<double> random_parameters(const RnnConfig& c, uint64_t seed) {
  Rng rng(seed);
  RnnParameters<double> p;
  p.resize(c);
  p.for_each([&](auto& tensor, std::string_view) {
    for (double& v : tensor.reshaped())
      v = 0.6 * rng.normal();
  });
  return p;
}

struct GradCheckCase {
  Activation activation;
  bool noise;
};

class LeakyRnnGradient : public ::testing::TestWithParam<GradCheckCase> {};

TEST_P(LeakyRnnGradient, MatchesCentralFiniteDifferences) {
  const RnnConfig config{5, 7, 4, 0.2, 0.05, GetParam().activation};
  const Batch batch = random_batch(6, 3, config.n_input, config.n_output, 1);
  RnnParameters<double> params = random_parameters(config, 2);
  const std::optional<uint64_t> noise =
      GetParam().noise ? std::optional<uint64_t>(99) : std::nullopt;

  LeakyRnn<double> rnn(config);
  rnn.forward(params, batch, noise);
  RnnParameters<double> grad;
  grad.resize(config);
  rnn.backward(params, grad);

  constexpr double kEps = 1e-6;
  int checked = 0;
  double worst = 0;
  RnnParameters<double> analytic = grad;
  int tensor_index = 0;
  params.for_each([&](auto& tensor, std::string_view name) {
    const double* g = nullptr;
    int t = 0;
    analytic.for_each([&](auto& a, std::string_view) {
      if (t++ == tensor_index)
        g = a.data();
    });
    ++tensor_index;
    for (Eigen::Index i = 0; i < tensor.size(); ++i) {
      double& w = tensor.data()[i];
      const double saved = w;
      w = saved + kEps;
      const double up = rnn.forward(params, batch, noise);
      w = saved - kEps;
      const double down = rnn.forward(params, batch, noise);
      w = saved;
      const double numeric = (up - down) / (2 * kEps);
      const double error =
          std::abs(numeric - g[i]) / std::max(1e-3, std::abs(numeric) + std::abs(g[i]));
      worst = std::max(worst, error);
      EXPECT_LT(error, 1e-5) << name << "[" << i << "] analytic " << g[i] << " numeric " << numeric;
      ++checked;
    }
  });
  EXPECT_EQ(checked, static_cast<int>(params.size()));
  RecordProperty("worst_relative_error", std::to_string(worst));
}

INSTANTIATE_TEST_SUITE_P(
    Variants, LeakyRnnGradient,
    ::testing::Values(GradCheckCase{Activation::Relu, false}, GradCheckCase{Activation::Relu, true},
                      GradCheckCase{Activation::Softplus, false},
                      GradCheckCase{Activation::Softplus, true}),
    [](const auto& info) {
      return std::string(info.param.activation == Activation::Relu ? "Relu" : "Softplus") +
             (info.param.noise ? "Noisy" : "Clean");
    });

TEST(LeakyRnn, ForwardMatchesTheDefiningEquations) {
  const RnnConfig config{3, 4, 2, 0.2, 0.05, Activation::Relu};
  const Batch batch = random_batch(5, 2, 3, 2, 3);
  const RnnParameters<double> p = random_parameters(config, 4);
  LeakyRnn<double> rnn(config);
  rnn.forward(p, batch, std::nullopt);
  for (int b = 0; b < 2; ++b) {
    Eigen::VectorXd h = Eigen::VectorXd::Zero(4);
    for (int t = 0; t < 5; ++t) {
      Eigen::VectorXd x(3);
      for (int i = 0; i < 3; ++i)
        x(i) = batch.input(t, b, i);
      const Eigen::VectorXd pre = p.w_rec * h + p.w_in * x + p.b;
      h = 0.8 * h + 0.2 * pre.cwiseMax(0.0);
      const Eigen::VectorXd z = p.w_out * h + p.b_out;
      for (int o = 0; o < 2; ++o)
        EXPECT_NEAR(rnn.outputs()(o, t * 2 + b), 1 / (1 + std::exp(-z(o))), 1e-12);
    }
  }
}

TEST(LeakyRnn, NoiseIsReproducibleAndHasTheRightScale) {
  const RnnConfig config{3, 200, 2, 0.2, 0.05, Activation::Relu};
  const Batch batch = random_batch(4, 8, 3, 2, 5);
  RnnParameters<double> p;
  p.resize(config);
  p.b.setConstant(10.0); // keep every unit in ReLU's linear range
  LeakyRnn<double> rnn(config);
  rnn.forward(p, batch, 7);
  const Eigen::MatrixXd first = rnn.hidden();
  rnn.forward(p, batch, 7);
  EXPECT_EQ(first, rnn.hidden());
  rnn.forward(p, batch, 8);
  EXPECT_NE(first, rnn.hidden());
  rnn.forward(p, batch, std::nullopt);
  // With zero weights, h_1 = alpha * (b + noise): its spread is alpha * sqrt(2/alpha) * sigma.
  const Eigen::MatrixXd clean = rnn.hidden().middleCols(8, 8);
  const Eigen::ArrayXXd diff = (first.middleCols(8, 8) - clean).array();
  const double sd = std::sqrt(diff.square().mean());
  EXPECT_NEAR(sd, 0.2 * std::sqrt(2 / 0.2) * 0.05, 0.004);
}

TEST(LeakyRnn, FloatAgreesWithDouble) {
  const RnnConfig config{6, 30, 5, 0.2, 0.05, Activation::Softplus};
  const Batch batch = random_batch(20, 4, 6, 5, 6);
  const RnnParameters<double> p = random_parameters(config, 7);
  LeakyRnn<double> rnn_d(config);
  LeakyRnn<float> rnn_f(config);
  const double loss_d = rnn_d.forward(p, batch, 3);
  const float loss_f = rnn_f.forward(p.cast<float>(), batch, 3);
  EXPECT_NEAR(loss_f, loss_d, 1e-4 * loss_d);
}

TEST(Initialization, MatchesYangsScales) {
  const RnnConfig config{85, 256, 33};
  Rng rng(1);
  const auto p = initial_parameters(config, RecurrentInit::RandomOrthogonal, rng);
  const Eigen::MatrixXf gram = p.w_rec.transpose() * p.w_rec;
  EXPECT_TRUE(gram.isApprox(0.25f * Eigen::MatrixXf::Identity(256, 256), 1e-4f));
  const double in_sd = std::sqrt(p.w_in.array().square().mean());
  EXPECT_NEAR(in_sd, 1 / std::sqrt(85.0), 0.01);
  const float limit = std::sqrt(6.0f / (256 + 33));
  EXPECT_LE(p.w_out.cwiseAbs().maxCoeff(), limit);
  EXPECT_GT(p.w_out.cwiseAbs().maxCoeff(), 0.95f * limit);
  EXPECT_EQ(p.b.squaredNorm(), 0.0f);
  Rng rng2(1);
  const auto diag = initial_parameters(config, RecurrentInit::Diagonal, rng2);
  EXPECT_EQ(diag.w_rec, 0.5f * Eigen::MatrixXf::Identity(256, 256));
}

TEST(Adam, ClipsElementwiseAndCorrectsBias) {
  const RnnConfig config{1, 1, 1};
  Adam adam(config, {});
  RnnParameters<float> p, g;
  p.resize(config);
  g.resize(config);
  g.w_in(0, 0) = 50.0f; // clipped to 1
  g.w_rec(0, 0) = -0.5f;
  adam.step(p, g);
  // First bias-corrected step moves every parameter by lr * sign(g).
  EXPECT_NEAR(p.w_in(0, 0), -1e-3f, 1e-7f);
  EXPECT_NEAR(p.w_rec(0, 0), 1e-3f, 1e-7f);
  EXPECT_EQ(g.w_in(0, 0), 1.0f);
  EXPECT_EQ(p.b(0), 0.0f);
}

} // namespace
} // namespace gyrus::model
