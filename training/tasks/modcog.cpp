// Trial generation for Mod-Cog. Each trial is first planned (period lengths,
// stimulus bumps, response) from its conditions, then rendered into the batch
// the way neurogym's TrialEnv builds ob and gt. Random conditions are drawn
// before any noise, so switching input noise off leaves the conditions of a
// seed unchanged. docs/tasks-modcog.md lists every quirk kept from the
// original and every deviation.
#include "training/tasks/modcog.h"

#include "training/tasks/modcog_spec.h"
#include "training/tasks/suite.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <utility>

namespace gyrus::tasks::modcog {

namespace {

constexpr int kDt = 100;            // ms per step (neurogym's default dt)
constexpr double kOmega = 0.01;     // rad/ms, the "int" and "seq" angular velocity
constexpr double kNoiseSigma = 0.1; // sigma / sqrt(dt) with sigma = 1
constexpr int kHalfRing = kRingSize / 2;
constexpr float kTargetBaseline = 0.05f;
constexpr float kTargetFixation = 0.8f;

double preferred_direction(int unit) {
  return unit * (2.0 * M_PI / kRingSize);
}

/// numpy's float remainder: fmod, moved into the sign of the divisor.
double numpy_mod(double value, double divisor) {
  double mod = std::fmod(value, divisor);
  if (mod != 0.0 && ((divisor < 0) != (mod < 0)))
    mod += divisor;
  return mod;
}

int positive_mod(int value, int divisor) {
  return ((value % divisor) + divisor) % divisor;
}

/// _gaussianbump at one unit (strength 1): 0.8 exp(-(d / (pi/8))^2 / 2).
double gaussian_bump(double location, double preferred) {
  const double raw = std::abs(location - preferred);
  const double distance = std::min(raw, 2.0 * M_PI - raw) / (M_PI / 8.0);
  return 0.8 * std::exp(-distance * distance / 2.0);
}

/// neurogym's sample_time: (t // dt) * dt.
int floor_to_dt(double ms) {
  return static_cast<int>(std::floor(ms / kDt)) * kDt;
}

/// my_set_groundtruth: the action of ring index `response` (index + 1),
/// advanced by int(seq * t * omega * dt) and taken mod 16 -- which maps
/// action 16 to 0, the fixation class.
int decision_label(int response, int seq, int decision_step) {
  const double shift = static_cast<double>(seq * decision_step) * kOmega * kDt;
  return positive_mod(response + 1 + static_cast<int>(shift), kRingSize);
}

/// "int" target shift of the match and DM families: int(mod(i + sign * omega * delay, 16)).
int shifted_index(int index, int integrate, int delay_ms) {
  const double shift = kOmega * delay_ms;
  const double moved = integrate > 0 ? index + shift : index - shift;
  return static_cast<int>(numpy_mod(moved, kRingSize));
}

struct Bump {
  int period = 0;
  int modality = 0;
  double location = 0.0; ///< radians
  double strength = 1.0;
};

enum class NoiseChannels { None, AllSensory, StimulusRing };

/// One trial as the original's _new_trial leaves it, in terms of periods.
struct TrialPlan {
  std::vector<int> period_ms;        ///< one per epoch name
  std::vector<int> fixation_periods; ///< periods with fixation input 1
  std::vector<Bump> bumps;
  NoiseChannels noise = NoiseChannels::None;
  int noise_modality = 0; ///< the ring, for StimulusRing
  std::vector<int> noise_periods;
  int response = -1; ///< ring index to report, -1 = fixate throughout
  int decision_period = 0;

  int total_steps() const {
    int total = 0;
    for (int ms : period_ms)
      total += ms / kDt;
    return total;
  }
};

std::vector<std::string> epoch_names(const TaskSpec& spec) {
  switch (spec.family) {
  case Family::Reach:
    if (spec.reaction)
      return {"fixation", "decision"};
    return {"fixation", "stimulus", "delay", "decision"};
  case Family::DecisionMaking:
    if (spec.delay_comparison)
      return {"fixation", "stim1", "delay", "stim2", "decision"};
    return {"fixation", "stimulus", "decision"};
  case Family::DelayMatch:
    return {"fixation", "sample", "delay", "test", "decision"};
  }
  return {};
}

// ---------------------------------------------------------------- _Reach --

constexpr int kReachPeriodMs = 500;
constexpr int kMaxIntervalDelayMs = 1100; // np.arange(0, 1200, 100)
constexpr int kIntervalDelays = kMaxIntervalDelayMs / kDt + 1;

TrialPlan plan_reach(const TaskSpec& spec, int ground_truth, int modality, int delay_ms) {
  // stim_theta = mod(theta[gt] + int(integrate) * omega * delay + int(anti) * pi, 2 pi):
  // the "int" shift is in radians and moves the stimulus, not the target.
  const double shift = (spec.integrate * kOmega) * delay_ms;
  const double location = numpy_mod(
      preferred_direction(ground_truth) + shift + (spec.anti ? 1.0 : 0.0) * M_PI, 2.0 * M_PI);
  TrialPlan plan;
  plan.response = ground_truth;
  if (spec.reaction) {
    plan.period_ms = {kReachPeriodMs, spec.decision_ms};
    plan.fixation_periods = {0};
    plan.bumps = {{1, modality, location, 1.0}};
    plan.decision_period = 1;
  } else {
    plan.period_ms = {kReachPeriodMs, kReachPeriodMs, delay_ms, spec.decision_ms};
    plan.fixation_periods = {0, 1, 2};
    plan.bumps = {{1, modality, location, 1.0}};
    plan.decision_period = 3;
  }
  return plan;
}

// ------------------------------------------------------------ _DMFamily --

constexpr std::array<double, 4> kDmCoherences = {0.08, 0.16, 0.32, 0.64};
constexpr std::array<double, 3> kDelayDmCoherences = {0.3, 0.6, 1.0};
constexpr int kDmStimulusMs = 500;
constexpr int kDmIntervalDelayMs = 500; // _DMFamily fixes the "int" delay at 500 ms
constexpr double kTieJitter = 1e-6;
constexpr int kDmTestGridFixationMs = 300; // middle of {200, 300, 400}

struct DmConditions {
  int theta1 = 0;
  int theta2 = 0;
  int fixation_ms = 0;
  std::array<std::pair<double, double>, 2> strengths{}; ///< (coh1, coh2) per modality
  double jitter = 0.0;
};

/// The weighted evidence for stimulus 1 and 2, summed as _new_trial does.
std::pair<double, double> dm_evidence(const TaskSpec& spec, const DmConditions& c) {
  double coh1 = 0.0;
  double coh2 = 0.0;
  for (int m = 0; m < 2; ++m) {
    if (!spec.modality_shown[m])
      continue;
    coh1 += spec.modality_weight[m] * c.strengths[m].first;
    coh2 += spec.modality_weight[m] * c.strengths[m].second;
  }
  return {coh1, coh2};
}

TrialPlan plan_decision_making(const TaskSpec& spec, const DmConditions& c) {
  const auto [coh1, coh2] = dm_evidence(spec, c);
  int target = coh1 + c.jitter > coh2 ? c.theta1 : c.theta2;
  if (spec.integrate != 0)
    target = shifted_index(target, spec.integrate, kDmIntervalDelayMs);

  TrialPlan plan;
  plan.response = target;
  plan.noise = NoiseChannels::AllSensory; // add_randn without `where`
  const int first_stimulus = 1;
  const int second_stimulus = spec.delay_comparison ? 3 : 1;
  if (spec.delay_comparison) {
    plan.period_ms = {c.fixation_ms, kDmStimulusMs, kDmIntervalDelayMs, kDmStimulusMs,
                      spec.decision_ms};
    plan.fixation_periods = {0, 1, 2, 3};
    plan.noise_periods = {1, 3};
    plan.decision_period = 4;
  } else {
    plan.period_ms = {c.fixation_ms, kDmStimulusMs, spec.decision_ms};
    plan.fixation_periods = {0, 1};
    plan.noise_periods = {1};
    plan.decision_period = 2;
  }
  for (int m = 0; m < 2; ++m) {
    if (!spec.modality_shown[m])
      continue;
    plan.bumps.push_back({first_stimulus, m, preferred_direction(c.theta1), c.strengths[m].first});
    plan.bumps.push_back(
        {second_stimulus, m, preferred_direction(c.theta2), c.strengths[m].second});
  }
  return plan;
}

DmConditions draw_dm(const TaskSpec& spec, Rng& rng) {
  DmConditions c;
  c.theta1 = rng.below(kRingSize);
  do {
    c.theta2 = rng.below(kRingSize);
  } while (c.theta2 == c.theta1);
  c.fixation_ms = floor_to_dt(rng.uniform(200.0, 500.0));
  for (int m = 0; m < 2; ++m) {
    if (!spec.modality_shown[m])
      continue;
    if (spec.delay_comparison) {
      // rng.choice(cohs, 2, replace=False): an ordered pair of distinct values.
      const int first = rng.below(3);
      const int second = (first + 1 + rng.below(2)) % 3;
      c.strengths[m] = {kDelayDmCoherences[first], kDelayDmCoherences[second]};
    } else {
      const double coh = kDmCoherences[rng.below(4)] * rng.sign();
      c.strengths[m] = {0.5 + coh / 2, 0.5 - coh / 2};
    }
  }
  c.jitter = rng.uniform(-kTieJitter, kTieJitter);
  return c;
}

// ------------------------------------------------- _DelayMatch1DResponse --

constexpr int kMatchFixationMs = 300;
constexpr int kMatchStimulusMs = 500;
constexpr int kMatchTestGridDelayMs = 600; // lower median of {200, ..., 1100}

struct MatchConditions {
  bool match = true;
  int sample = 0;
  int test = 0;
  int modality = 0;
  int delay_ms = 0;
};

TrialPlan plan_delay_match(const TaskSpec& spec, const MatchConditions& c) {
  TrialPlan plan;
  plan.period_ms = {kMatchFixationMs, kMatchStimulusMs, c.delay_ms, kMatchStimulusMs,
                    spec.decision_ms};
  plan.fixation_periods = {0, 1, 2, 3};
  plan.bumps = {{1, c.modality, preferred_direction(c.sample), 1.0},
                {3, c.modality, preferred_direction(c.test), 1.0}};
  plan.noise = NoiseChannels::StimulusRing; // add_randn(where='stimulus')
  plan.noise_modality = c.modality;
  plan.noise_periods = {1, 3};
  plan.decision_period = 4;
  if (c.match == spec.match_go)
    plan.response =
        spec.integrate != 0 ? shifted_index(c.test, spec.integrate, c.delay_ms) : c.test;
  return plan;
}

/// The category rule of the original: the sample is category 1 when its
/// index is > 8, the test is drawn from the half 8 * category + [0, 8).
int sample_category(int sample) {
  return sample > kHalfRing ? 1 : 0;
}
int test_category(int test) {
  return test >= kHalfRing ? 1 : 0;
}

int non_match_test(int sample) {
  return (sample + kHalfRing) % kRingSize;
}

MatchConditions draw_match(const TaskSpec& spec, int modality, int fixed_delay_ms, Rng& rng) {
  MatchConditions c;
  c.modality = modality;
  c.match = rng.below(2) == 0;
  c.delay_ms = spec.integrate != 0 ? kDt * rng.below(kIntervalDelays) : fixed_delay_ms;
  c.sample = rng.below(kRingSize);
  if (spec.match_category) {
    const int category = c.match ? sample_category(c.sample) : 1 - sample_category(c.sample);
    c.test = rng.below(kHalfRing) + category * kHalfRing;
  } else {
    c.test = c.match ? c.sample : non_match_test(c.sample);
  }
  return c;
}

// -------------------------------------------------------------- rendering --

/// Writes one planned trial into column `b` of `batch` (allocated, zeroed).
void render(Batch& batch, int b, const TaskSpec& spec, const TrialPlan& plan, bool noise,
            Rng& rng) {
  const size_t periods = plan.period_ms.size();
  std::vector<EpochSpan> spans(periods);
  int start = 0;
  for (size_t p = 0; p < periods; ++p) {
    spans[p] = {start, start + plan.period_ms[p] / kDt};
    start = spans[p].end;
    batch.epochs[b * periods + p] = spans[p];
  }
  const int steps = start;
  batch.trial_steps[b] = steps;

  for (int p : plan.fixation_periods)
    for (int t = spans[p].begin; t < spans[p].end; ++t)
      batch.input(t, b, 0) = 1.0f;
  for (const Bump& bump : plan.bumps) {
    const int first = 1 + bump.modality * kRingSize;
    for (int unit = 0; unit < kRingSize; ++unit) {
      const double value = gaussian_bump(bump.location, preferred_direction(unit)) * bump.strength;
      for (int t = spans[bump.period].begin; t < spans[bump.period].end; ++t)
        batch.input(t, b, first + unit) += static_cast<float>(value);
    }
  }
  if (noise && plan.noise != NoiseChannels::None) {
    const bool ring_only = plan.noise == NoiseChannels::StimulusRing;
    const int first = ring_only ? 1 + plan.noise_modality * kRingSize : 0;
    const int last = ring_only ? first + kRingSize : kTaskInputStart;
    for (int p : plan.noise_periods)
      for (int t = spans[p].begin; t < spans[p].end; ++t)
        for (int channel = first; channel < last; ++channel)
          batch.input(t, b, channel) += static_cast<float>(rng.normal() * kNoiseSigma);
  }
  for (int t = 0; t < steps; ++t)
    batch.input(t, b, kTaskInputStart + spec.index) = 1.0f;

  const EpochSpan decision = spans[plan.decision_period];
  for (int t = 0; t < steps; ++t) {
    int label = 0;
    if (plan.response >= 0 && t >= decision.begin && t < decision.end)
      label = decision_label(plan.response, spec.seq, t - decision.begin);
    batch.labels[static_cast<size_t>(t) * batch.trials + b] = label;
    for (int o = 0; o < kOutputSize; ++o)
      batch.mask_at(t, b, o) = 1.0f;
    if (label == 0) {
      batch.target(t, b, 0) = kTargetFixation;
      continue;
    }
    const double direction = preferred_direction(label - 1);
    batch.target_angle[static_cast<size_t>(t) * batch.trials + b] = static_cast<float>(direction);
    for (int unit = 0; unit < kRingSize; ++unit)
      batch.target(t, b, 1 + unit) +=
          static_cast<float>(gaussian_bump(direction, preferred_direction(unit)));
  }
}

Batch render_batch(const TaskSpec& spec, const std::vector<TrialPlan>& plans, bool noise,
                   Rng& rng) {
  Batch batch;
  batch.task = spec.name;
  batch.n_input = kInputSize;
  batch.n_output = kOutputSize;
  batch.dt_ms = static_cast<float>(kDtMs);
  batch.epoch_names = epoch_names(spec);
  int steps = 0;
  for (const TrialPlan& plan : plans)
    steps = std::max(steps, plan.total_steps());
  const int trials = static_cast<int>(plans.size());
  batch.allocate(steps, trials, kTargetBaseline);
  batch.labels.assign(static_cast<size_t>(steps) * trials, -1);
  batch.epochs.assign(static_cast<size_t>(trials) * batch.epoch_names.size(), EpochSpan{});
  for (int b = 0; b < trials; ++b)
    render(batch, b, spec, plans[b], noise, rng);
  return batch;
}

// ----------------------------------------------------------- random mode --

std::vector<TrialPlan> random_plans(const TaskSpec& spec, int trials, Rng& rng) {
  std::vector<TrialPlan> plans;
  plans.reserve(trials);
  // The reach and match tasks are ScheduleEnvs(RandomSchedule(2)) over the
  // two modalities, which strictly alternates; the first one is random here.
  const int first_modality = spec.family == Family::DecisionMaking ? 0 : rng.below(2);
  // Each _DelayMatch1DResponse instance (one per modality) draws its delay
  // once, in __init__; a batch plays the role of one construction.
  std::array<int, 2> match_delay_ms{};
  if (spec.family == Family::DelayMatch && spec.integrate == 0)
    for (int& delay : match_delay_ms)
      delay = floor_to_dt(rng.uniform(200.0, 1200.0));

  for (int b = 0; b < trials; ++b) {
    const int modality = (first_modality + b) % 2;
    switch (spec.family) {
    case Family::Reach: {
      const int ground_truth = rng.below(kRingSize);
      const int delay_ms = spec.integrate != 0 ? kDt * rng.below(kIntervalDelays) : kReachPeriodMs;
      plans.push_back(plan_reach(spec, ground_truth, modality, delay_ms));
      break;
    }
    case Family::DecisionMaking:
      plans.push_back(plan_decision_making(spec, draw_dm(spec, rng)));
      break;
    case Family::DelayMatch:
      plans.push_back(
          plan_delay_match(spec, draw_match(spec, modality, match_delay_ms[modality], rng)));
      break;
    }
  }
  return plans;
}

// ------------------------------------------------------------- test mode --

std::vector<int> interval_delays(const TaskSpec& spec, int fixed_ms) {
  if (spec.integrate == 0)
    return {fixed_ms};
  std::vector<int> delays;
  for (int i = 0; i < kIntervalDelays; ++i)
    delays.push_back(i * kDt);
  return delays;
}

std::vector<TrialPlan> reach_grid(const TaskSpec& spec) {
  std::vector<TrialPlan> plans;
  for (int modality = 0; modality < 2; ++modality)
    for (int position = 0; position < kRingSize; ++position)
      for (int delay : interval_delays(spec, kReachPeriodMs))
        plans.push_back(plan_reach(spec, position, modality, delay));
  return plans;
}

/// Signed coherences (non-delay) or ordered distinct pairs (delay) as
/// (coh1, coh2) strengths of one modality.
std::vector<std::pair<double, double>> dm_strength_levels(const TaskSpec& spec) {
  std::vector<std::pair<double, double>> levels;
  if (spec.delay_comparison) {
    for (double a : kDelayDmCoherences)
      for (double b : kDelayDmCoherences)
        if (a != b)
          levels.emplace_back(a, b);
  } else {
    for (int sign : {-1, 1})
      for (double magnitude : kDmCoherences) {
        const double coh = magnitude * sign;
        levels.emplace_back(0.5 + coh / 2, 0.5 - coh / 2);
      }
  }
  return levels;
}

std::vector<TrialPlan> dm_grid(const TaskSpec& spec) {
  const bool two_modalities = spec.modality_shown[0] && spec.modality_shown[1];
  const int position_step = two_modalities ? 2 : 1;
  const auto levels = dm_strength_levels(spec);
  const std::vector<std::pair<double, double>> absent = {{0.0, 0.0}};
  const auto& levels1 = spec.modality_shown[0] ? levels : absent;
  const auto& levels2 = spec.modality_shown[1] ? levels : absent;
  std::vector<TrialPlan> plans;
  for (int theta1 = 0; theta1 < kRingSize; theta1 += position_step)
    for (const auto& s1 : levels1)
      for (const auto& s2 : levels2) {
        DmConditions c;
        c.theta1 = theta1;
        c.theta2 = (theta1 + kHalfRing) % kRingSize;
        c.fixation_ms = kDmTestGridFixationMs;
        c.strengths = {s1, s2};
        const auto [coh1, coh2] = dm_evidence(spec, c);
        if (std::abs(coh1 - coh2) < kTieJitter)
          continue; // the original breaks ties at random
        plans.push_back(plan_decision_making(spec, c));
      }
  return plans;
}

std::vector<TrialPlan> match_grid(const TaskSpec& spec) {
  std::vector<TrialPlan> plans;
  for (int modality = 0; modality < 2; ++modality)
    for (int sample = 0; sample < kRingSize; ++sample) {
      if (spec.match_category && spec.integrate == 0) {
        for (int test = 0; test < kRingSize; ++test) {
          const bool match = test_category(test) == sample_category(sample);
          plans.push_back(
              plan_delay_match(spec, {match, sample, test, modality, kMatchTestGridDelayMs}));
        }
        continue;
      }
      for (bool match : {true, false})
        for (int delay : interval_delays(spec, kMatchTestGridDelayMs)) {
          int test = match ? sample : non_match_test(sample);
          if (spec.match_category) {
            const int category = match ? sample_category(sample) : 1 - sample_category(sample);
            test = sample % kHalfRing + category * kHalfRing;
          }
          plans.push_back(plan_delay_match(spec, {match, sample, test, modality, delay}));
        }
    }
  return plans;
}

std::vector<TrialPlan> test_plans(const TaskSpec& spec) {
  switch (spec.family) {
  case Family::Reach:
    return reach_grid(spec);
  case Family::DecisionMaking:
    return dm_grid(spec);
  case Family::DelayMatch:
    return match_grid(spec);
  }
  return {};
}

} // namespace

Batch generate(std::string_view task, Mode mode, int batch, bool input_noise, Rng& rng) {
  const TaskSpec* spec = find_task_spec(task);
  if (spec == nullptr)
    throw TaskError("unknown Mod-Cog task '" + std::string(task) +
                    "'; `gyrus tasks list --suite modcog` lists the valid ones");
  if (mode == Mode::Test)
    return render_batch(*spec, test_plans(*spec), false, rng);
  if (batch <= 0)
    throw TaskError("batch size must be positive, got " + std::to_string(batch));
  return render_batch(*spec, random_plans(*spec, batch, rng), input_noise, rng);
}

} // namespace gyrus::tasks::modcog
