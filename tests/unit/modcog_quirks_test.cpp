// Targeted tests of the quirks of mod_cog_tasks.py that gyrus keeps (docs/tasks-modcog.md).
#include "tests/unit/modcog_test_support.h"

#include <gtest/gtest.h>

namespace gyrus::tasks::modcog {
namespace {

using namespace testing;

// ---------------------------------------------------------------- quirks --

TEST(ModCogQuirks, LastRingPositionBecomesTheFixationLabel) {
  // Test grid: modality-major, then ring position; go's decision is 5 steps.
  const Batch go = make("go", Mode::Test, 0, false, 0);
  for (int position = 0; position < kRingSize; ++position) {
    const EpochSpan decision = span(go, position, "decision");
    for (int t = decision.begin; t < decision.end; ++t)
      EXPECT_EQ(label_at(go, t, position), (position + 1) % 16) << position;
  }
  const int last = 15;
  EXPECT_EQ(go.angle(go.trial_steps[last] - 1, last), -1.0f);
  EXPECT_FLOAT_EQ(go.target(go.trial_steps[last] - 1, last, 0), 0.8f);
  // The stimulus of that trial is a real direction (theta[15]) all the same.
  EXPECT_EQ(ring_argmax(go, span(go, last, "stimulus").begin, last, 0), 15);
  // About 1/16 of random go trials ask for fixation at the end.
  const Batch random = make("go", Mode::Random, 4000, false, 3);
  int fixate = 0;
  for (int b = 0; b < random.trials; ++b)
    fixate += random.angle(random.trial_steps[b] - 1, b) < 0;
  EXPECT_NEAR(fixate / 4000.0, 1.0 / 16, 0.015);
}

TEST(ModCogQuirks, SeqMovesOnePositionPerStep) {
  for (const auto& [task, steps, direction] :
       std::vector<std::tuple<std::string, int, int>>{{"goseqr", 10, 1},
                                                      {"goseql", 10, -1},
                                                      {"rtgoseqr", 5, 1},
                                                      {"dm1seql", 10, -1},
                                                      {"dnmsseqr", 10, 1}}) {
    const Batch batch = make(task, Mode::Random, 64, true, 8);
    for (int b = 0; b < batch.trials; ++b) {
      const EpochSpan decision = span(batch, b, "decision");
      ASSERT_EQ(length(decision), steps) << task;
      const int first = label_at(batch, decision.begin, b);
      if (task == "dnmsseqr" && first == 0 && label_at(batch, decision.begin + 1, b) == 0)
        continue; // a no-go trial
      for (int k = 0; k < steps; ++k)
        ASSERT_EQ(label_at(batch, decision.begin + k, b), wrap(first + direction * k)) << task;
    }
  }
}

TEST(ModCogQuirks, ReachIntShiftsTheStimulusInRadians) {
  // Grid: modality, position, delay (0..1100 ms). The stimulus sits at
  // theta[gt] + 0.01 * delay rad (anti: + pi); the target stays gt.
  for (const auto& [task, sign, anti] : std::vector<std::tuple<std::string, int, bool>>{
           {"dlygointr", 1, false}, {"dlygointl", -1, false}, {"dlyantiintr", 1, true}}) {
    const Batch batch = make(task, Mode::Test, 0, false, 0);
    const int b = 3 * 12 + 7; // modality 0, position 3, delay 700 ms
    ASSERT_EQ(length(span(batch, b, "delay")), 7);
    const double stimulus = decode_angle(batch, span(batch, b, "stimulus").begin, b, 0);
    const double expected = 3 * kStep + sign * 7.0 + (anti ? M_PI : 0.0);
    EXPECT_LT(circular(stimulus, expected), 1e-5) << task;
    EXPECT_GT(circular(stimulus, 3 * kStep + (anti ? M_PI : 0.0)), 0.1) << task;
    EXPECT_EQ(label_at(batch, span(batch, b, "decision").begin, b), 4) << task;
  }
}

TEST(ModCogQuirks, DmIntShiftsTheTargetByFivePositions) {
  // dlydm1 grid: theta1 = 0..15, theta2 = theta1 + 8, ordered coherence pairs
  // (0.3,0.6), (0.3,1.0), (0.6,0.3), ... ; trial 2 of theta1 = 0 is (0.6, 0.3).
  const Batch plain = make("dlydm1", Mode::Test, 0, false, 0);
  const Batch right = make("dlydm1intr", Mode::Test, 0, false, 0);
  const Batch left = make("dlydm1intl", Mode::Test, 0, false, 0);
  ASSERT_EQ(plain.trials, 96);
  ASSERT_EQ(right.trial_steps, plain.trial_steps);
  ASSERT_EQ(left.trial_steps, plain.trial_steps);
  for (int b = 0; b < plain.trials; ++b) {
    const int t = span(plain, b, "decision").begin;
    const int chosen = label_at(plain, t, b) == 0 ? 15 : label_at(plain, t, b) - 1;
    EXPECT_EQ(label_at(right, t, b), wrap(chosen + 5 + 1));
    EXPECT_EQ(label_at(left, t, b), wrap(chosen - 5 + 1));
    EXPECT_EQ(length(span(right, b, "delay")), 5) << "_DMFamily fixes the int delay at 500 ms";
  }
  EXPECT_EQ(label_at(plain, span(plain, 2, "decision").begin, 2), 1) << "0.6 > 0.3: theta1 = 0";
  EXPECT_EQ(label_at(right, span(right, 2, "decision").begin, 2), 6);
  EXPECT_EQ(label_at(left, span(left, 2, "decision").begin, 2), 12);
}

TEST(ModCogQuirks, DmsIntShiftsTheTestIndexByTheDelayInSteps) {
  // dmsintr grid: modality, sample, match/non-match, delay 0..1100.
  const Batch batch = make("dmsintr", Mode::Test, 0, false, 0);
  const int b = 14 * 24 + 0 * 12 + 4; // modality 0, sample 14, match, delay 400 ms
  ASSERT_EQ(length(span(batch, b, "delay")), 4);
  EXPECT_EQ(ring_argmax(batch, span(batch, b, "test").begin, b, 0), 14);
  EXPECT_EQ(label_at(batch, span(batch, b, "decision").begin, b), wrap(14 + 4 + 1));
  const Batch left = make("dmsintl", Mode::Test, 0, false, 0);
  EXPECT_EQ(label_at(left, span(left, b, "decision").begin, b), wrap(14 - 4 + 1));
}

TEST(ModCogQuirks, DmcCategoryBoundaryCountsIndexEightAsCategoryZeroForTheSample) {
  // dmc grid (non-int): modality, sample, test -> trial = sample * 16 + test.
  const Batch batch = make("dmc", Mode::Test, 0, false, 0);
  auto goes = [&](int sample, int test) {
    const int b = sample * 16 + test;
    EXPECT_EQ(ring_argmax(batch, span(batch, b, "sample").begin, b, 0), sample);
    EXPECT_EQ(ring_argmax(batch, span(batch, b, "test").begin, b, 0), test);
    return label_at(batch, span(batch, b, "decision").begin, b) != 0; // test != 15 below
  };
  EXPECT_TRUE(goes(8, 3)) << "sample 8 is category 0 (i_sample > 8 is false)";
  EXPECT_FALSE(goes(8, 10)) << "test 10 is category 1";
  EXPECT_FALSE(goes(8, 8)) << "the same position 8 is a category non-match";
  EXPECT_TRUE(goes(9, 8)) << "sample 9 and test 8 are both category 1";
  EXPECT_TRUE(goes(7, 0));
  // In random mode a category-1 test is drawn from 8..15, so sample 8 never
  // matches a test at 8.
  const Batch random = make("dmc", Mode::Random, 3000, false, 4);
  int boundary_trials = 0;
  for (int b = 0; b < random.trials; ++b) {
    const int m = shown_modality(random, span(random, b, "sample").begin, b);
    const int sample = ring_argmax(random, span(random, b, "sample").begin, b, m);
    const int test = ring_argmax(random, span(random, b, "test").begin, b, m);
    if (sample == 8 && test == 8) {
      ++boundary_trials;
      EXPECT_EQ(label_at(random, span(random, b, "decision").begin, b), 0);
    }
  }
  EXPECT_GT(boundary_trials, 0);
}

TEST(ModCogQuirks, DelayedReachTasksEqualTheirPlainVersions) {
  // `dly` has no effect in _Reach: every period is 500 ms either way.
  for (const auto& [plain, delayed] :
       std::vector<std::pair<std::string, std::string>>{{"go", "dlygo"},
                                                        {"anti", "dlyanti"},
                                                        {"goseqr", "dlygoseqr"},
                                                        {"antiseql", "dlyantiseql"}}) {
    Batch a = make(plain, Mode::Random, 64, true, 99);
    Batch b = make(delayed, Mode::Random, 64, true, 99);
    EXPECT_NE(a.inputs, b.inputs) << "the task one-hot differs";
    for (Batch* batch : {&a, &b})
      for (int t = 0; t < batch->steps; ++t)
        for (int trial = 0; trial < batch->trials; ++trial)
          for (int k = 0; k < kNumTasks; ++k)
            batch->input(t, trial, kTaskInputStart + k) = 0;
    EXPECT_EQ(a.inputs, b.inputs) << plain;
    EXPECT_EQ(a.labels, b.labels) << plain;
    EXPECT_EQ(a.targets, b.targets) << plain;
    for (int trial = 0; trial < a.trials; ++trial)
      EXPECT_EQ(length(span(a, trial, "delay")), 5);
  }
}

TEST(ModCogQuirks, RtSeqKeepsTheShortDecision) {
  EXPECT_EQ(length(span(make("rtgoseqr", Mode::Random, 4, true, 1), 0, "decision")), 5);
  EXPECT_EQ(length(span(make("rtantiseql", Mode::Random, 4, true, 1), 0, "decision")), 5);
  EXPECT_EQ(length(span(make("antiseqr", Mode::Random, 4, true, 1), 0, "decision")), 10);
}

TEST(ModCogQuirks, DmDecisionZeroesEveryInputButTheTaskUnit) {
  const Batch batch = make("ctxdlydm2", Mode::Random, 64, true, 6);
  for (int b = 0; b < batch.trials; ++b) {
    const EpochSpan decision = span(batch, b, "decision");
    for (int t = decision.begin; t < decision.end; ++t)
      for (int i = 0; i < kTaskInputStart; ++i)
        ASSERT_EQ(batch.input(t, b, i), 0.0f);
    // Noise reaches the fixation unit during the stimuli.
    const int t = span(batch, b, "stim1").begin;
    EXPECT_NE(batch.input(t, b, 0), 1.0f);
  }
}

TEST(ModCogQuirks, ModalitiesAlternateAcrossTheBatch) {
  for (const std::string task : {"go", "rtanti", "dms", "dnmcintl"}) {
    std::set<int> first_modalities;
    for (uint64_t seed = 0; seed < 12; ++seed) {
      const Batch batch = make(task, Mode::Random, 10, false, seed);
      const bool reaction = task == "rtanti";
      auto modality = [&](int b) {
        return shown_modality(
            batch, span(batch, b, reaction ? "decision" : batch.epoch_names[1]).begin, b);
      };
      for (int b = 1; b < batch.trials; ++b)
        ASSERT_NE(modality(b), modality(b - 1)) << task;
      first_modalities.insert(modality(0));
    }
    EXPECT_EQ(first_modalities.size(), 2u) << "the first modality is random";
  }
}

TEST(ModCogQuirks, MatchDelayIsFixedPerModalityWithinABatch) {
  std::set<int> delays;
  for (uint64_t seed = 0; seed < 40; ++seed) {
    const Batch batch = make("dnms", Mode::Random, 16, true, seed);
    for (int b = 2; b < batch.trials; ++b)
      ASSERT_EQ(length(span(batch, b, "delay")), length(span(batch, b - 2, "delay")));
    delays.insert(length(span(batch, 0, "delay")));
    delays.insert(length(span(batch, 1, "delay")));
  }
  EXPECT_EQ(*delays.begin(), 2);
  EXPECT_EQ(*delays.rbegin(), 11);
  EXPECT_GE(delays.size(), 8u);
}

TEST(ModCogQuirks, DmTieBreakCanGoEitherWay) {
  // multidm with opposite coherences in the two modalities has equal
  // evidence; the +-1e-6 jitter then picks either stimulus.
  const Batch batch = make("multidm", Mode::Random, 3000, false, 10);
  const Traits tr = traits("multidm");
  int ties = 0;
  for (int b = 0; b < batch.trials; ++b)
    ties += expected_response(batch, b, tr) == kUnknown;
  EXPECT_NEAR(ties / 3000.0, 1.0 / 8, 0.03);
}

} // namespace
} // namespace gyrus::tasks::modcog
