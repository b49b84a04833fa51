// Each family below mirrors one generator of gyyang/multitask task.py, with
// the same draws in the same order, the same 'test' grids and the same epochs.
#include "training/tasks/cog20.h"

#include "training/tasks/suite.h"
#include "training/tasks/yang_trial.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <map>

namespace gyrus::tasks::cog20 {

namespace {

constexpr double kTwoPi = 2.0 * M_PI;

using Locs = std::vector<double>;

/// Draws `n` values of `draw()`.
template <typename F> std::vector<double> draw_n(int n, F draw) {
  std::vector<double> values(n);
  for (double& v : values)
    v = draw();
  return values;
}

double wrap(double angle) {
  return std::fmod(angle, kTwoPi);
}

Locs opposite(const Locs& locs) {
  Locs out(locs.size());
  for (size_t i = 0; i < locs.size(); ++i)
    out[i] = wrap(locs[i] + M_PI);
  return out;
}

/// Target of a two-stimulus comparison: the location of the stronger one.
Locs stronger(const Locs& loc1, const Locs& loc2, const std::vector<double>& s1,
              const std::vector<double>& s2) {
  Locs out(loc1.size());
  for (size_t i = 0; i < loc1.size(); ++i)
    out[i] = s1[i] > s2[i] ? loc1[i] : loc2[i];
  return out;
}

/// Second stimulus U(0.5pi, 1.5pi) away from the first, on either side.
void two_distant_locations(int B, Rng& rng, Locs& loc1, Locs& loc2) {
  const Locs dist = draw_n(B, [&] { return rng.uniform(0.5 * M_PI, 1.5 * M_PI); });
  std::vector<int> sides(B);
  for (int& s : sides)
    s = rng.sign();
  loc1 = draw_n(B, [&] { return rng.uniform(0.0, kTwoPi); });
  loc2.resize(B);
  for (int i = 0; i < B; ++i)
    loc2[i] = wrap(loc1[i] + dist[i] * sides[i] + kTwoPi);
}

/// contextdm_genstim: mean U(0.8, 1.2) plus/minus a coherence of random sign.
void opposing_strengths(int B, Rng& rng, std::span<const double> coherences,
                        std::vector<double>& s1, std::vector<double>& s2) {
  const auto mean = draw_n(B, [&] { return rng.uniform(0.8, 1.2); });
  const auto coh = draw_n(B, [&] { return rng.choice(coherences); });
  const auto sign = draw_n(B, [&] { return static_cast<double>(rng.sign()); });
  s1.resize(B);
  s2.resize(B);
  for (int i = 0; i < B; ++i) {
    s1[i] = mean[i] + coh[i] * sign[i];
    s2[i] = mean[i] - coh[i] * sign[i];
  }
}

/// Splits each total strength across the two modalities by a random share;
/// task.py draws these from NumPy's global RNG, we from the seeded one.
void split_across_modalities(int B, Rng& rng, const std::vector<double>& total,
                             std::vector<double>& mod1, std::vector<double>& mod2) {
  const auto share = draw_n(B, [&] { return rng.uniform(0.2, 0.8); });
  const auto sign = draw_n(B, [&] { return static_cast<double>(rng.sign()); });
  mod1.resize(B);
  mod2.resize(B);
  for (int i = 0; i < B; ++i) {
    const double diff = total[i] * share[i] * sign[i];
    mod1[i] = total[i] + diff / 2;
    mod2[i] = total[i] - diff / 2;
  }
}

/// np.unravel_index over a C-ordered grid: the coordinate on axis `axis`.
int grid_coord(int flat, std::initializer_list<int> shape, size_t axis) {
  std::vector<int> dims(shape);
  for (size_t a = dims.size(); a-- > axis + 1;)
    flat /= dims[a];
  return flat % dims[axis];
}

std::vector<double> add(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> out(a.size());
  for (size_t i = 0; i < a.size(); ++i)
    out[i] = a[i] + b[i];
  return out;
}

EpochSpan span(int begin, int end) {
  return {begin, end};
}

// ---------------------------------------------------------------- go family

/// task.py's test grid of the go family: 20 directions x 2 modalities.
void go_test_grid(int& B, Locs& locs, std::vector<int>& mods) {
  B = 20 * 2;
  for (int i = 0; i < B; ++i) {
    locs.push_back(kTwoPi * grid_coord(i, {20, 2}, 0) / 20);
    mods.push_back(grid_coord(i, {20, 2}, 1) + 1);
  }
}

/// The trial every go-family task builds: one stimulus shown in
/// [stim_on, stim_off), the fixation point until `fixation_off`, and the
/// response (opposite the stimulus for anti) from `go_on` to the end.
YangTrial go_trial(Batch& batch, int T, int B, const Config& c, const Locs& locs,
                   const std::vector<int>& mods, int stim_on, int stim_off, int fixation_off,
                   int go_on, bool anti) {
  YangTrial trial(batch, T, B, c);
  trial.fixation_input(0, fixation_off);
  trial.stimulus(locs, stim_on, stim_off, 1.0, mods);
  trial.fixation_output(0, go_on);
  trial.response(anti ? opposite(locs) : locs, go_on, T);
  trial.cost_mask(go_on, go_on + to_steps(100, c));
  return trial;
}

/// fdgo / fdanti: the stimulus stays on; respond when fixation goes off.
void fdgo(Batch& batch, Mode mode, int B, bool anti, Rng& rng, const Config& c) {
  Locs locs;
  std::vector<int> mods;
  int T, stim_on, fix_off;
  if (mode == Mode::Random) {
    locs = draw_n(B, [&] { return rng.uniform() * kTwoPi; });
    mods.assign(1, rng.choice(std::array{1, 2}));
    stim_on = to_steps(rng.uniform(300, 700), c);
    fix_off = stim_on + to_steps(rng.uniform(500, 1500), c);
    T = to_steps(500, c) + fix_off;
  } else {
    go_test_grid(B, locs, mods);
    T = to_steps(2000, c);
    stim_on = to_steps(500, c);
    fix_off = to_steps(1500, c);
  }
  go_trial(batch, T, B, c, locs, mods, stim_on, T, fix_off, fix_off, anti)
      .set_epochs({"fix1", "stim1", "go1"},
                  {span(0, stim_on), span(stim_on, fix_off), span(fix_off, T)});
}

/// reactgo / reactanti: fixation never turns off; respond at stimulus onset.
void reactgo(Batch& batch, Mode mode, int B, bool anti, Rng& rng, const Config& c) {
  Locs locs;
  std::vector<int> mods;
  int T, stim_on;
  if (mode == Mode::Random) {
    stim_on = to_steps(rng.uniform(500, 2500), c);
    T = to_steps(500, c) + stim_on;
    locs = draw_n(B, [&] { return rng.uniform(0.0, kTwoPi); });
    mods.assign(1, rng.choice(std::array{1, 2}));
  } else {
    go_test_grid(B, locs, mods);
    T = to_steps(2500, c);
    stim_on = to_steps(2000, c);
  }
  go_trial(batch, T, B, c, locs, mods, stim_on, T, T, stim_on, anti)
      .set_epochs({"fix1", "go1"}, {span(0, stim_on), span(stim_on, T)});
}

/// delaygo / delayanti: a brief stimulus, a memory delay, then respond.
void delaygo(Batch& batch, Mode mode, int B, bool anti, Rng& rng, const Config& c) {
  Locs locs;
  std::vector<int> mods;
  int T, stim_on, stim_off, fix_off;
  if (mode == Mode::Random) {
    locs = draw_n(B, [&] { return rng.uniform() * kTwoPi; });
    stim_on = to_steps(rng.choice(std::array{300.0, 500.0, 700.0}), c);
    stim_off = stim_on + to_steps(rng.choice(std::array{200.0, 400.0, 600.0}), c);
    fix_off = stim_off + to_steps(rng.choice(std::array{200.0, 400.0, 800.0, 1600.0}), c);
    T = fix_off + to_steps(500, c);
    mods.assign(1, rng.choice(std::array{1, 2}));
  } else {
    go_test_grid(B, locs, mods);
    T = to_steps(2500, c);
    fix_off = to_steps(2000, c);
    stim_on = to_steps(500, c);
    stim_off = to_steps(1000, c);
  }
  go_trial(batch, T, B, c, locs, mods, stim_on, stim_off, fix_off, fix_off, anti)
      .set_epochs({"fix1", "stim1", "delay1", "go1"}, {span(0, stim_on), span(stim_on, stim_off),
                                                       span(stim_off, fix_off), span(fix_off, T)});
}

// ---------------------------------------------------------------- dm family

constexpr std::array kDmCoherences{0.01, 0.02, 0.04, 0.08};
constexpr std::array kDelayDmCoherences{0.08, 0.16, 0.32};

/// dm1 / dm2: two stimuli in one modality; go to the stronger.
void dm(Batch& batch, Mode mode, int B, int modality, Rng& rng, const Config& c) {
  Locs loc1, loc2;
  std::vector<double> s1, s2;
  int T, stim_on, fix_off;
  if (mode == Mode::Random) {
    two_distant_locations(B, rng, loc1, loc2);
    opposing_strengths(B, rng, kDmCoherences, s1, s2);
    stim_on = to_steps(rng.uniform(100, 400), c);
    const int stim_dur = to_steps(rng.choice(std::array{400.0, 800.0, 1600.0}), c);
    fix_off = stim_on + stim_dur;
    T = stim_on + stim_dur + to_steps(500, c);
  } else {
    B = 20 * 5;
    T = to_steps(2500, c);
    fix_off = to_steps(2000, c);
    stim_on = to_steps(500, c);
    for (int i = 0; i < B; ++i) {
      loc1.push_back(kTwoPi * grid_coord(i, {20, 5}, 0) / 20);
      loc2.push_back(wrap(loc1.back() + M_PI));
      s1.push_back(0.4 * grid_coord(i, {20, 5}, 1) / 5 + 0.8);
      s2.push_back(2 - s1.back());
    }
  }
  YangTrial trial(batch, T, B, c);
  const int end = trial.end();
  trial.fixation_input(0, fix_off);
  trial.stimulus(loc1, stim_on, fix_off, s1, modality);
  trial.stimulus(loc2, stim_on, fix_off, s2, modality);
  trial.fixation_output(0, fix_off);
  trial.response(stronger(loc1, loc2, s1, s2), fix_off, end);
  trial.cost_mask(fix_off, fix_off + to_steps(100, c));
  trial.set_epochs({"fix1", "stim1", "go1"},
                   {span(0, stim_on), span(stim_on, fix_off), span(fix_off, end)});
}

enum class Attend { Mod1, Mod2, Both };

/// Strengths of both stimuli in both modalities, shared by the context and
/// multisensory tasks (with and without delay).
struct FourStrengths {
  std::vector<double> s1_mod1, s2_mod1, s1_mod2, s2_mod2;

  void draw(int B, Rng& rng, Attend attend, std::span<const double> coherences) {
    if (attend != Attend::Both) {
      opposing_strengths(B, rng, coherences, s1_mod1, s2_mod1);
      opposing_strengths(B, rng, coherences, s1_mod2, s2_mod2);
    } else {
      std::vector<double> s1, s2;
      opposing_strengths(B, rng, coherences, s1, s2);
      split_across_modalities(B, rng, s1, s1_mod1, s1_mod2);
      split_across_modalities(B, rng, s2, s2_mod1, s2_mod2);
    }
  }
  /// The 20 x 5 x 5 grid of task.py's test mode: mod1 and mod2 strengths.
  void grid(int i) {
    s1_mod1.push_back(0.4 * grid_coord(i, {20, 5, 5}, 1) / 5 + 0.8);
    s2_mod1.push_back(2 - s1_mod1.back());
    s1_mod2.push_back(0.4 * grid_coord(i, {20, 5, 5}, 2) / 5 + 0.8);
    s2_mod2.push_back(2 - s1_mod2.back());
  }
  /// The strengths the decision must compare under `attend`.
  void attended(Attend attend, std::vector<double>& s1, std::vector<double>& s2) const {
    switch (attend) {
    case Attend::Mod1:
      s1 = s1_mod1, s2 = s2_mod1;
      break;
    case Attend::Mod2:
      s1 = s1_mod2, s2 = s2_mod2;
      break;
    case Attend::Both:
      s1 = add(s1_mod1, s1_mod2), s2 = add(s2_mod1, s2_mod2);
      break;
    }
  }
};

/// task.py's test grid of the context and multisensory tasks: 20 directions
/// x 5 modality-1 strengths x 5 modality-2 strengths, stimulus 2 opposite.
void context_test_grid(int& B, Locs& loc1, Locs& loc2, FourStrengths& s) {
  B = 20 * 5 * 5;
  for (int i = 0; i < B; ++i) {
    loc1.push_back(kTwoPi * grid_coord(i, {20, 5, 5}, 0) / 20);
    loc2.push_back(wrap(loc1.back() + M_PI));
    s.grid(i);
  }
}

/// Both stimuli shown in both modalities, in [stim1) and [stim2); respond
/// from `fix_off` to the stimulus that is stronger under `attend`.
YangTrial context_trial(Batch& batch, int T, int B, const Config& c, const Locs& loc1,
                        const Locs& loc2, const FourStrengths& s, Attend attend, EpochSpan stim1,
                        EpochSpan stim2, int fix_off) {
  std::vector<double> s1, s2;
  s.attended(attend, s1, s2);
  YangTrial trial(batch, T, B, c);
  trial.fixation_input(0, fix_off);
  trial.stimulus(loc1, stim1.begin, stim1.end, s.s1_mod1, 1);
  trial.stimulus(loc2, stim2.begin, stim2.end, s.s2_mod1, 1);
  trial.stimulus(loc1, stim1.begin, stim1.end, s.s1_mod2, 2);
  trial.stimulus(loc2, stim2.begin, stim2.end, s.s2_mod2, 2);
  trial.fixation_output(0, fix_off);
  trial.response(stronger(loc1, loc2, s1, s2), fix_off, T);
  trial.cost_mask(fix_off, fix_off + to_steps(100, c));
  return trial;
}

/// contextdm1 / contextdm2 / multidm: stimuli in both modalities.
void contextdm(Batch& batch, Mode mode, int B, Attend attend, Rng& rng, const Config& c) {
  Locs loc1, loc2;
  FourStrengths s;
  int T, stim_on, stim_off, fix_off;
  if (mode == Mode::Random) {
    two_distant_locations(B, rng, loc1, loc2);
    s.draw(B, rng, attend, kDmCoherences);
    stim_on = to_steps(rng.uniform(100, 400), c);
    const int stim_dur = to_steps(rng.choice(std::array{400.0, 800.0, 1600.0}), c);
    stim_off = stim_on + stim_dur;
    fix_off = stim_off; // no delay
    T = stim_on + stim_dur + to_steps(500, c);
  } else {
    context_test_grid(B, loc1, loc2, s);
    T = to_steps(2000, c);
    fix_off = to_steps(1500, c);
    stim_on = to_steps(500, c);
    stim_off = to_steps(1500, c);
  }
  const EpochSpan stimulus = span(stim_on, stim_off);
  context_trial(batch, T, B, c, loc1, loc2, s, attend, stimulus, stimulus, fix_off)
      .set_epochs({"fix1", "stim1", "go1"}, {span(0, stim_on), stimulus, span(fix_off, T)});
}

/// Timing shared by the delayed comparison tasks.
struct TwoStimulusTiming {
  int stim1_on, stim1_off, stim2_on, stim2_off, fix_off;

  void draw(Rng& rng, const Config& c) {
    stim1_on = to_steps(rng.choice(std::array{200.0, 400.0, 600.0}), c);
    stim1_off = stim1_on + to_steps(rng.choice(std::array{200.0, 400.0, 600.0}), c);
    stim2_on = stim1_off + to_steps(rng.choice(std::array{200.0, 400.0, 800.0, 1600.0}), c);
    stim2_off = stim2_on + to_steps(rng.choice(std::array{200.0, 400.0, 600.0}), c);
    fix_off = stim2_off + to_steps(rng.uniform(100, 300), c);
  }
  std::vector<EpochSpan> epochs(int end) const {
    return {span(0, stim1_on),         span(stim1_on, stim1_off), span(stim1_off, stim2_on),
            span(stim2_on, stim2_off), span(stim2_off, fix_off),  span(fix_off, end)};
  }
};

const std::vector<std::string> kTwoStimulusEpochs{"fix1",  "stim1",  "delay1",
                                                  "stim2", "delay2", "go1"};

/// delaydm1 / delaydm2: two stimuli separated in time; go to the stronger.
void delaydm(Batch& batch, Mode mode, int B, int modality, Rng& rng, const Config& c) {
  Locs loc1, loc2;
  std::vector<double> s1, s2;
  TwoStimulusTiming tm;
  int T;
  if (mode == Mode::Random) {
    two_distant_locations(B, rng, loc1, loc2);
    opposing_strengths(B, rng, kDelayDmCoherences, s1, s2);
    tm.draw(rng, c);
    T = tm.fix_off + to_steps(500, c);
  } else {
    B = 20 * 5;
    T = to_steps(3000, c);
    tm = {to_steps(500, c), to_steps(1000, c), to_steps(2000, c), to_steps(2500, c),
          to_steps(2700, c)};
    for (int i = 0; i < B; ++i) {
      loc1.push_back(kTwoPi * grid_coord(i, {20, 5}, 0) / 20);
      loc2.push_back(wrap(loc1.back() + M_PI));
      s1.push_back(1.0 * grid_coord(i, {20, 5}, 1) / 5 + 0.5);
      s2.push_back(2 - s1.back());
    }
  }
  YangTrial trial(batch, T, B, c);
  const int end = trial.end();
  trial.fixation_input(0, tm.fix_off);
  trial.stimulus(loc1, tm.stim1_on, tm.stim1_off, s1, modality);
  trial.stimulus(loc2, tm.stim2_on, tm.stim2_off, s2, modality);
  trial.fixation_output(0, tm.fix_off);
  trial.response(stronger(loc1, loc2, s1, s2), tm.fix_off, end);
  trial.cost_mask(tm.fix_off, tm.fix_off + to_steps(100, c));
  trial.set_epochs(kTwoStimulusEpochs, tm.epochs(end));
}

/// contextdelaydm1 / contextdelaydm2 / multidelaydm.
void contextdelaydm(Batch& batch, Mode mode, int B, Attend attend, Rng& rng, const Config& c) {
  Locs loc1, loc2;
  FourStrengths s;
  TwoStimulusTiming tm;
  int T;
  if (mode == Mode::Random) {
    two_distant_locations(B, rng, loc1, loc2);
    s.draw(B, rng, attend, kDelayDmCoherences);
    tm.draw(rng, c);
    T = tm.fix_off + to_steps(500, c);
  } else {
    context_test_grid(B, loc1, loc2, s);
    tm = {to_steps(500, c), to_steps(1000, c), to_steps(2000, c), to_steps(2500, c),
          to_steps(3000, c)};
    T = to_steps(3500, c);
  }
  context_trial(batch, T, B, c, loc1, loc2, s, attend, span(tm.stim1_on, tm.stim1_off),
                span(tm.stim2_on, tm.stim2_off), tm.fix_off)
      .set_epochs(kTwoStimulusEpochs, tm.epochs(T));
}

// ------------------------------------------------------- matching family

/// Shared ending of dms_ and dmc_: on a go trial respond to stimulus 2 from
/// its onset; on a no-go trial keep fixating to the end.
void match_response(YangTrial& trial, const Locs& loc1, const Locs& loc2,
                    const std::vector<bool>& match, bool match_nogo, const std::vector<int>& mod1,
                    const std::vector<int>& mod2, int stim1_on, int stim1_off, int stim2_on,
                    int B) {
  const int end = trial.end();
  trial.fixation_input(0, end);
  trial.stimulus(loc1, stim1_on, stim1_off, 1.0, mod1);
  trial.stimulus(loc2, stim2_on, end, 1.0, mod2);
  std::vector<int> fix_out_off(B, stim2_on), out_off(B, end);
  for (int i = 0; i < B; ++i) {
    if (match[i] == match_nogo) { // keep fixating, do not respond
      fix_out_off[i] = end;
      out_off[i] = 0;
    }
  }
  trial.fixation_output(0, fix_out_off);
  trial.response(loc2, stim2_on, out_off);
  trial.cost_mask(stim2_on, stim2_on + to_steps(100, trial.config()));
  trial.set_epochs({"fix1", "stim1", "delay1", "go1"},
                   {span(0, stim1_on), span(stim1_on, stim1_off), span(stim1_off, stim2_on),
                    span(stim2_on, end)});
}

/// dmsgo / dmsnogo: delayed match to sample.
void dms(Batch& batch, Mode mode, int B, bool match_nogo, Rng& rng, const Config& c) {
  Locs loc1, loc2;
  std::vector<bool> match;
  std::vector<int> mod1, mod2;
  int T, stim1_on, stim1_off, stim2_on;
  if (mode == Mode::Random) {
    mod1.assign(1, rng.choice(std::array{1, 2}));
    mod2.assign(1, rng.choice(std::array{1, 2}));
    for (int i = 0; i < B; ++i)
      match.push_back(rng.below(2) == 1);
    const auto dist = draw_n(B, [&] { return rng.uniform(M_PI / 9, M_PI * 17.0 / 9.0); });
    const auto side = draw_n(B, [&] { return static_cast<double>(rng.sign()); });
    loc1 = draw_n(B, [&] { return rng.uniform(0.0, kTwoPi); });
    for (int i = 0; i < B; ++i)
      loc2.push_back(wrap(loc1[i] + dist[i] * side[i] * (match[i] ? 0 : 1) + kTwoPi));
    stim1_on = to_steps(rng.choice(std::array{200.0, 400.0, 600.0}), c);
    stim1_off = stim1_on + to_steps(rng.choice(std::array{200.0, 400.0, 600.0}), c);
    stim2_on = stim1_off + to_steps(rng.choice(std::array{200.0, 400.0, 800.0, 1600.0}), c);
    T = stim2_on + to_steps(500, c);
  } else { // every test trial is a go trial
    B = 20 * 2 * 2;
    for (int i = 0; i < B; ++i) {
      mod1.push_back(grid_coord(i, {20, 2, 2}, 1) + 1);
      mod2.push_back(grid_coord(i, {20, 2, 2}, 2) + 1);
      loc1.push_back(kTwoPi * grid_coord(i, {20, 2, 2}, 0) / 20);
      match.push_back(!match_nogo);
      loc2.push_back(wrap(loc1.back() + (match.back() ? 0.0 : M_PI)));
    }
    stim1_on = to_steps(500, c);
    stim1_off = stim1_on + to_steps(500, c);
    stim2_on = stim1_off + to_steps(1200, c);
    T = stim2_on + to_steps(500, c);
  }
  YangTrial trial(batch, T, B, c);
  match_response(trial, loc1, loc2, match, match_nogo, mod1, mod2, stim1_on, stim1_off, stim2_on,
                 B);
}

/// dmcgo / dmcnogo: delayed match to category (category = location < pi).
void dmc(Batch& batch, Mode mode, int B, bool match_nogo, Rng& rng, const Config& c) {
  static constexpr std::array kLocations{0.1, 0.3, 0.5, 0.7, 0.9, 1.1, 1.3, 1.5, 1.7, 1.9};
  Locs loc1, loc2;
  std::vector<int> mod1, mod2;
  int T, stim1_on, stim1_off, stim2_on;
  if (mode == Mode::Random) {
    mod1.assign(1, rng.choice(std::array{1, 2}));
    mod2.assign(1, rng.choice(std::array{1, 2}));
    loc1 = draw_n(B, [&] { return rng.choice(kLocations) * M_PI; });
    loc2 = draw_n(B, [&] { return rng.choice(kLocations) * M_PI; });
    stim1_on = to_steps(rng.choice(std::array{200.0, 400.0, 600.0}), c);
    stim1_off = stim1_on + to_steps(rng.choice(std::array{200.0, 400.0, 600.0}), c);
    stim2_on = stim1_off + to_steps(rng.choice(std::array{200.0, 400.0, 800.0, 1600.0}), c);
    T = stim2_on + to_steps(rng.choice(std::array{200.0, 400.0, 600.0}), c);
  } else { // every test trial is a go trial
    B = 20 * 2 * 2;
    for (int i = 0; i < B; ++i) {
      const int k = grid_coord(i, {20, 2, 2}, 0);
      const double half = k < 10 ? 0.1 + 0.8 * k / 10.0 : 1.1 + 0.8 * (k - 10) / 10.0;
      mod1.push_back(grid_coord(i, {20, 2, 2}, 1) + 1);
      mod2.push_back(grid_coord(i, {20, 2, 2}, 2) + 1);
      loc1.push_back(half * M_PI);
      loc2.push_back(wrap(loc1.back() + (match_nogo ? M_PI : 0.0)));
    }
    stim1_on = to_steps(500, c);
    stim1_off = stim1_on + to_steps(500, c);
    stim2_on = stim1_off + to_steps(1200, c);
    T = stim2_on + to_steps(500, c);
  }
  std::vector<bool> match(B);
  for (int i = 0; i < B; ++i)
    match[i] = (loc1[i] < M_PI) == (loc2[i] < M_PI);
  YangTrial trial(batch, T, B, c);
  match_response(trial, loc1, loc2, match, match_nogo, mod1, mod2, stim1_on, stim1_off, stim2_on,
                 B);
}

using Generator = std::function<void(Batch&, Mode, int, Rng&, const Config&)>;

const std::vector<std::pair<std::string, Generator>>& registry() {
  // Binds the family's variant argument (anti, modality, attention, no-go).
  auto with = [](auto family, auto variant) -> Generator {
    return
        [=](Batch& b, Mode m, int n, Rng& r, const Config& c) { family(b, m, n, variant, r, c); };
  };
  static const std::vector<std::pair<std::string, Generator>> tasks{
      {"fdgo", with(fdgo, false)},
      {"reactgo", with(reactgo, false)},
      {"delaygo", with(delaygo, false)},
      {"fdanti", with(fdgo, true)},
      {"reactanti", with(reactgo, true)},
      {"delayanti", with(delaygo, true)},
      {"dm1", with(dm, 1)},
      {"dm2", with(dm, 2)},
      {"contextdm1", with(contextdm, Attend::Mod1)},
      {"contextdm2", with(contextdm, Attend::Mod2)},
      {"multidm", with(contextdm, Attend::Both)},
      {"delaydm1", with(delaydm, 1)},
      {"delaydm2", with(delaydm, 2)},
      {"contextdelaydm1", with(contextdelaydm, Attend::Mod1)},
      {"contextdelaydm2", with(contextdelaydm, Attend::Mod2)},
      {"multidelaydm", with(contextdelaydm, Attend::Both)},
      {"dmsgo", with(dms, false)},
      {"dmsnogo", with(dms, true)},
      {"dmcgo", with(dmc, false)},
      {"dmcnogo", with(dmc, true)},
  };
  return tasks;
}

} // namespace

const std::vector<std::string>& task_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& [name, _] : registry())
      out.push_back(name);
    return out;
  }();
  return names;
}

Batch generate(std::string_view task, Mode mode, int batch_size, bool input_noise, Rng& rng,
               const Config& config) {
  const auto& tasks = registry();
  const auto it = std::find_if(tasks.begin(), tasks.end(),
                               [&](const auto& entry) { return entry.first == task; });
  if (it == tasks.end())
    throw TaskError("unknown cog20 task '" + std::string(task) +
                    "' (`gyrus tasks list --suite cog20` lists them)");
  if (mode == Mode::Random && batch_size <= 0)
    throw TaskError("batch size must be positive, got " + std::to_string(batch_size));
  Batch batch;
  batch.task = std::string(task);
  it->second(batch, mode, batch_size, rng, config);
  YangTrial trial(batch, config); // re-attach for the rule and noise
  trial.rule(static_cast<int>(it - tasks.begin()));
  if (mode == Mode::Random && input_noise)
    trial.input_noise(rng);
  return batch;
}

std::vector<double> train_all_weights() {
  std::vector<double> weights(kNumRules, 1.0);
  for (size_t i = 0; i < task_names().size(); ++i)
    if (task_names()[i] == "contextdm1" || task_names()[i] == "contextdm2")
      weights[i] = 5.0;
  return weights;
}

} // namespace gyrus::tasks::cog20
