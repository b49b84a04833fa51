#include "tests/unit/task_test_support.h"
#include "training/tasks/cog20.h"
#include "training/tasks/performance.h"
#include "training/tasks/suite.h"

#include <cmath>
#include <gtest/gtest.h>
#include <map>
#include <set>

namespace gyrus::tasks {
namespace {

using namespace testing;

Batch make(const std::string& task, Mode mode, int B, uint64_t seed, bool noise = true) {
  Rng rng(seed);
  return cog20::generate(task, mode, B, noise, rng);
}

size_t epoch_index(const Batch& batch, const std::string& name) {
  for (size_t e = 0; e < batch.epoch_names.size(); ++e)
    if (batch.epoch_names[e] == name)
      return e;
  ADD_FAILURE() << batch.task << " has no epoch " << name;
  return 0;
}

class Cog20Task : public ::testing::TestWithParam<std::string> {};

TEST_P(Cog20Task, ShapesAndValueRanges) {
  for (Mode mode : {Mode::Random, Mode::Test}) {
    const Batch b = make(GetParam(), mode, 16, 1, /*noise=*/false);
    EXPECT_EQ(b.n_input, 85);
    EXPECT_EQ(b.n_output, 33);
    EXPECT_EQ(b.dt_ms, 20.0f);
    ASSERT_GT(b.steps, 0);
    if (mode == Mode::Random) {
      EXPECT_EQ(b.trials, 16);
    }
    EXPECT_EQ(b.inputs.size(), size_t(b.steps) * b.trials * 85);
    EXPECT_EQ(b.targets.size(), size_t(b.steps) * b.trials * 33);
    EXPECT_EQ(b.mask.size(), b.targets.size());
    EXPECT_EQ(b.target_angle.size(), size_t(b.steps) * b.trials);
    for (float x : b.inputs) {
      ASSERT_TRUE(x >= 0.0f && x <= 2.0f) << x;
    }
    for (float y : b.targets) {
      ASSERT_TRUE(y >= 0.05f - 1e-6f && y <= 0.85f + 1e-6f) << y;
    }
    for (float a : b.target_angle) {
      ASSERT_TRUE(a == -1.0f || (a >= 0 && a < 2 * M_PI)) << a;
    }
    for (int32_t len : b.trial_steps)
      EXPECT_EQ(len, b.steps);
  }
}

TEST_P(Cog20Task, RuleOneHotIsOnForTheWholeTrial) {
  const int rule = *task_index(Suite::Cog20, GetParam());
  const Batch b = make(GetParam(), Mode::Random, 8, 2, /*noise=*/false);
  for (int t = 0; t < b.steps; ++t)
    for (int i = 0; i < b.trials; ++i)
      for (int r = 0; r < cog20::kNumRules; ++r)
        ASSERT_EQ(b.input(t, i, cog20::kRuleStart + r), r == rule ? 1.0f : 0.0f);
}

/// Allowed epoch lengths in steps (dt = 20 ms), from task.py's timing draws.
struct Allowed {
  int lo, hi;             ///< inclusive range, used when `values` is empty
  std::set<int> values{}; ///< or a discrete set
  bool contains(int n) const { return values.empty() ? (n >= lo && n <= hi) : values.count(n) > 0; }
};
Allowed range(int lo, int hi) {
  return {lo, hi};
}
Allowed set(std::set<int> v) {
  return {0, 0, std::move(v)};
}

std::map<std::string, Allowed> epoch_lengths(const std::string& task) {
  const Allowed go = set({25}), stim_set = set({10, 20, 30}), gaps = set({10, 20, 40, 80});
  if (task == "fdgo" || task == "fdanti")
    return {{"fix1", range(15, 34)}, {"stim1", range(25, 74)}, {"go1", go}};
  if (task == "reactgo" || task == "reactanti")
    return {{"fix1", range(25, 124)}, {"go1", go}};
  if (task == "delaygo" || task == "delayanti")
    return {{"fix1", set({15, 25, 35})}, {"stim1", stim_set}, {"delay1", gaps}, {"go1", go}};
  if (task == "dm1" || task == "dm2" || task == "contextdm1" || task == "contextdm2" ||
      task == "multidm")
    return {{"fix1", range(5, 19)}, {"stim1", set({20, 40, 80})}, {"go1", go}};
  if (task.find("delaydm") != std::string::npos)
    return {{"fix1", stim_set},  {"stim1", stim_set},      {"delay1", gaps},
            {"stim2", stim_set}, {"delay2", range(5, 14)}, {"go1", go}};
  if (task == "dmsgo" || task == "dmsnogo")
    return {{"fix1", stim_set}, {"stim1", stim_set}, {"delay1", gaps}, {"go1", go}};
  return {{"fix1", stim_set}, {"stim1", stim_set}, {"delay1", gaps}, {"go1", stim_set}};
}

TEST_P(Cog20Task, EpochsFollowTheOriginalDistributions) {
  const auto allowed = epoch_lengths(GetParam());
  std::map<std::string, std::set<int>> seen;
  for (uint64_t seed = 0; seed < 200; ++seed) {
    const Batch b = make(GetParam(), Mode::Random, 2, seed);
    ASSERT_EQ(b.epoch_names.size(), allowed.size());
    int previous_end = 0;
    for (size_t e = 0; e < b.epoch_names.size(); ++e) {
      const EpochSpan s = b.epoch(0, e);
      const int length = s.end - s.begin;
      ASSERT_TRUE(allowed.count(b.epoch_names[e])) << b.epoch_names[e];
      EXPECT_TRUE(allowed.at(b.epoch_names[e]).contains(length))
          << GetParam() << " " << b.epoch_names[e] << " lasts " << length << " steps";
      EXPECT_EQ(s.begin, previous_end) << "epochs must tile the trial";
      previous_end = s.end;
      seen[b.epoch_names[e]].insert(length);
    }
    EXPECT_EQ(previous_end, b.steps);
  }
  // Every discrete option shows up in 200 draws, so the draws really vary.
  for (const auto& [name, rule] : allowed)
    if (!rule.values.empty()) {
      EXPECT_EQ(seen[name], rule.values) << GetParam() << " " << name;
    }
}

TEST_P(Cog20Task, CostMaskFollowsTheLsqRules) {
  for (Mode mode : {Mode::Random, Mode::Test}) {
    const Batch b = make(GetParam(), mode, 4, 3);
    const int onset = b.epoch(0, epoch_index(b, "go1")).begin;
    for (int t = 0; t < b.steps; ++t) {
      const float expected = t < 5 ? 0.0f : t < onset ? 1.0f : t < onset + 5 ? 0.0f : 5.0f;
      for (int i = 0; i < b.trials; ++i) {
        ASSERT_EQ(b.mask_at(t, i, 0), 2.0f * expected) << "t=" << t;
        for (int o = 1; o < 33; ++o)
          ASSERT_EQ(b.mask_at(t, i, o), expected) << "t=" << t;
      }
    }
  }
}

TEST_P(Cog20Task, TargetsFixateUntilResponseOnset) {
  const Batch b = make(GetParam(), Mode::Random, 32, 4);
  const int onset = b.epoch(0, epoch_index(b, "go1")).begin;
  for (int i = 0; i < b.trials; ++i) {
    const bool go = b.angle(b.steps - 1, i) >= 0;
    for (int t = 0; t < b.steps; ++t) {
      const bool respond = go && t >= onset;
      ASSERT_EQ(b.target(t, i, 0), respond ? 0.05f : 0.8f) << "t=" << t;
      ASSERT_EQ(b.angle(t, i) >= 0, respond) << "t=" << t;
    }
  }
}

TEST_P(Cog20Task, OracleScoresPerfectly) {
  for (Mode mode : {Mode::Random, Mode::Test}) {
    const Batch b = make(GetParam(), mode, 64, 5);
    EXPECT_DOUBLE_EQ(performance(b, oracle_outputs(b)), 1.0);
  }
}

TEST_P(Cog20Task, AlwaysFixatingScoresTheNoGoShare) {
  const Batch b = make(GetParam(), Mode::Random, 256, 6);
  const double share = nogo_share(b);
  EXPECT_DOUBLE_EQ(performance(b, always_fixate_outputs(b)), share);
  const bool has_nogo = GetParam() == "dmsgo" || GetParam() == "dmsnogo" || GetParam() == "dmcgo" ||
                        GetParam() == "dmcnogo";
  if (has_nogo) {
    EXPECT_GT(share, 0.3);
    EXPECT_LT(share, 0.7);
  } else {
    EXPECT_EQ(share, 0.0);
  }
}

TEST_P(Cog20Task, WrongDirectionScoresZero) {
  for (Mode mode : {Mode::Random, Mode::Test}) {
    const Batch b = make(GetParam(), mode, 64, 7);
    EXPECT_DOUBLE_EQ(performance(b, wrong_outputs(b)), 0.0);
  }
}

TEST_P(Cog20Task, SameSeedSameBatchOtherSeedOtherBatch) {
  const Batch a = make(GetParam(), Mode::Random, 16, 42);
  const Batch b = make(GetParam(), Mode::Random, 16, 42);
  const Batch c = make(GetParam(), Mode::Random, 16, 43);
  EXPECT_EQ(a.inputs, b.inputs);
  EXPECT_EQ(a.targets, b.targets);
  EXPECT_EQ(a.mask, b.mask);
  EXPECT_NE(a.inputs, c.inputs);
}

INSTANTIATE_TEST_SUITE_P(AllTasks, Cog20Task, ::testing::ValuesIn(cog20::task_names()),
                         [](const auto& info) { return info.param; });

TEST(Cog20, TwentyTasksInYangsRuleOrder) {
  const std::vector<std::string> expected{
      "fdgo",         "reactgo",  "delaygo",  "fdanti",          "reactanti",
      "delayanti",    "dm1",      "dm2",      "contextdm1",      "contextdm2",
      "multidm",      "delaydm1", "delaydm2", "contextdelaydm1", "contextdelaydm2",
      "multidelaydm", "dmsgo",    "dmsnogo",  "dmcgo",           "dmcnogo"};
  EXPECT_EQ(cog20::task_names(), expected);
}

TEST(Cog20, InputNoiseHasYangsScale) {
  const Batch noisy = make("fdgo", Mode::Random, 64, 8, true);
  const Batch clean = make("fdgo", Mode::Random, 64, 8, false);
  double sum = 0, sum_sq = 0;
  for (size_t i = 0; i < noisy.inputs.size(); ++i) {
    const double d = noisy.inputs[i] - clean.inputs[i];
    sum += d;
    sum_sq += d * d;
  }
  const double n = static_cast<double>(noisy.inputs.size());
  const double expected_sd = 0.01 * std::sqrt(2 / 0.2);
  EXPECT_NEAR(sum / n, 0.0, 1e-3);
  EXPECT_NEAR(std::sqrt(sum_sq / n), expected_sd, 0.02 * expected_sd);
}

TEST(Cog20, StimulusBumpMatchesTaskPy) {
  // Test-mode fdgo trial 2 shows a stimulus at 2*pi*1/20 in modality 1.
  const Batch b = make("fdgo", Mode::Test, 0, 0);
  const double loc = 2 * M_PI / 20;
  const int t = b.epoch(2, 1).begin; // stim1
  for (int unit = 0; unit < 32; ++unit) {
    double d = std::abs(loc - unit * 2 * M_PI / 32);
    d = std::min(d, 2 * M_PI - d) / (M_PI / 8);
    EXPECT_NEAR(b.input(t, 2, 1 + unit), 0.8 * std::exp(-d * d / 2), 1e-6);
    EXPECT_EQ(b.input(t, 2, 33 + unit), 0.0f);
  }
}

TEST(Cog20, AntiTasksRespondOppositeTheStimulus) {
  const Batch b = make("fdanti", Mode::Test, 0, 0);
  for (int i = 0; i < b.trials; ++i) {
    const double loc = 2 * M_PI * (i / 2) / 20;
    EXPECT_NEAR(b.angle(b.steps - 1, i), std::fmod(loc + M_PI, 2 * M_PI), 1e-5);
  }
}

TEST(Cog20, ContextTasksFollowOnlyTheAttendedModality) {
  // Grid 20 x 5 x 5: s1 > s2 in a modality exactly when its index is >= 3.
  for (const std::string task : {"contextdm1", "contextdm2"}) {
    const Batch b = make(task, Mode::Test, 0, 0);
    ASSERT_EQ(b.trials, 500);
    for (int i = 0; i < b.trials; ++i) {
      const double loc1 = 2 * M_PI * (i / 25) / 20;
      const int attended = task == "contextdm1" ? (i / 5) % 5 : i % 5;
      const double expected = attended >= 3 ? loc1 : std::fmod(loc1 + M_PI, 2 * M_PI);
      ASSERT_NEAR(b.angle(b.steps - 1, i), expected, 1e-5) << task << " trial " << i;
    }
  }
}

TEST(Cog20, MatchTasksGoExactlyOnMatchOrNonMatch) {
  for (const std::string task : {"dmsgo", "dmsnogo", "dmcgo", "dmcnogo"}) {
    const Batch b = make(task, Mode::Random, 256, 9, /*noise=*/false);
    const bool nogo = task.find("nogo") != std::string::npos;
    const bool category = task.rfind("dmc", 0) == 0;
    const int stim1 = b.epoch(0, 1).begin, stim2 = b.epoch(0, 3).begin;
    for (int i = 0; i < b.trials; ++i) {
      // Recover the stimulus directions from the inputs (either modality).
      auto direction = [&](int t) {
        std::vector<float> ring(32);
        for (int u = 0; u < 32; ++u)
          ring[u] = b.input(t, i, 1 + u) + b.input(t, i, 33 + u);
        return population_vector(ring);
      };
      const double d1 = direction(stim1), d2 = direction(stim2);
      double gap = std::abs(d1 - d2);
      gap = std::min(gap, 2 * M_PI - gap);
      const bool match = category ? (d1 < M_PI) == (d2 < M_PI) : gap < 1e-3;
      const bool go = b.angle(b.steps - 1, i) >= 0;
      ASSERT_EQ(go, match != nogo) << task << " trial " << i;
    }
  }
}

TEST(Cog20, RejectsUnknownTaskAndBadBatch) {
  Rng rng(0);
  EXPECT_THROW(cog20::generate("fdgoo", Mode::Random, 4, true, rng), TaskError);
  EXPECT_THROW(cog20::generate("fdgo", Mode::Random, 0, true, rng), TaskError);
  EXPECT_THROW(cog20::generate("fdgo", Mode::Random, -3, true, rng), TaskError);
  try {
    cog20::generate("fdgoo", Mode::Random, 4, true, rng);
  } catch (const TaskError& e) {
    EXPECT_NE(std::string(e.what()).find("fdgoo"), std::string::npos);
  }
}

TEST(Cog20, TrainAllScheduleWeightsContextTasksFiveTimes) {
  TaskSchedule schedule(Suite::Cog20);
  const double unit = 1.0 / 28.0; // 18 tasks at 1, two at 5
  for (size_t i = 0; i < 20; ++i) {
    const std::string& name = cog20::task_names()[i];
    const double expected = (name == "contextdm1" || name == "contextdm2") ? 5 * unit : unit;
    EXPECT_NEAR(schedule.probability(i), expected, 1e-12) << name;
  }
  Rng rng(11);
  std::map<std::string, int> counts;
  for (int i = 0; i < 28000; ++i)
    ++counts[schedule.next(rng)];
  EXPECT_NEAR(counts["contextdm1"], 5000, 300);
  EXPECT_NEAR(counts["fdgo"], 1000, 150);
}

} // namespace
} // namespace gyrus::tasks
