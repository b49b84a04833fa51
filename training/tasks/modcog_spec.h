// The parameters that distinguish the 82 Mod-Cog tasks, as the constructor
// functions of mod_cog_tasks.py (go(), dlydm1intr(), dnmcseql(), ...) set
// them. One entry per task, in the README's one-hot order.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace gyrus::tasks::modcog {

enum class Family {
  Reach,          ///< _Reach: go / anti, reaction-time and delayed variants
  DecisionMaking, ///< _DMFamily: dm, ctxdm, multidm and their delayed versions
  DelayMatch,     ///< _DelayMatch1DResponse: dms, dnms, dmc, dnmc
};

struct TaskSpec {
  std::string name;
  std::string base; ///< the base task the extension applies to ("dlygo" for "dlygointr")
  int index = 0;    ///< position in the task one-hot
  Family family = Family::Reach;
  int integrate = 0; ///< "int" extension: +1 (r), -1 (l), 0 (none)
  int seq = 0;       ///< "seq" extension: +1 (r), -1 (l), 0 (none)
  int decision_ms = 0;

  // Reach
  bool anti = false;
  bool reaction = false; ///< stimulus shown in the decision period, no delay

  // DecisionMaking
  bool delay_comparison = false;                   ///< stim1, delay, stim2 instead of one stimulus
  std::array<double, 2> modality_weight{1.0, 1.0}; ///< w_mod
  std::array<bool, 2> modality_shown{true, true};  ///< stim_mod

  // DelayMatch
  bool match_category = false; ///< matchto='category' (else 'sample')
  bool match_go = true;        ///< respond on match (else on non-match)
};

/// All 82 specs in one-hot order.
const std::vector<TaskSpec>& task_specs();
/// The spec named `name`, or nullptr.
const TaskSpec* find_task_spec(std::string_view name);

} // namespace gyrus::tasks::modcog
