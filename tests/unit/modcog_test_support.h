// Helpers for the Mod-Cog tests: task traits parsed from names, trial
// decoding from noise-free inputs, and the original response rules.
#pragma once

#include "training/tasks/modcog.h"
#include "training/tasks/performance.h"
#include "training/tasks/suite.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <gtest/gtest.h>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace gyrus::tasks::modcog::testing {

inline constexpr double kStep = 2.0 * M_PI / kRingSize;

// The README's `envs = [...]` list, copied verbatim.
inline const std::vector<std::string> kReadmeTasks = {"go",
                                                      "rtgo",
                                                      "dlygo",
                                                      "anti",
                                                      "rtanti",
                                                      "dlyanti",
                                                      "dm1",
                                                      "dm2",
                                                      "ctxdm1",
                                                      "ctxdm2",
                                                      "multidm",
                                                      "dlydm1",
                                                      "dlydm2",
                                                      "ctxdlydm1",
                                                      "ctxdlydm2",
                                                      "multidlydm",
                                                      "dms",
                                                      "dnms",
                                                      "dmc",
                                                      "dnmc",
                                                      "dlygointr",
                                                      "dlygointl",
                                                      "dlyantiintr",
                                                      "dlyantiintl",
                                                      "dlydm1intr",
                                                      "dlydm1intl",
                                                      "dlydm2intr",
                                                      "dlydm2intl",
                                                      "ctxdlydm1intr",
                                                      "ctxdlydm1intl",
                                                      "ctxdlydm2intr",
                                                      "ctxdlydm2intl",
                                                      "multidlydmintr",
                                                      "multidlydmintl",
                                                      "dmsintr",
                                                      "dmsintl",
                                                      "dnmsintr",
                                                      "dnmsintl",
                                                      "dmcintr",
                                                      "dmcintl",
                                                      "dnmcintr",
                                                      "dnmcintl",
                                                      "goseqr",
                                                      "rtgoseqr",
                                                      "dlygoseqr",
                                                      "antiseqr",
                                                      "rtantiseqr",
                                                      "dlyantiseqr",
                                                      "dm1seqr",
                                                      "dm2seqr",
                                                      "ctxdm1seqr",
                                                      "ctxdm2seqr",
                                                      "multidmseqr",
                                                      "dlydm1seqr",
                                                      "dlydm2seqr",
                                                      "ctxdlydm1seqr",
                                                      "ctxdlydm2seqr",
                                                      "multidlydmseqr",
                                                      "dmsseqr",
                                                      "dnmsseqr",
                                                      "dmcseqr",
                                                      "dnmcseqr",
                                                      "goseql",
                                                      "rtgoseql",
                                                      "dlygoseql",
                                                      "antiseql",
                                                      "rtantiseql",
                                                      "dlyantiseql",
                                                      "dm1seql",
                                                      "dm2seql",
                                                      "ctxdm1seql",
                                                      "ctxdm2seql",
                                                      "multidmseql",
                                                      "dlydm1seql",
                                                      "dlydm2seql",
                                                      "ctxdlydm1seql",
                                                      "ctxdlydm2seql",
                                                      "multidlydmseql",
                                                      "dmsseql",
                                                      "dnmsseql",
                                                      "dmcseql",
                                                      "dnmcseql"};

enum class Kind { Reach, DecisionMaking, DelayMatch };

// What the name of a task says about it, parsed independently of modcog_spec.
struct Traits {
  std::string base;
  Kind kind = Kind::Reach;
  int integrate = 0;
  int seq = 0;
  bool anti = false, reaction = false;
  bool delay_dm = false;
  std::array<double, 2> weight{1, 1};
  std::array<bool, 2> shown{true, true};
  bool category = false, match_go = true;
};

inline bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

inline Traits traits(const std::string& name) {
  Traits t;
  t.base = name;
  const std::map<std::string, std::pair<int*, int>> suffixes = {{"intr", {&t.integrate, 1}},
                                                                {"intl", {&t.integrate, -1}},
                                                                {"seqr", {&t.seq, 1}},
                                                                {"seql", {&t.seq, -1}}};
  for (const auto& [suffix, field] : suffixes)
    if (ends_with(name, suffix)) {
      *field.first = field.second;
      t.base = name.substr(0, name.size() - 4);
    }
  const std::set<std::string> reach = {"go", "rtgo", "dlygo", "anti", "rtanti", "dlyanti"};
  const std::set<std::string> match = {"dms", "dnms", "dmc", "dnmc"};
  if (reach.count(t.base)) {
    t.kind = Kind::Reach;
    t.anti = t.base.find("anti") != std::string::npos;
    t.reaction = t.base.rfind("rt", 0) == 0;
  } else if (match.count(t.base)) {
    t.kind = Kind::DelayMatch;
    t.category = t.base.back() == 'c';
    t.match_go = t.base.rfind("dn", 0) != 0;
  } else {
    t.kind = Kind::DecisionMaking;
    t.delay_dm = t.base.find("dly") != std::string::npos;
    if (t.base == "dm1" || t.base == "dlydm1")
      t.shown = {true, false};
    if (t.base == "dm2" || t.base == "dlydm2")
      t.shown = {false, true};
    if (t.base.rfind("ctx", 0) == 0)
      t.weight = ends_with(t.base, "1") ? std::array<double, 2>{1, 0} : std::array<double, 2>{0, 1};
  }
  return t;
}

inline Batch make(const std::string& task, Mode mode, int batch, bool noise, uint64_t seed) {
  Rng rng(seed);
  return generate(task, mode, batch, noise, rng);
}

inline int label_at(const Batch& batch, int t, int b) {
  return batch.labels[static_cast<size_t>(t) * batch.trials + b];
}

inline size_t epoch_index(const Batch& batch, const std::string& name) {
  const auto it = std::find(batch.epoch_names.begin(), batch.epoch_names.end(), name);
  EXPECT_NE(it, batch.epoch_names.end()) << name;
  return static_cast<size_t>(it - batch.epoch_names.begin());
}

inline EpochSpan span(const Batch& batch, int b, const std::string& name) {
  return batch.epoch(b, epoch_index(batch, name));
}

inline int length(const EpochSpan& s) {
  return s.end - s.begin;
}

inline double circular(double a, double b) {
  const double d = std::fmod(std::abs(a - b), 2.0 * M_PI);
  return std::min(d, 2.0 * M_PI - d);
}

inline double bump(double location, int unit) {
  const double d = circular(location, unit * kStep) / (M_PI / 8);
  return 0.8 * std::exp(-d * d / 2);
}

inline int wrap(int value) {
  return ((value % kRingSize) + kRingSize) % kRingSize;
}

inline double ring_sum(const Batch& batch, int t, int b, int modality) {
  double sum = 0;
  for (int u = 0; u < kRingSize; ++u)
    sum += std::abs(batch.input(t, b, 1 + modality * kRingSize + u));
  return sum;
}

inline int ring_argmax(const Batch& batch, int t, int b, int modality) {
  int best = 0;
  for (int u = 1; u < kRingSize; ++u)
    if (batch.input(t, b, 1 + modality * kRingSize + u) >
        batch.input(t, b, 1 + modality * kRingSize + best))
      best = u;
  return best;
}

inline double decode_angle(const Batch& batch, int t, int b, int modality) {
  double c = 0, s = 0;
  for (int u = 0; u < kRingSize; ++u) {
    const double v = batch.input(t, b, 1 + modality * kRingSize + u);
    c += v * std::cos(u * kStep);
    s += v * std::sin(u * kStep);
  }
  const double angle = std::atan2(s, c);
  return angle < 0 ? angle + 2.0 * M_PI : angle;
}

inline int shown_modality(const Batch& batch, int t, int b) {
  return ring_sum(batch, t, b, 1) > ring_sum(batch, t, b, 0) ? 1 : 0;
}

// Fits c_p * bump(p) + c_q * bump(q) to one ring at step t by least squares.
struct PairFit {
  double cp = 0, cq = 0, residual = 0;
};
inline PairFit fit_pair(const Batch& batch, int t, int b, int modality, int p, int q) {
  double gpp = 0, gpq = 0, gqq = 0, gpy = 0, gqy = 0;
  for (int u = 0; u < kRingSize; ++u) {
    const double gp = bump(p * kStep, u), gq = bump(q * kStep, u);
    const double y = batch.input(t, b, 1 + modality * kRingSize + u);
    gpp += gp * gp, gpq += gp * gq, gqq += gq * gq, gpy += gp * y, gqy += gq * y;
  }
  const double det = gpp * gqq - gpq * gpq;
  PairFit fit{(gqq * gpy - gpq * gqy) / det, (gpp * gqy - gpq * gpy) / det, 0};
  for (int u = 0; u < kRingSize; ++u) {
    const double r = batch.input(t, b, 1 + modality * kRingSize + u) - fit.cp * bump(p * kStep, u) -
                     fit.cq * bump(q * kStep, u);
    fit.residual += r * r;
  }
  return fit;
}

inline constexpr int kUnknown = -2; // the original breaks this tie at random

// The ring index the original would make the network report (before seq and
// before the +1/mod-16 label mapping), -1 for "fixate", decoded from the
// noise-free inputs of trial b.
inline int expected_response(const Batch& batch, int b, const Traits& tr) {
  const std::set<double> dm_cohs = {0.08, 0.16, 0.32, 0.64};
  const std::set<double> dly_cohs = {0.3, 0.6, 1.0};
  auto in_set = [](const std::set<double>& s, double v) {
    return std::any_of(s.begin(), s.end(), [&](double x) { return std::abs(x - v) < 1e-5; });
  };
  switch (tr.kind) {
  case Kind::Reach: {
    const EpochSpan stim = span(batch, b, tr.reaction ? "decision" : "stimulus");
    const int modality = shown_modality(batch, stim.begin, b);
    const double location = decode_angle(batch, stim.begin, b, modality);
    const int delay_ms = tr.reaction ? 0 : 100 * length(span(batch, b, "delay"));
    const double target_angle = location - tr.integrate * 0.01 * delay_ms - (tr.anti ? M_PI : 0.0);
    const int gt = wrap(static_cast<int>(std::lround(target_angle / kStep)));
    EXPECT_LT(circular(target_angle, gt * kStep), 1e-4) << "stimulus off the expected location";
    return gt;
  }
  case Kind::DecisionMaking: {
    std::array<double, kRingSize> evidence{};
    std::set<int> positions;
    if (tr.delay_dm) {
      const EpochSpan s1 = span(batch, b, "stim1"), s2 = span(batch, b, "stim2");
      EXPECT_EQ(length(span(batch, b, "delay")), 5);
      for (int m = 0; m < 2; ++m) {
        if (!tr.shown[m]) {
          EXPECT_EQ(ring_sum(batch, s1.begin, b, m), 0.0);
          continue;
        }
        const int p = ring_argmax(batch, s1.begin, b, m), q = ring_argmax(batch, s2.begin, b, m);
        const double cp = batch.input(s1.begin, b, 1 + m * kRingSize + p) / 0.8;
        const double cq = batch.input(s2.begin, b, 1 + m * kRingSize + q) / 0.8;
        EXPECT_TRUE(in_set(dly_cohs, cp) && in_set(dly_cohs, cq)) << cp << " " << cq;
        EXPECT_GT(std::abs(cp - cq), 0.1) << "coherences drawn without replacement";
        EXPECT_NE(p, q);
        evidence[p] += tr.weight[m] * cp;
        evidence[q] += tr.weight[m] * cq;
        positions.insert(p), positions.insert(q);
      }
    } else {
      const int t = span(batch, b, "stimulus").begin;
      for (int m = 0; m < 2; ++m) {
        if (!tr.shown[m]) {
          EXPECT_EQ(ring_sum(batch, t, b, m), 0.0);
          continue;
        }
        PairFit best{0, 0, 1e9};
        int bp = 0, bq = 0;
        for (int p = 0; p < kRingSize; ++p)
          for (int q = p + 1; q < kRingSize; ++q) {
            const PairFit fit = fit_pair(batch, t, b, m, p, q);
            if (fit.residual < best.residual)
              best = fit, bp = p, bq = q;
          }
        EXPECT_LT(best.residual, 1e-9);
        EXPECT_NEAR(best.cp + best.cq, 1.0, 1e-5);
        EXPECT_TRUE(in_set(dm_cohs, std::abs(best.cp - best.cq))) << best.cp << " " << best.cq;
        evidence[bp] += tr.weight[m] * best.cp;
        evidence[bq] += tr.weight[m] * best.cq;
        positions.insert(bp), positions.insert(bq);
      }
    }
    EXPECT_EQ(positions.size(), 2u) << "both modalities show the same two directions";
    const int p = *positions.begin(), q = *positions.rbegin();
    if (std::abs(evidence[p] - evidence[q]) < 1e-5)
      return kUnknown;
    const int chosen = evidence[p] > evidence[q] ? p : q;
    return wrap(chosen + 5 * tr.integrate); // delay fixed at 500 ms: int(0.01 * 500) = 5
  }
  case Kind::DelayMatch: {
    const EpochSpan sample_span = span(batch, b, "sample"), test_span = span(batch, b, "test");
    const int modality = shown_modality(batch, sample_span.begin, b);
    const int sample = ring_argmax(batch, sample_span.begin, b, modality);
    const int test = ring_argmax(batch, test_span.begin, b, modality);
    EXPECT_NEAR(batch.input(sample_span.begin, b, 1 + modality * kRingSize + sample), 0.8, 1e-6);
    EXPECT_EQ(ring_sum(batch, sample_span.begin, b, 1 - modality), 0.0);
    bool match;
    if (tr.category) {
      match = (sample > 8) == (test >= 8);
    } else {
      match = test == sample;
      if (!match) {
        EXPECT_EQ(test, wrap(sample + 8)) << "non-match test is opposite the sample";
      }
    }
    if (match != tr.match_go)
      return -1;
    return wrap(test + tr.integrate * length(span(batch, b, "delay")));
  }
  }
  return kUnknown;
}

// Allowed epoch lengths in steps, per epoch, derived from mod_cog_tasks.py.
inline std::vector<std::set<int>> allowed_epoch_steps(const Traits& tr, Mode mode) {
  std::set<int> interval;
  for (int i = 0; i <= 11; ++i)
    interval.insert(i);
  const int decision_seq = 10;
  switch (tr.kind) {
  case Kind::Reach: {
    const int decision = tr.seq != 0 && !tr.reaction ? decision_seq : 5;
    if (tr.reaction)
      return {{5}, {decision}};
    return {{5}, {5}, tr.integrate ? interval : std::set<int>{5}, {decision}};
  }
  case Kind::DecisionMaking: {
    const std::set<int> fixation = mode == Mode::Test ? std::set<int>{3} : std::set<int>{2, 3, 4};
    const int decision = tr.seq != 0 ? decision_seq : 2;
    if (tr.delay_dm)
      return {fixation, {5}, {5}, {5}, {decision}};
    return {fixation, {5}, {decision}};
  }
  case Kind::DelayMatch: {
    std::set<int> delay =
        mode == Mode::Test ? std::set<int>{6} : std::set<int>{2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    if (tr.integrate)
      delay = interval;
    return {{3}, {5}, delay, {5}, {tr.seq != 0 ? decision_seq : 9}};
  }
  }
  return {};
}

inline std::vector<std::string> expected_epoch_names(const Traits& tr) {
  switch (tr.kind) {
  case Kind::Reach:
    if (tr.reaction)
      return {"fixation", "decision"};
    return {"fixation", "stimulus", "delay", "decision"};
  case Kind::DecisionMaking:
    if (tr.delay_dm)
      return {"fixation", "stim1", "delay", "stim2", "decision"};
    return {"fixation", "stimulus", "decision"};
  case Kind::DelayMatch:
    return {"fixation", "sample", "delay", "test", "decision"};
  }
  return {};
}

inline size_t expected_grid_size(const Traits& tr) {
  switch (tr.kind) {
  case Kind::Reach:
    return tr.integrate ? 384 : 32;
  case Kind::DecisionMaking: {
    const bool two = tr.shown[0] && tr.shown[1];
    const bool multi = two && tr.weight[0] == 1 && tr.weight[1] == 1;
    if (tr.delay_dm)
      return !two ? 96 : (multi ? 240 : 288);
    return !two ? 128 : (multi ? 448 : 512);
  }
  case Kind::DelayMatch:
    if (tr.integrate)
      return 768;
    return tr.category ? 512 : 64;
  }
  return 0;
}

} // namespace gyrus::tasks::modcog::testing
