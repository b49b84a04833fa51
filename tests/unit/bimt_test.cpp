#include "training/bimt/connection_cost.h"
#include "training/bimt/geometry.h"
#include "training/bimt/neuron_swap.h"
#include "training/bimt/sparsity.h"
#include "training/model/adam.h"
#include "training/model/leaky_rnn.h"
#include "training/tasks/batch.h"
#include "training/tasks/rng.h"

#include <cmath>
#include <functional>
#include <gtest/gtest.h>
#include <numeric>
#include <string>
#include <vector>

namespace gyrus::bimt {
namespace {

using model::RnnParameters;

model::RnnConfig config_for(const Geometry& g) {
  model::RnnConfig config;
  config.n_input = g.n_input();
  config.n_hidden = g.n_hidden();
  config.n_output = g.n_output();
  return config;
}

/// Weights uniform in +-1, a share of them exactly zero, and the rest kept at
/// least `floor` away from zero (finite differences must not cross the kink).
template <typename S>
RnnParameters<S> random_params(const Geometry& g, uint64_t seed, double zero_share = 0.0,
                               double floor = 0.0) {
  tasks::Rng rng(seed);
  RnnParameters<S> p;
  p.resize(config_for(g));
  p.for_each([&](auto& tensor, std::string_view) {
    for (S& w : tensor.reshaped()) {
      if (rng.uniform() < zero_share)
        continue;
      w = static_cast<S>(rng.sign() * rng.uniform(floor, 1.0));
    }
  });
  return p;
}

template <typename F> void expect_invalid_argument(F&& f, const std::string& fragment) {
  try {
    f();
    ADD_FAILURE() << "expected std::invalid_argument containing: " << fragment;
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos)
        << "message: " << e.what() << "\nexpected to contain: " << fragment;
  }
}

/// new index -> old index after replaying `swaps` on the identity.
std::vector<int> permutation_of(const SwapReport& report, int n) {
  std::vector<int> old_at(static_cast<size_t>(n));
  std::iota(old_at.begin(), old_at.end(), 0);
  for (const auto& [i, j] : report.swaps)
    std::swap(old_at[static_cast<size_t>(i)], old_at[static_cast<size_t>(j)]);
  return old_at;
}

TEST(BimtGeometry, CoordinatesAndDistancesOnATwoByThreeGrid) {
  const Geometry g(/*n_input=*/2, /*n_output=*/1, /*width=*/2, /*height=*/3);
  ASSERT_EQ(g.n_hidden(), 6);
  const double xs[] = {0.25, 0.75}, ys[] = {1.0 / 6, 0.5, 5.0 / 6};
  for (int row = 0; row < 3; ++row)
    for (int col = 0; col < 2; ++col) {
      EXPECT_DOUBLE_EQ(g.hidden_positions()(row * 2 + col, 0), xs[col]);
      EXPECT_DOUBLE_EQ(g.hidden_positions()(row * 2 + col, 1), ys[row]);
    }
  EXPECT_DOUBLE_EQ(g.input_positions()(0, 0), 0.25);
  EXPECT_DOUBLE_EQ(g.input_positions()(1, 0), 0.75);
  EXPECT_DOUBLE_EQ(g.input_positions()(1, 1), -1.0 / 6);
  EXPECT_DOUBLE_EQ(g.output_positions()(0, 0), 0.5);
  EXPECT_DOUBLE_EQ(g.output_positions()(0, 1), 7.0 / 6);

  ASSERT_EQ(g.d_in().rows(), 6);
  ASSERT_EQ(g.d_in().cols(), 2);
  ASSERT_EQ(g.d_out().rows(), 1);
  ASSERT_EQ(g.d_out().cols(), 6);
  EXPECT_FLOAT_EQ(g.d_rec()(0, 5), 0.5f + 2.0f / 3);
  EXPECT_FLOAT_EQ(g.d_rec()(5, 0), 0.5f + 2.0f / 3);
  EXPECT_FLOAT_EQ(g.d_rec()(1, 2), 0.5f + 1.0f / 3);
  EXPECT_FLOAT_EQ(g.d_rec()(3, 3), 0.0f);
  EXPECT_FLOAT_EQ(g.d_in()(0, 0), 1.0f / 3);
  EXPECT_FLOAT_EQ(g.d_in()(0, 1), 0.5f + 1.0f / 3);
  EXPECT_FLOAT_EQ(g.d_in()(5, 0), 0.5f + 1.0f);
  EXPECT_FLOAT_EQ(g.d_out()(0, 0), 0.25f + 1.0f);
  EXPECT_FLOAT_EQ(g.d_out()(0, 3), 0.25f + 2.0f / 3);
}

TEST(BimtGeometry, DefaultIsTwentyByTwentyInsideTheUnitSquare) {
  const Geometry g(85, 33);
  EXPECT_EQ(g.width(), 20);
  EXPECT_EQ(g.n_hidden(), 400);
  EXPECT_DOUBLE_EQ(g.hidden_positions()(0, 0), 0.025);
  EXPECT_DOUBLE_EQ(g.hidden_positions()(399, 1), 0.975);
  EXPECT_DOUBLE_EQ(g.input_line_y(), -0.025);
  EXPECT_DOUBLE_EQ(g.output_line_y(), 1.025);
  EXPECT_TRUE(g.d_rec().isApprox(g.d_rec().transpose()));
}

TEST(BimtGeometry, RejectsEmptyGridsAndLayers) {
  expect_invalid_argument([] { Geometry(3, 2, 0, 20); },
                          "hidden grid 0x20: both sides must be positive");
  expect_invalid_argument([] { Geometry(3, 2, 20, -1); }, "hidden grid 20x-1");
  expect_invalid_argument([] { Geometry(0, 2); }, "got 0 inputs and 2 outputs");
  expect_invalid_argument([] { Geometry(3, 0); }, "got 3 inputs and 0 outputs");
}

TEST(BimtGeometry, CostsRejectNetworksOfAnotherShape) {
  const Geometry g(3, 2, 4, 4);
  const Geometry other(3, 2, 5, 4);
  const auto p = random_params<float>(other, 1);
  expect_invalid_argument([&] { wiring_cost(p, g); },
                          "w_rec 20x20, w_out 2x20, but the geometry is a 4x4 grid (16 hidden)");
}

/// Two hidden neurons at (0.25, 0.5) and (0.75, 0.5), input at (0.5, -0.5),
/// output at (0.5, 1.5): every input and output distance is 1.25.
struct TinyNet {
  Geometry geometry{1, 1, 2, 1};
  RnnParameters<double> p;
  TinyNet() {
    p.resize(config_for(geometry));
    p.w_in << 1, -2;
    p.w_rec << 3, -1, 0, 0.5;
    p.w_out << 0.5, -4;
    p.b << 1, -1;
    p.b_out << 2;
  }
};

TEST(BimtCost, ValuesByHandOnATinyNet) {
  const TinyNet net;
  EXPECT_DOUBLE_EQ(wiring_cost(net.p, net.geometry), 1.25 * 3 + 0.5 * 1 + 1.25 * 4.5);
  CostConfig config{Regularizer::None, 0.1, 0.5, true};
  EXPECT_EQ(regularization_cost(net.p, net.geometry, config), 0.0);
  config = {Regularizer::L1, 0.1, 0.5, false};
  EXPECT_DOUBLE_EQ(regularization_cost(net.p, net.geometry, config), 0.1 * 12);
  config.penalize_biases = true;
  EXPECT_DOUBLE_EQ(regularization_cost(net.p, net.geometry, config), 0.1 * 16);
  config = {Regularizer::Bimt, 0.1, 0.5, false};
  EXPECT_DOUBLE_EQ(regularization_cost(net.p, net.geometry, config), 0.1 * (9.875 + 0.5 * 12));
  config.penalize_biases = true;
  EXPECT_DOUBLE_EQ(regularization_cost(net.p, net.geometry, config),
                   0.1 * (9.875 + 0.5 * 12 + 0.5 * 4));
}

TEST(BimtCost, GradientMatchesCentralDifferences) {
  const Geometry g(3, 2, 3, 2);
  const auto params = random_params<double>(g, 11, 0.0, 0.05);
  for (const Regularizer regularizer : {Regularizer::L1, Regularizer::Bimt})
    for (const bool biases : {false, true}) {
      const CostConfig config{regularizer, 0.3, 0.7, biases};
      RnnParameters<double> grad;
      grad.resize(config_for(g));
      grad.w_rec.setConstant(1.0); // the gradient is added, not assigned
      add_regularization_gradient(params, g, config, grad);
      grad.w_rec.array() -= 1.0;

      RnnParameters<double> probe = params;
      const double h = 1e-6;
      std::vector<double*> probe_tensors, grad_tensors;
      probe.for_each([&](auto& t, std::string_view) { probe_tensors.push_back(t.data()); });
      grad.for_each([&](auto& t, std::string_view) { grad_tensors.push_back(t.data()); });
      std::vector<Eigen::Index> sizes;
      params.for_each([&](const auto& t, std::string_view) { sizes.push_back(t.size()); });
      for (size_t t = 0; t < sizes.size(); ++t)
        for (Eigen::Index i = 0; i < sizes[t]; ++i) {
          double& w = probe_tensors[t][i];
          const double saved = w;
          w = saved + h;
          const double up = regularization_cost(probe, g, config);
          w = saved - h;
          const double down = regularization_cost(probe, g, config);
          w = saved;
          EXPECT_NEAR(grad_tensors[t][i], (up - down) / (2 * h), 1e-7)
              << to_string(regularizer) << " biases=" << biases << " tensor " << t << " entry "
              << i;
        }
    }
}

TEST(BimtCost, SubgradientIsZeroAtZeroAndNoneAddsNothing) {
  const Geometry g(2, 2, 2, 2);
  RnnParameters<float> p, grad;
  p.resize(config_for(g));
  grad.resize(config_for(g));
  add_regularization_gradient(p, g, {Regularizer::Bimt, 1.0, 0.5, true}, grad);
  EXPECT_EQ(grad.w_rec.cwiseAbs().maxCoeff(), 0.0f);
  p = random_params<float>(g, 3);
  add_regularization_gradient(p, g, {Regularizer::None, 1.0, 0.5, true}, grad);
  EXPECT_EQ(grad.w_in.cwiseAbs().maxCoeff(), 0.0f);
}

TEST(BimtCost, RegularizerParsingNamesTheBadValue) {
  EXPECT_EQ(parse_regularizer("none"), Regularizer::None);
  EXPECT_EQ(parse_regularizer("l1"), Regularizer::L1);
  EXPECT_EQ(parse_regularizer("bimt"), Regularizer::Bimt);
  EXPECT_EQ(to_string(Regularizer::Bimt), "bimt");
  expect_invalid_argument([] { parse_regularizer("L1"); },
                          "unknown regularizer \"L1\": expected none|l1|bimt");
  expect_invalid_argument([] { parse_regularizer(""); }, "unknown regularizer \"\"");
}

TEST(BimtCost, LambdaAndAMustBeFiniteAndNonNegative) {
  const TinyNet net;
  expect_invalid_argument(
      [&] {
        regularization_cost(net.p, net.geometry, {Regularizer::L1, -0.5, 0.5, false});
      },
      "lambda must be finite and >= 0, got -0.5");
  expect_invalid_argument(
      [&] {
        regularization_cost(net.p, net.geometry, {Regularizer::L1, NAN, 0.5, false});
      },
      "got nan");
  expect_invalid_argument(
      [&] {
        regularization_cost(net.p, net.geometry, {Regularizer::Bimt, 1, -2, false});
      },
      "A (l0) must be finite and >= 0, got -2");
}

TEST(BimtLambdaSchedule, ConstantAndSteps) {
  const auto constant = LambdaSchedule::parse("1e-4");
  EXPECT_EQ(constant.at(0), 1e-4);
  EXPECT_EQ(constant.at(1'000'000'000), 1e-4);
  EXPECT_EQ(LambdaSchedule().at(7), 0.0);

  const auto steps = LambdaSchedule::parse("1e-4@0,1e-3@12500,1e-4@37500");
  ASSERT_EQ(steps.pieces().size(), 3u);
  EXPECT_EQ(steps.at(0), 1e-4);
  EXPECT_EQ(steps.at(12499), 1e-4);
  EXPECT_EQ(steps.at(12500), 1e-3);
  EXPECT_EQ(steps.at(37499), 1e-3);
  EXPECT_EQ(steps.at(37500), 1e-4);
  EXPECT_EQ(steps.at(10'000'000), 1e-4);
  EXPECT_EQ(LambdaSchedule::parse(" 0.5@0 , 2@10 ").at(10), 2.0);

  EXPECT_EQ(steps.to_string(), "1e-04@0,0.001@12500,1e-04@37500");
  EXPECT_EQ(LambdaSchedule::parse(steps.to_string()).pieces().size(), 3u);
  EXPECT_EQ(constant.to_string(), "1e-04");
}

TEST(BimtLambdaSchedule, MalformedStringsSayWhatIsWrong) {
  const auto rejects = [](const char* text, const std::string& fragment) {
    expect_invalid_argument([&] { LambdaSchedule::parse(text); }, fragment);
  };
  rejects("", "empty; expected VALUE or VALUE@STEP");
  rejects("abc", "\"abc\" is not a number");
  rejects("1e-4x", "\"1e-4x\" is not a number");
  rejects("-1e-4", "lambda must be finite and >= 0, got -1e-4");
  rejects("nan", "got nan");
  rejects("inf@0", "got inf");
  rejects("1e-4@5", "the first piece starts at step 5; it must start at 0");
  rejects("1e-4@0,1e-3@0", "piece 2 starts at step 0, not after step 0 of piece 1");
  rejects("1e-4@0,1e-3@20,2e-3@10", "piece 3 starts at step 10, not after step 20 of piece 2");
  rejects("1e-4@0,1e-3@-5", "\"-5\" is not a non-negative integer step");
  rejects("1e-4@0,1e-3@1.5", "\"1.5\" is not a non-negative integer step");
  rejects("1e-4@", "\"\" is not a non-negative integer step");
  rejects("@0", "\"\" is not a number");
  rejects("1e-4@0,,1e-3@5", "piece 2 is empty");
  rejects("1e-4@0,", "piece 2 is empty");
  rejects("1e-4@0,1e-3", "piece 2 \"1e-3\" has no @STEP");
  expect_invalid_argument([] { LambdaSchedule::constant(-1); }, "got -1");
  expect_invalid_argument([] { LambdaSchedule().at(-1); }, "step -1");
}

TEST(BimtSwap, IncrementalDeltaEqualsFullRecomputation) {
  const Geometry g(5, 3, 4, 3);
  const int n = g.n_hidden();
  for (uint64_t seed = 0; seed < 40; ++seed) {
    auto p = random_params<float>(g, seed, seed % 2 ? 0.5 : 0.0);
    p.w_rec.diagonal() *= 4.0f; // strong self-connections stress the i-j block
    tasks::Rng rng(seed, 1);
    std::vector<std::pair<int, int>> pairs = {{0, 0}, {5, 5}, {0, 1},    {1, 0},
                                              {0, 4}, {3, 7}, {0, n - 1}};
    for (int k = 0; k < 20; ++k)
      pairs.emplace_back(rng.below(n), rng.below(n));
    for (const auto& [i, j] : pairs) {
      const double before = wiring_cost(p, g);
      const double predicted = swap_wiring_delta(p, g, i, j);
      auto swapped = p;
      exchange_hidden_neurons(swapped, i, j);
      const double actual = wiring_cost(swapped, g) - before;
      EXPECT_NEAR(predicted, actual, 1e-10 * (1 + before))
          << "seed " << seed << " i=" << i << " j=" << j;
      if (i == j) {
        EXPECT_EQ(predicted, 0.0);
      }
    }
  }
}

TEST(BimtSwap, ExchangeIsAnInvolutionAndChecksIndices) {
  const Geometry g(3, 2, 3, 3);
  const auto p = random_params<float>(g, 5);
  auto q = p;
  exchange_hidden_neurons(q, 2, 7);
  EXPECT_EQ(q.w_rec(2, 7), p.w_rec(7, 2));
  EXPECT_EQ(q.w_rec(2, 2), p.w_rec(7, 7));
  EXPECT_EQ(q.w_rec(0, 2), p.w_rec(0, 7));
  EXPECT_EQ(q.w_in(7, 1), p.w_in(2, 1));
  EXPECT_EQ(q.w_out(1, 2), p.w_out(1, 7));
  EXPECT_EQ(q.b(2), p.b(7));
  exchange_hidden_neurons(q, 7, 2);
  EXPECT_EQ(q.w_rec, p.w_rec);
  EXPECT_EQ(q.w_in, p.w_in);
  EXPECT_THROW(exchange_hidden_neurons(q, 0, 9), std::out_of_range);
  EXPECT_THROW(swap_wiring_delta(p, g, -1, 0), std::out_of_range);
}

TEST(BimtSwap, RoundNeverRaisesTheCostAndReportsIt) {
  const Geometry g(6, 4, 5, 4);
  for (uint64_t seed = 0; seed < 20; ++seed) {
    auto p = random_params<float>(g, seed, 0.6);
    const double before = wiring_cost(p, g);
    const SwapReport report = swap_round(p, g, {.interval = 1, .top_k = 1 + int(seed % 20)});
    EXPECT_DOUBLE_EQ(report.wiring_cost_before, before);
    EXPECT_DOUBLE_EQ(report.wiring_cost_after, wiring_cost(p, g));
    EXPECT_LE(report.wiring_cost_after, before * (1 + 1e-12));
    EXPECT_EQ(report.candidates_evaluated, (1 + int(seed % 20)) * g.n_hidden());
    double expected = before;
    auto replay = random_params<float>(g, seed, 0.6);
    for (const auto& [i, j] : report.swaps) {
      const double delta = swap_wiring_delta(replay, g, i, j);
      EXPECT_LT(delta, 0.0);
      expected += delta;
      exchange_hidden_neurons(replay, i, j);
    }
    EXPECT_NEAR(report.wiring_cost_after, expected, 1e-9 * before);
  }
}

TEST(BimtSwap, RoundMovesALongLinkNextToItsPartner) {
  const Geometry g(4, 4, 4, 4);
  RnnParameters<float> p;
  p.resize(config_for(g));
  p.w_rec(0, 15) = 1.0f; // corner (0.125, 0.125) hears the far corner (0.875, 0.875)
  const SwapReport report = swap_round(p, g, {.interval = 1, .top_k = 1});
  EXPECT_DOUBLE_EQ(report.wiring_cost_before, 1.5);
  // Positions 11 and 14 neighbour 15; the lower index wins the tie.
  ASSERT_EQ(report.swaps.size(), 1u);
  EXPECT_EQ(report.swaps[0], std::make_pair(0, 11));
  EXPECT_DOUBLE_EQ(report.wiring_cost_after, 0.25);
  EXPECT_EQ(p.w_rec(11, 15), 1.0f);
}

TEST(BimtSwap, FirstMoveIsTheBruteForceBest) {
  const Geometry g(7, 3, 5, 4);
  int moved = 0;
  for (uint64_t seed = 100; seed < 130; ++seed) {
    auto p = random_params<float>(g, seed, 0.7);
    const Eigen::VectorXd importance = neuron_importance(p);
    Eigen::Index mover = 0;
    importance.maxCoeff(&mover);
    const double before = wiring_cost(p, g);
    int best = static_cast<int>(mover);
    double best_cost = before;
    for (int j = 0; j < g.n_hidden(); ++j) {
      auto trial = p;
      exchange_hidden_neurons(trial, static_cast<int>(mover), j);
      if (const double cost = wiring_cost(trial, g); cost < best_cost) {
        best_cost = cost;
        best = j;
      }
    }
    const SwapReport report = swap_round(p, g, {.interval = 1, .top_k = 1});
    if (best == mover) {
      EXPECT_TRUE(report.swaps.empty()) << "seed " << seed;
      continue;
    }
    ++moved;
    ASSERT_EQ(report.swaps.size(), 1u) << "seed " << seed;
    EXPECT_EQ(report.swaps[0], std::make_pair(static_cast<int>(mover), best)) << "seed " << seed;
    EXPECT_NEAR(report.wiring_cost_after, best_cost, 1e-9 * before);
  }
  EXPECT_GT(moved, 20);
}

TEST(BimtSwap, ImportanceSumsInAndOutWeights) {
  const Geometry g(2, 1, 2, 1);
  RnnParameters<float> p;
  p.resize(config_for(g));
  p.w_in << 1, -2, 0, 0;
  p.w_rec << 0.5, 0, -3, 0;
  p.w_out << 0, 4;
  const Eigen::VectorXd importance = neuron_importance(p);
  EXPECT_DOUBLE_EQ(importance(0), 3 + 0.5 + (0.5 + 3) + 0); // self-connection in and out
  EXPECT_DOUBLE_EQ(importance(1), 0 + 3 + 0 + 4);           // hears 0 through w_rec(1, 0)
}

TEST(BimtSwap, NetworkFunctionIsUnchangedUpToRelabelling) {
  const Geometry g(5, 3, 4, 3);
  auto params = random_params<float>(g, 21, 0.3);
  params.w_rec *= 0.3f; // keep the dynamics tame
  model::RnnConfig config = config_for(g);
  tasks::Batch batch;
  batch.n_input = g.n_input();
  batch.n_output = g.n_output();
  batch.allocate(12, 4, 0.05f);
  tasks::Rng rng(4);
  for (float& x : batch.inputs)
    x = static_cast<float>(rng.uniform(0, 1));
  for (float& m : batch.mask)
    m = 1.0f;

  model::LeakyRnn<double> rnn(config);
  rnn.forward(params.cast<double>(), batch, std::nullopt);
  const Eigen::MatrixXd y_before = rnn.outputs().leftCols(48);
  const Eigen::MatrixXd h_before = rnn.hidden().leftCols(52);

  const SwapReport report = swap_round(params, g, {.interval = 1, .top_k = g.n_hidden()});
  ASSERT_FALSE(report.swaps.empty());
  rnn.forward(params.cast<double>(), batch, std::nullopt);
  EXPECT_LE((rnn.outputs().leftCols(48) - y_before).cwiseAbs().maxCoeff(), 1e-12);
  const std::vector<int> old_at = permutation_of(report, g.n_hidden());
  for (int r = 0; r < g.n_hidden(); ++r)
    EXPECT_LE((rnn.hidden().row(r).leftCols(52) - h_before.row(old_at[static_cast<size_t>(r)]))
                  .cwiseAbs()
                  .maxCoeff(),
              1e-12)
        << "new neuron " << r;
  EXPECT_GT(h_before.cwiseAbs().maxCoeff(), 0.01);
}

TEST(BimtSwap, AdamMomentsFollowTheirWeights) {
  const Geometry g(4, 3, 4, 4);
  const model::RnnConfig config = config_for(g);
  auto params = random_params<float>(g, 8, 0.5);
  model::Adam adam(config, {});
  for (uint64_t warmup = 0; warmup < 3; ++warmup) {
    auto grad = random_params<float>(g, 50 + warmup);
    adam.step(params, grad);
  }
  const auto grad = random_params<float>(g, 77);

  auto swapped_params = params;
  auto swapped_adam = adam;
  const SwapReport report =
      swap_round(swapped_params, g, {.interval = 1, .top_k = 8}, &swapped_adam);
  ASSERT_FALSE(report.swaps.empty());
  auto swapped_grad = grad;
  for (const auto& [i, j] : report.swaps)
    exchange_hidden_neurons(swapped_grad, i, j);
  swapped_adam.step(swapped_params, swapped_grad);

  auto plain_grad = grad;
  adam.step(params, plain_grad);
  for (const auto& [i, j] : report.swaps) {
    exchange_hidden_neurons(params, i, j);
    exchange_hidden_neurons(adam, i, j);
  }
  std::vector<const Eigen::MatrixXf*> expected, actual;
  for (const auto* p : {&params, &adam.first_moment(), &adam.second_moment()}) {
    expected.push_back(&p->w_in);
    expected.push_back(&p->w_rec);
    expected.push_back(&p->w_out);
  }
  for (const auto* p :
       {&swapped_params, &swapped_adam.first_moment(), &swapped_adam.second_moment()}) {
    actual.push_back(&p->w_in);
    actual.push_back(&p->w_rec);
    actual.push_back(&p->w_out);
  }
  for (size_t t = 0; t < expected.size(); ++t)
    EXPECT_EQ(*expected[t], *actual[t]) << "tensor " << t;
  EXPECT_EQ(params.b, swapped_params.b);
  EXPECT_EQ(adam.first_moment().b, swapped_adam.first_moment().b);
  EXPECT_EQ(adam.second_moment().b, swapped_adam.second_moment().b);
}

TEST(BimtSwap, DueEveryIntervalSteps) {
  const SwapConfig config{.interval = 200, .top_k = 30};
  EXPECT_FALSE(swap_due(0, config));
  EXPECT_TRUE(swap_due(199, config));
  EXPECT_FALSE(swap_due(200, config));
  EXPECT_TRUE(swap_due(399, config));
  EXPECT_FALSE(swap_due(199, {.interval = 0, .top_k = 30}));
}

TEST(BimtSparsity, CountsByHand) {
  const Geometry g(2, 1, 4, 1);
  RnnParameters<double> p;
  p.resize(config_for(g));
  p.w_in(0, 0) = 0.5;   // 0 hears an input
  p.w_rec(1, 0) = 0.2;  // 0 speaks to 1, 1 hears 0
  p.w_out(0, 1) = 0.4;  // 1 speaks to the output
  p.w_in(2, 1) = 0.15;  // 2 hears an input
  p.w_out(0, 2) = -0.2; // and speaks to the output
  p.w_in(3, 0) = 0.6;   // 3 hears an input,
  p.w_rec(3, 3) = 0.9;  // speaks to itself,
  p.w_rec(2, 3) = 0.1;  // and to 2 only at the threshold
  p.b.setConstant(5.0); // biases are not weights here

  const SparsityReport at_point_one = measure_sparsity(p, 0.1);
  EXPECT_EQ(at_point_one.hidden, 4);
  EXPECT_EQ(at_point_one.active_neurons, 3);
  EXPECT_DOUBLE_EQ(at_point_one.share_below_threshold, 21.0 / 28.0);

  const SparsityReport at_zero = measure_sparsity(p, 0.0);
  EXPECT_EQ(at_zero.active_neurons, 4);
  EXPECT_DOUBLE_EQ(at_zero.share_below_threshold, 20.0 / 28.0);

  EXPECT_EQ(measure_sparsity(p, 1.0).active_neurons, 0);
  expect_invalid_argument([&] { measure_sparsity(p, -1.0); }, "got -1");
}

} // namespace
} // namespace gyrus::bimt
