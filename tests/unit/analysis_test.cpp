// The analysis of whole networks with known answers: task variance on
// networks built so that the varying units are known in advance, and the full
// report on planted spatial modules, their random permutations, silent and
// incompatible networks. The metrics alone: analysis_metrics_test.cpp.
#include "tests/unit/analysis_test_support.h"
#include "training/analysis/analysis.h"
#include "training/analysis/test_batches.h"
#include "training/analysis/variance.h"
#include "training/analysis/wiring.h"
#include "training/bimt/connection_cost.h"
#include "training/bimt/geometry.h"
#include "training/tasks/cog20.h"
#include "training/tasks/rng.h"
#include "training/tasks/suite.h"

#include <cmath>
#include <gtest/gtest.h>
#include <numeric>
#include <vector>

namespace gyrus::analysis {
namespace {

using test_support::permute_rows;
using test_support::quadrant_labels;
using test_support::same_partition;

/// An all-zero cog20 network on a width x height grid at BIMT's positions.
io::NetworkFile cog20_network(int width, int height) {
  io::NetworkFile net;
  net.config.n_input = tasks::input_size(tasks::Suite::Cog20);
  net.config.n_hidden = width * height;
  net.config.n_output = tasks::output_size(tasks::Suite::Cog20);
  net.grid_width = width;
  net.grid_height = height;
  const bimt::Geometry geometry(net.config.n_input, net.config.n_output, width, height);
  net.input_positions = geometry.input_positions().cast<float>();
  net.hidden_positions = geometry.hidden_positions().cast<float>();
  net.output_positions = geometry.output_positions().cast<float>();
  net.params.resize(net.config);
  net.provenance = {{"suite", "cog20"}, {"regularizer", "bimt"}};
  return net;
}

int rule_input(const std::string& task) {
  return tasks::cog20::kRuleStart + *tasks::task_index(tasks::Suite::Cog20, task);
}

// ---------------------------------------------------------------- task variance

TEST(TaskVarianceTest, ConditionVarianceLeavesOutFixationAndPadding) {
  tasks::Batch batch;
  batch.task = "toy";
  batch.allocate(4, 3, 0.0f);
  batch.epoch_names = {"fix1", "go1"};
  batch.epochs = {{0, 1}, {1, 4}, {0, 1}, {1, 4}, {0, 2}, {2, 4}};
  batch.trial_steps = {4, 4, 3};
  // Two units; h(t, b) set by hand. Column (t + 1) * B + b holds h_t of trial b.
  const double h0[4][3] = {{9, -9, 7}, {1, 2, 3}, {0, 4, 5}, {2, 2, 100}};
  Eigen::MatrixXf hidden = Eigen::MatrixXf::Constant(2, 5 * 3, 42.0f);
  for (int t = 0; t < 4; ++t)
    for (int b = 0; b < 3; ++b) {
      hidden(0, (t + 1) * 3 + b) = static_cast<float>(h0[t][b]);
      hidden(1, (t + 1) * 3 + b) = 1.5f; // constant: no variance
    }
  auto population_variance = [](std::vector<double> v) {
    const double mean = std::accumulate(v.begin(), v.end(), 0.0) / v.size();
    double s = 0;
    for (double x : v)
      s += (x - mean) * (x - mean);
    return s / v.size();
  };
  // t = 0: everyone fixates. t = 1: trials 0 and 1 (trial 2 fixates until 2).
  // t = 2: all three. t = 3: trials 0 and 1 (trial 2 has only 3 valid steps).
  const double expected =
      (population_variance({1, 2}) + population_variance({0, 4, 5}) + population_variance({2, 2})) /
      3;
  const Eigen::VectorXd v = condition_variance(hidden, batch, "fix1");
  EXPECT_NEAR(v(0), expected, 1e-12);
  EXPECT_NEAR(v(1), 0.0, 1e-12);
  EXPECT_THROW(condition_variance(hidden, batch, "fixation"), std::invalid_argument);
}

TEST(TaskVarianceTest, SelectsActiveUnitsAndNormalisesByTheirMaximum) {
  Eigen::MatrixXd variance(4, 3);
  variance << 0.2, 0.4, 0.1,  //
      0.0004, 0.0004, 0.0001, // sum 9e-4: silent
      0, 0, 0,                //
      0.0, 0.002, 0.0;        // sum 2e-3: kept
  const TaskVariance selected = select_active_units(variance, {"a", "b", "c"});
  EXPECT_EQ(selected.kept_units, (std::vector<int>{0, 3}));
  EXPECT_NEAR(selected.normalized(0, 0), 0.5, 1e-12);
  EXPECT_NEAR(selected.normalized(0, 1), 1.0, 1e-12);
  EXPECT_NEAR(selected.normalized(0, 2), 0.25, 1e-12);
  EXPECT_NEAR(selected.normalized(1, 1), 1.0, 1e-12);
  EXPECT_EQ(selected.variance.rows(), 4);
  EXPECT_THROW(select_active_units(variance, {"a", "b"}), std::invalid_argument);
}

TEST(TaskVarianceTest, OnlyStimulusDrivenGatedUnitsVaryAndOnlyInTheirTask) {
  // alpha = 1 and no recurrence: h_t = relu(W_in x_t + b) exactly.
  io::NetworkFile net = cog20_network(2, 2);
  net.config.alpha = 1.0;
  const int ring1 = 1 + 5, ring2 = 1 + tasks::cog20::kRingSize + 5;
  // Unit 0 follows ring-1 unit 5, but only while fdgo's rule input is on.
  net.params.w_in(0, ring1) = 1;
  net.params.w_in(0, rule_input("fdgo")) = 3;
  net.params.b(0) = -3;
  // Unit 1 is silent. Unit 2 sees only fdgo's rule input: constant across conditions.
  net.params.w_in(2, rule_input("fdgo")) = 1;
  // Unit 3 follows ring-2 unit 5 during dm2.
  net.params.w_in(3, ring2) = 1;
  net.params.w_in(3, rule_input("dm2")) = 3;
  net.params.b(3) = -3;

  const TestRun run = run_test_batches(net.config, net.params, tasks::Suite::Cog20, 0);
  ASSERT_EQ(run.tasks.size(), 20u);
  const auto fdgo = static_cast<Eigen::Index>(*tasks::task_index(tasks::Suite::Cog20, "fdgo"));
  const auto dm2 = static_cast<Eigen::Index>(*tasks::task_index(tasks::Suite::Cog20, "dm2"));
  for (Eigen::Index task = 0; task < 20; ++task) {
    EXPECT_EQ(run.variance(1, task), 0.0);
    EXPECT_NEAR(run.variance(2, task), 0.0, 1e-12);
    if (task != fdgo) {
      EXPECT_EQ(run.variance(0, task), 0.0) << run.tasks[static_cast<size_t>(task)];
    }
    if (task != dm2) {
      EXPECT_EQ(run.variance(3, task), 0.0) << run.tasks[static_cast<size_t>(task)];
    }
  }
  EXPECT_GT(run.variance(0, fdgo), 1e-3);
  EXPECT_GT(run.variance(3, dm2), 1e-3);

  // Unit 0's fdgo variance from the inputs themselves: h = x(ring1), after fix1.
  tasks::Rng rng(0, static_cast<uint64_t>(fdgo));
  tasks::GenerateOptions test;
  test.mode = tasks::Mode::Test;
  const tasks::Batch batch = tasks::generate(tasks::Suite::Cog20, "fdgo", test, rng);
  const int fix_end = batch.epoch(0, 0).end;
  double expected = 0;
  for (int t = fix_end; t < batch.steps; ++t) {
    double mean = 0, square = 0;
    for (int b = 0; b < batch.trials; ++b)
      mean += batch.input(t, b, ring1) / batch.trials;
    for (int b = 0; b < batch.trials; ++b)
      square += std::pow(batch.input(t, b, ring1) - mean, 2) / batch.trials;
    expected += square / (batch.steps - fix_end);
  }
  // float rounding of x + 3 - 3 is ~1e-7 of each activity value
  EXPECT_NEAR(run.variance(0, fdgo), expected, 1e-4 * expected);

  const TaskVariance selected = select_active_units(run.variance, run.tasks);
  EXPECT_EQ(selected.kept_units, (std::vector<int>{0, 3}));
  EXPECT_DOUBLE_EQ(selected.normalized(0, fdgo), 1.0);
  EXPECT_DOUBLE_EQ(selected.normalized(1, dm2), 1.0);
  EXPECT_DOUBLE_EQ(selected.normalized.sum(), 2.0);
}

// ---------------------------------------------------------------- the whole analysis

/// Planted modules on a side x side grid: module m (module[i] = m, or -1
/// for a silent unit) is driven by both stimulus rings, gated by the rule
/// inputs of its own five tasks, and wired only to itself. Units of a module
/// differ only in their input gain, which scales their task variances alike
/// and so leaves their normalised profiles (nearly: the recurrence mixes them
/// a little) equal.
io::NetworkFile planted_modules(int side, const std::vector<int>& module) {
  io::NetworkFile net = cog20_network(side, side);
  const auto& names = tasks::task_names(tasks::Suite::Cog20);
  const int n = side * side;
  const int k = 5; // the ring unit every module listens to
  for (int i = 0; i < n; ++i) {
    const int m = module[static_cast<size_t>(i)];
    if (m < 0)
      continue;
    const float gain = 1.0f + 0.2f * static_cast<float>(i) / static_cast<float>(n); // distinct
    net.params.w_in(i, 1 + k) = gain;
    net.params.w_in(i, 1 + tasks::cog20::kRingSize + k) = gain;
    for (int r = 5 * m; r < 5 * m + 5; ++r)
      net.params.w_in(i, rule_input(names[static_cast<size_t>(r)])) = 4;
    net.params.b(i) = -4;
    for (int j = 0; j < n; ++j)
      if (j != i && module[static_cast<size_t>(j)] == m)
        net.params.w_rec(i, j) = 0.03f;
  }
  return net;
}

/// The four quadrants of an 8 x 8 grid as modules.
io::NetworkFile planted_modules() {
  return planted_modules(8, quadrant_labels(8, 8));
}

TEST(AnalysisTest, PlantedModulesAreFoundLocalAndModular) {
  const io::NetworkFile net = planted_modules();
  const AnalysisReport report = analyze(net, {});
  EXPECT_EQ(report.variance.kept_units.size(), 64u);
  EXPECT_EQ(report.clusters.k, 4);
  EXPECT_TRUE(same_partition(report.unit_labels, quadrant_labels(8, 8)));
  EXPECT_GT(report.functional_modularity, 0.5);
  // W_rec is four equal disconnected blocks: Q = 3/4 exactly.
  EXPECT_NEAR(report.anatomical_modularity, 0.75, 1e-9);
  // Quadrants of a square grid: locality 1/2 (see QuadrantsScoreOneHalf...).
  EXPECT_NEAR(report.locality.score, 0.5, 1e-6);
  EXPECT_NEAR(report.locality_within_active.score, 0.5, 1e-6);
  // Clusters are numbered by preferred task, so module m is cluster m.
  EXPECT_EQ(report.unit_labels[0], 0);
  EXPECT_EQ(report.unit_labels[63], 3);

  // The same network with its neurons scattered at random: the functional
  // clusters and Q stay, the locality goes.
  io::NetworkFile scattered = net;
  scattered.hidden_positions = permute_rows(net.hidden_positions.cast<double>(), 3).cast<float>();
  const AnalysisReport shuffled = analyze(scattered, {});
  EXPECT_EQ(shuffled.unit_labels, report.unit_labels);
  EXPECT_NEAR(shuffled.anatomical_modularity, 0.75, 1e-9);
  EXPECT_LT(std::abs(shuffled.locality.score), 0.15);
}

TEST(AnalysisTest, CompactModulesScoreNearOne) {
  // Four 2 x 2 modules in the corners of a 10 x 10 grid, every other unit
  // silent: locality 1 - (2 * 2 / 3) / (2 * 10 / 3) = 0.8 against all neurons.
  std::vector<int> module(100, -1);
  const int corners[4][2] = {{0, 0}, {0, 8}, {8, 0}, {8, 8}};
  for (int m = 0; m < 4; ++m)
    for (int dr = 0; dr < 2; ++dr)
      for (int dc = 0; dc < 2; ++dc)
        module[static_cast<size_t>((corners[m][0] + dr) * 10 + corners[m][1] + dc)] = m;
  const AnalysisReport report = analyze(planted_modules(10, module), {});
  EXPECT_EQ(report.variance.kept_units.size(), 16u);
  EXPECT_EQ(report.clusters.k, 4);
  EXPECT_EQ(report.unit_labels, module); // silent units are -1, modules numbered by task
  EXPECT_NEAR(report.anatomical_modularity, 0.75, 1e-9);
  EXPECT_NEAR(report.locality.score, 0.8, 1e-6);
  // Among the active units the mean pair distance is 0.9067 (most pairs join
  // two corners), a module's 2/15: 1 - (2/15) / (136/150) = 29/34.
  EXPECT_NEAR(report.locality_within_active.score, 29.0 / 34, 1e-6);
}

TEST(AnalysisTest, ScoresWiringAndSparsityLikeTheTrainer) {
  io::NetworkFile net = planted_modules();
  const bimt::Geometry geometry(net.config.n_input, net.config.n_output, 8, 8);
  net.params.w_out(3, 10) = -0.5f;
  net.params.w_out(0, 0) = 0.25f;
  AnalysisOptions options;
  options.sparsity_threshold = 0.05; // above the recurrent weights (0.03)
  const AnalysisReport report = analyze(net, options);
  EXPECT_NEAR(report.wiring_cost, bimt::wiring_cost(net.params, geometry),
              1e-5 * report.wiring_cost);
  EXPECT_NEAR(
      wiring_cost(net.params, net.input_positions, net.hidden_positions, net.output_positions),
      bimt::wiring_cost(net.params, geometry), 1e-5 * report.wiring_cost);
  EXPECT_EQ(report.sparsity.active_neurons, 2); // only units 0 and 10 reach an output
  const nlohmann::json json = to_json(report);
  EXPECT_EQ(json["active_neurons"], 2);
  EXPECT_EQ(json["clusters"]["k"], 4);
  EXPECT_EQ(json["performance"].size(), 20u);
  EXPECT_EQ(json["suite"], "cog20");
  EXPECT_EQ(json["training"]["regularizer"], "bimt");
  for (const char* key : {"functional_modularity", "anatomical_modularity", "locality",
                          "wiring_cost", "mean_performance", "share_below_threshold"})
    EXPECT_TRUE(json[key].is_number()) << key;
}

TEST(AnalysisTest, IsDeterministic) {
  const io::NetworkFile net = planted_modules();
  AnalysisOptions options;
  options.seed = 17;
  EXPECT_EQ(to_json(analyze(net, options)).dump(), to_json(analyze(net, options)).dump());
}

TEST(AnalysisTest, SilentNetworkHasNoClustersAndNullScores) {
  const io::NetworkFile net = cog20_network(3, 3);
  const AnalysisReport report = analyze(net, {});
  EXPECT_TRUE(report.variance.kept_units.empty());
  EXPECT_EQ(report.clusters.k, 0);
  EXPECT_EQ(report.unit_labels, std::vector<int>(9, -1));
  const nlohmann::json json = to_json(report);
  for (const char* key : {"functional_modularity", "anatomical_modularity", "locality"})
    EXPECT_TRUE(json[key].is_null()) << key;
  EXPECT_EQ(json["wiring_cost"], 0.0);
}

TEST(AnalysisTest, RejectsNetworksThatDoNotFitTheirSuite) {
  auto expect_error = [](const io::NetworkFile& net, const std::string& fragment) {
    try {
      network_suite(net);
      ADD_FAILURE() << "expected IncompatibleNetwork containing " << fragment;
    } catch (const IncompatibleNetwork& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  };
  io::NetworkFile net = cog20_network(2, 2);
  EXPECT_EQ(network_suite(net), tasks::Suite::Cog20);
  io::NetworkFile no_suite = net;
  no_suite.provenance = nlohmann::json::object();
  expect_error(no_suite, "provenance/json: no 'suite'");
  io::NetworkFile unknown = net;
  unknown.provenance["suite"] = "cog21";
  expect_error(unknown, "'cog21'");
  io::NetworkFile numeric = net;
  numeric.provenance["suite"] = 20;
  expect_error(numeric, "not a string");
  io::NetworkFile modcog = net;
  modcog.provenance["suite"] = "modcog";
  expect_error(modcog, "groups/input/size: 85 inputs, but suite modcog has 115");
  EXPECT_THROW(analyze(modcog, {}), IncompatibleNetwork);
}

} // namespace
} // namespace gyrus::analysis
