// Mod-Cog task generation. The expectations here are derived from the task
// names and from mod_cog_tasks.py independently of the implementation's task
// table: the semantic checks decode each trial's stimuli from its noise-free
// inputs and recompute the original's response rule, quirks included.
#include "tests/unit/modcog_test_support.h"
#include "tests/unit/task_test_support.h"

#include <gtest/gtest.h>

namespace gyrus::tasks::modcog {
namespace {

using namespace testing;

class ModCogTask : public ::testing::TestWithParam<std::string> {
protected:
  Traits tr = traits(GetParam());
  int index() const {
    return static_cast<int>(std::find(kReadmeTasks.begin(), kReadmeTasks.end(), GetParam()) -
                            kReadmeTasks.begin());
  }
  std::vector<Batch> batches() const {
    return {make(GetParam(), Mode::Random, 48, true, 11),
            make(GetParam(), Mode::Random, 48, false, 12),
            make(GetParam(), Mode::Test, 0, true, 13)};
  }
};

TEST_P(ModCogTask, ShapesAndMetadata) {
  for (const Batch& batch : batches()) {
    EXPECT_EQ(batch.task, GetParam());
    EXPECT_EQ(batch.n_input, 115);
    EXPECT_EQ(batch.n_output, 17);
    EXPECT_FLOAT_EQ(batch.dt_ms, 100.0f);
    const size_t cells = static_cast<size_t>(batch.steps) * batch.trials;
    EXPECT_EQ(batch.inputs.size(), cells * 115);
    EXPECT_EQ(batch.targets.size(), cells * 17);
    EXPECT_EQ(batch.mask.size(), cells * 17);
    EXPECT_EQ(batch.target_angle.size(), cells);
    EXPECT_EQ(batch.labels.size(), cells);
    EXPECT_EQ(batch.trial_steps.size(), static_cast<size_t>(batch.trials));
    EXPECT_EQ(batch.epoch_names, expected_epoch_names(tr));
    EXPECT_EQ(batch.epochs.size(), batch.trial_steps.size() * batch.epoch_names.size());
    EXPECT_EQ(batch.steps, *std::max_element(batch.trial_steps.begin(), batch.trial_steps.end()));
  }
  EXPECT_EQ(make(GetParam(), Mode::Random, 48, true, 1).trials, 48);
  EXPECT_EQ(make(GetParam(), Mode::Random, 1, true, 1).trials, 1);
  const Batch grid = make(GetParam(), Mode::Test, 5, true, 1);
  EXPECT_EQ(static_cast<size_t>(grid.trials), expected_grid_size(tr));
  EXPECT_LT(grid.trials, 1000);
}

TEST_P(ModCogTask, EpochsTileTheTrialWithinTheirDistributions) {
  for (Mode mode : {Mode::Random, Mode::Test}) {
    const Batch batch = make(GetParam(), mode, 300, false, 21);
    const auto allowed = allowed_epoch_steps(tr, mode);
    std::vector<std::set<int>> seen(allowed.size());
    for (int b = 0; b < batch.trials; ++b) {
      int start = 0;
      for (size_t e = 0; e < allowed.size(); ++e) {
        const EpochSpan s = batch.epoch(b, e);
        EXPECT_EQ(s.begin, start);
        EXPECT_TRUE(allowed[e].count(length(s)))
            << batch.epoch_names[e] << " lasts " << length(s) << " steps";
        seen[e].insert(length(s));
        start = s.end;
      }
      EXPECT_EQ(start, batch.trial_steps[b]);
    }
    if (mode == Mode::Random)
      for (size_t e = 0; e < allowed.size(); ++e)
        if (tr.kind != Kind::DelayMatch || e != 2 || tr.integrate) {
          EXPECT_EQ(seen[e], allowed[e]) << "every allowed length of " << batch.epoch_names[e];
        }
  }
}

TEST_P(ModCogTask, TaskOneHotOnValidStepsOnly) {
  ASSERT_EQ(kReadmeTasks[index()], GetParam());
  for (const Batch& batch : batches())
    for (int b = 0; b < batch.trials; ++b)
      for (int t = 0; t < batch.steps; ++t)
        for (int k = 0; k < kNumTasks; ++k) {
          const float expected = (k == index() && t < batch.trial_steps[b]) ? 1.0f : 0.0f;
          ASSERT_EQ(batch.input(t, b, kTaskInputStart + k), expected) << t << " " << b << " " << k;
        }
}

TEST_P(ModCogTask, MaskAndPadding) {
  for (const Batch& batch : batches())
    for (int b = 0; b < batch.trials; ++b)
      for (int t = 0; t < batch.steps; ++t) {
        const bool valid = t < batch.trial_steps[b];
        for (int o = 0; o < 17; ++o)
          ASSERT_EQ(batch.mask_at(t, b, o), valid ? 1.0f : 0.0f);
        if (valid)
          continue;
        ASSERT_EQ(label_at(batch, t, b), -1);
        ASSERT_EQ(batch.angle(t, b), -1.0f);
        for (int i = 0; i < 115; ++i)
          ASSERT_EQ(batch.input(t, b, i), 0.0f);
        for (int o = 0; o < 17; ++o)
          ASSERT_EQ(batch.target(t, b, o), 0.05f);
      }
}

TEST_P(ModCogTask, LabelsMatchTargetsAndAngles) {
  for (const Batch& batch : batches()) {
    bool saw_response = false;
    for (int b = 0; b < batch.trials; ++b) {
      const EpochSpan decision = span(batch, b, "decision");
      for (int t = 0; t < batch.trial_steps[b]; ++t) {
        const int label = label_at(batch, t, b);
        // Quirk: mod(action, 16) never yields 16.
        ASSERT_GE(label, 0);
        ASSERT_LE(label, 15);
        if (t < decision.begin) {
          ASSERT_EQ(label, 0) << "responding before the decision period";
        }
        if (label == 0) {
          ASSERT_EQ(batch.angle(t, b), -1.0f);
          ASSERT_FLOAT_EQ(batch.target(t, b, 0), 0.8f);
          for (int u = 0; u < kRingSize; ++u)
            ASSERT_FLOAT_EQ(batch.target(t, b, 1 + u), 0.05f);
          continue;
        }
        saw_response = true;
        const double angle = (label - 1) * kStep;
        ASSERT_NEAR(batch.angle(t, b), angle, 1e-6);
        ASSERT_FLOAT_EQ(batch.target(t, b, 0), 0.05f);
        for (int u = 0; u < kRingSize; ++u)
          ASSERT_NEAR(batch.target(t, b, 1 + u), 0.05 + bump(angle, u), 1e-6);
        ASSERT_NEAR(batch.target(t, b, label), 0.85f, 1e-6);
      }
    }
    EXPECT_TRUE(saw_response);
  }
}

TEST_P(ModCogTask, ValueRanges) {
  for (const Batch& batch : batches())
    for (size_t i = 0; i < batch.inputs.size(); ++i) {
      ASSERT_TRUE(std::isfinite(batch.inputs[i]));
      ASSERT_LT(std::abs(batch.inputs[i]), 2.5f);
    }
  const Batch clean = make(GetParam(), Mode::Random, 64, false, 5);
  for (float v : clean.inputs)
    ASSERT_TRUE(v >= 0.0f && v <= 1.0f) << v;
  for (float v : clean.targets)
    ASSERT_TRUE(v >= 0.05f && v <= 0.85f + 1e-6f) << v;
}

TEST_P(ModCogTask, ResponsesFollowTheOriginalRules) {
  for (const Batch& batch :
       {make(GetParam(), Mode::Random, 96, false, 31), make(GetParam(), Mode::Test, 0, false, 0)}) {
    int decided = 0;
    for (int b = 0; b < batch.trials; ++b) {
      const int response = expected_response(batch, b, tr);
      if (response == kUnknown)
        continue;
      ++decided;
      const EpochSpan decision = span(batch, b, "decision");
      for (int t = decision.begin; t < decision.end; ++t) {
        const int expected = response < 0 ? 0 : wrap(response + 1 + tr.seq * (t - decision.begin));
        ASSERT_EQ(label_at(batch, t, b), expected) << "trial " << b << " step " << t;
      }
    }
    EXPECT_GT(decided, batch.trials / 2);
  }
}

TEST_P(ModCogTask, FixationAndStimulusInputsSitInTheOriginalPeriods) {
  for (const Batch& batch :
       {make(GetParam(), Mode::Random, 64, false, 41), make(GetParam(), Mode::Test, 0, false, 0)})
    for (int b = 0; b < batch.trials; ++b) {
      std::set<std::string> fixation_on, stimulus_on;
      if (tr.kind == Kind::Reach) {
        fixation_on = tr.reaction ? std::set<std::string>{"fixation"}
                                  : std::set<std::string>{"fixation", "stimulus", "delay"};
        stimulus_on = {tr.reaction ? "decision" : "stimulus"};
      } else {
        fixation_on.insert(batch.epoch_names.begin(), batch.epoch_names.end() - 1);
        stimulus_on = tr.kind == Kind::DelayMatch
                          ? std::set<std::string>{"sample", "test"}
                          : std::set<std::string>{"stimulus", "stim1", "stim2"};
      }
      for (size_t e = 0; e < batch.epoch_names.size(); ++e) {
        const EpochSpan s = batch.epoch(b, e);
        for (int t = s.begin; t < s.end; ++t) {
          ASSERT_EQ(batch.input(t, b, 0), fixation_on.count(batch.epoch_names[e]) ? 1.0f : 0.0f)
              << batch.epoch_names[e];
          const double ring = ring_sum(batch, t, b, 0) + ring_sum(batch, t, b, 1);
          if (stimulus_on.count(batch.epoch_names[e]))
            ASSERT_GT(ring, 0.5) << batch.epoch_names[e];
          else
            ASSERT_EQ(ring, 0.0) << batch.epoch_names[e];
        }
      }
    }
}

TEST_P(ModCogTask, NoiseOnlyWhereTheOriginalAddsIt) {
  const Batch noisy = make(GetParam(), Mode::Random, 256, true, 51);
  const Batch clean = make(GetParam(), Mode::Random, 256, false, 51);
  ASSERT_EQ(noisy.trial_steps, clean.trial_steps) << "noise must not change the conditions";
  EXPECT_EQ(noisy.labels, clean.labels);
  EXPECT_EQ(noisy.targets, clean.targets);
  double sum = 0, sum_sq = 0;
  size_t count = 0;
  for (int b = 0; b < noisy.trials; ++b) {
    std::set<std::string> periods;
    int first = 0, last = 0;
    if (tr.kind == Kind::DecisionMaking) {
      periods = {"stimulus", "stim1", "stim2"};
      first = 0, last = kTaskInputStart; // add_randn without `where`: fixation and both rings
    } else if (tr.kind == Kind::DelayMatch) {
      periods = {"sample", "test"};
      const int m = shown_modality(clean, span(clean, b, "sample").begin, b);
      first = 1 + m * kRingSize, last = first + kRingSize; // where='stimulus'
    }
    for (size_t e = 0; e < noisy.epoch_names.size(); ++e) {
      const EpochSpan s = noisy.epoch(b, e);
      const bool noisy_period = periods.count(noisy.epoch_names[e]) > 0;
      for (int t = s.begin; t < s.end; ++t)
        for (int i = 0; i < 115; ++i) {
          const double d = noisy.input(t, b, i) - clean.input(t, b, i);
          if (noisy_period && i >= first && i < last) {
            sum += d, sum_sq += d * d, ++count;
          } else {
            ASSERT_EQ(d, 0.0) << noisy.epoch_names[e] << " channel " << i;
          }
        }
    }
  }
  if (tr.kind == Kind::Reach) {
    EXPECT_EQ(count, 0u);
    EXPECT_EQ(noisy.inputs, clean.inputs) << "the reach tasks add no noise";
    return;
  }
  ASSERT_GT(count, 10000u);
  EXPECT_NEAR(sum / count, 0.0, 0.005);
  EXPECT_NEAR(std::sqrt(sum_sq / count), 0.1, 0.005) << "sigma = 1 / sqrt(dt)";
}

TEST_P(ModCogTask, OracleScoresPerfectly) {
  for (const Batch& batch : batches())
    EXPECT_DOUBLE_EQ(performance(batch, batch.targets), 1.0);
}

TEST_P(ModCogTask, AlwaysFixateScoresTheShareOfFixateTrials) {
  for (const Batch& batch : batches()) {
    int fixate = 0;
    for (int b = 0; b < batch.trials; ++b)
      fixate += batch.angle(batch.trial_steps[b] - 1, b) < 0;
    EXPECT_DOUBLE_EQ(performance(batch, tasks::testing::always_fixate_outputs(batch)),
                     static_cast<double>(fixate) / batch.trials);
    if (tr.kind == Kind::DelayMatch) {
      EXPECT_GT(fixate, 0) << "no-go trials exist";
    }
  }
}

TEST_P(ModCogTask, WrongOutputScoresZero) {
  for (const Batch& batch : batches())
    EXPECT_DOUBLE_EQ(performance(batch, tasks::testing::wrong_outputs(batch)), 0.0);
}

TEST_P(ModCogTask, DeterministicPerSeed) {
  const Batch a = make(GetParam(), Mode::Random, 32, true, 77);
  const Batch b = make(GetParam(), Mode::Random, 32, true, 77);
  const Batch c = make(GetParam(), Mode::Random, 32, true, 78);
  EXPECT_EQ(a.inputs, b.inputs);
  EXPECT_EQ(a.targets, b.targets);
  EXPECT_EQ(a.labels, b.labels);
  EXPECT_EQ(a.trial_steps, b.trial_steps);
  EXPECT_NE(a.inputs, c.inputs);
  const Batch g1 = make(GetParam(), Mode::Test, 1, true, 1);
  const Batch g2 = make(GetParam(), Mode::Test, 9, false, 2);
  EXPECT_EQ(g1.inputs, g2.inputs) << "the test grid ignores the seed and noise";
  EXPECT_EQ(g1.labels, g2.labels);
}

INSTANTIATE_TEST_SUITE_P(AllTasks, ModCogTask, ::testing::ValuesIn(kReadmeTasks),
                         [](const auto& info) { return info.param; });

// --------------------------------------------------------------- task set --

TEST(ModCogTasks, NamesAreTheReadmeSetInOrder) {
  EXPECT_EQ(task_names(), kReadmeTasks);
  EXPECT_EQ(kNumTasks, 82);
  EXPECT_EQ(std::set<std::string>(kReadmeTasks.begin(), kReadmeTasks.end()).size(), 82u);
}

TEST(ModCogTasks, UnknownTaskAndBadBatchThrow) {
  Rng rng(1);
  try {
    generate("dlydm3", Mode::Random, 4, true, rng);
    FAIL() << "no exception";
  } catch (const TaskError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("dlydm3"), std::string::npos);
    EXPECT_NE(message.find("gyrus tasks list --suite modcog"), std::string::npos);
  }
  EXPECT_THROW(generate("contextdm1", Mode::Test, 4, true, rng), TaskError);
  for (int bad : {0, -3}) {
    try {
      generate("go", Mode::Random, bad, true, rng);
      FAIL() << "no exception for batch " << bad;
    } catch (const TaskError& e) {
      EXPECT_NE(std::string(e.what()).find(std::to_string(bad)), std::string::npos);
    }
  }
  EXPECT_NO_THROW(generate("go", Mode::Test, 0, true, rng)) << "test mode ignores the batch size";
}

} // namespace
} // namespace gyrus::tasks::modcog
