#include "training/tasks/modcog_spec.h"

#include "training/tasks/modcog.h"

#include <algorithm>
#include <stdexcept>

namespace gyrus::tasks::modcog {

namespace {

// mod_cog_tasks.py's decision lengths: _Reach 500 ms, _DMFamily 200 ms,
// _DelayMatch1DResponse 900 ms; every "seq" constructor passes
// timing={'decision': 1000} except rtgoseq*/rtantiseq*, which pass no timing.
constexpr int kReachDecisionMs = 500;
constexpr int kDecisionMakingDecisionMs = 200;
constexpr int kDelayMatchDecisionMs = 900;
constexpr int kSequenceDecisionMs = 1000;

TaskSpec reach(std::string name, bool anti, bool reaction) {
  TaskSpec spec;
  spec.name = std::move(name);
  spec.family = Family::Reach;
  spec.anti = anti;
  spec.reaction = reaction;
  spec.decision_ms = kReachDecisionMs;
  return spec;
}

TaskSpec decision_making(std::string name, bool delay_comparison, std::array<double, 2> weight,
                         std::array<bool, 2> shown) {
  TaskSpec spec;
  spec.name = std::move(name);
  spec.family = Family::DecisionMaking;
  spec.delay_comparison = delay_comparison;
  spec.modality_weight = weight;
  spec.modality_shown = shown;
  spec.decision_ms = kDecisionMakingDecisionMs;
  return spec;
}

TaskSpec delay_match(std::string name, bool category, bool go) {
  TaskSpec spec;
  spec.name = std::move(name);
  spec.family = Family::DelayMatch;
  spec.match_category = category;
  spec.match_go = go;
  spec.decision_ms = kDelayMatchDecisionMs;
  return spec;
}

// The 20 base tasks in README order. dlygo and dlyanti are built exactly
// like go and anti: _Reach's `dly` flag only re-sets the delay to the
// 500 ms it already has, and dlyanti's timing={'delay': 500} does the same.
std::vector<TaskSpec> base_tasks() {
  constexpr std::array<double, 2> both{1.0, 1.0};
  constexpr std::array<double, 2> first{1.0, 0.0};
  constexpr std::array<double, 2> second{0.0, 1.0};
  constexpr std::array<bool, 2> only1{true, false};
  constexpr std::array<bool, 2> only2{false, true};
  constexpr std::array<bool, 2> shown{true, true};
  return {
      reach("go", false, false),
      reach("rtgo", false, true),
      reach("dlygo", false, false),
      reach("anti", true, false),
      reach("rtanti", true, true),
      reach("dlyanti", true, false),
      decision_making("dm1", false, both, only1),
      decision_making("dm2", false, both, only2),
      decision_making("ctxdm1", false, first, shown),
      decision_making("ctxdm2", false, second, shown),
      decision_making("multidm", false, both, shown),
      decision_making("dlydm1", true, both, only1),
      decision_making("dlydm2", true, both, only2),
      decision_making("ctxdlydm1", true, first, shown),
      decision_making("ctxdlydm2", true, second, shown),
      decision_making("multidlydm", true, both, shown),
      delay_match("dms", false, true),
      delay_match("dnms", false, false),
      delay_match("dmc", true, true),
      delay_match("dnmc", true, false),
  };
}

// The README's "int" set: the 11 tasks with a delay period.
constexpr std::array<std::string_view, 11> kIntervalBases = {
    "dlygo",      "dlyanti", "dlydm1", "dlydm2", "ctxdlydm1", "ctxdlydm2",
    "multidlydm", "dms",     "dnms",   "dmc",    "dnmc"};

TaskSpec with_interval(TaskSpec spec, int direction) {
  spec.base = spec.name;
  spec.name += direction > 0 ? "intr" : "intl";
  spec.integrate = direction;
  return spec;
}

TaskSpec with_sequence(TaskSpec spec, int direction) {
  spec.base = spec.name;
  spec.name += direction > 0 ? "seqr" : "seql";
  spec.seq = direction;
  if (!spec.reaction)
    spec.decision_ms = kSequenceDecisionMs;
  return spec;
}

std::vector<TaskSpec> build_specs() {
  const std::vector<TaskSpec> bases = base_tasks();
  std::vector<TaskSpec> specs;
  for (TaskSpec spec : bases) {
    spec.base = spec.name;
    specs.push_back(std::move(spec));
  }
  for (std::string_view name : kIntervalBases) {
    const auto base = std::find_if(bases.begin(), bases.end(),
                                   [&](const TaskSpec& spec) { return spec.name == name; });
    specs.push_back(with_interval(*base, +1));
    specs.push_back(with_interval(*base, -1));
  }
  for (const TaskSpec& base : bases)
    specs.push_back(with_sequence(base, +1));
  for (const TaskSpec& base : bases)
    specs.push_back(with_sequence(base, -1));
  for (size_t i = 0; i < specs.size(); ++i)
    specs[i].index = static_cast<int>(i);
  if (specs.size() != static_cast<size_t>(kNumTasks))
    throw std::logic_error("Mod-Cog task table does not have kNumTasks entries");
  return specs;
}

} // namespace

const std::vector<TaskSpec>& task_specs() {
  static const std::vector<TaskSpec> specs = build_specs();
  return specs;
}

const TaskSpec* find_task_spec(std::string_view name) {
  for (const TaskSpec& spec : task_specs())
    if (spec.name == name)
      return &spec;
  return nullptr;
}

const std::vector<std::string>& task_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const TaskSpec& spec : task_specs())
      out.push_back(spec.name);
    return out;
  }();
  return names;
}

} // namespace gyrus::tasks::modcog
