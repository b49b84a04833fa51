// The Mod-Cog task set of Khona, Chandra et al. 2022 (mikailkhona/Mod_Cog),
// built on neurogym: the 20 base tasks in neurogym's conventions plus the
// "int" (interval) and "seq" (sequence) extensions, 82 tasks in all.
// Encoding: input = fixation + two rings of 16 + one-hot over the 82 tasks
// (115); output = fixation + ring of 16 (17). See docs/tasks-modcog.md.
#pragma once

#include "training/tasks/batch.h"
#include "training/tasks/rng.h"

#include <string>
#include <string_view>
#include <vector>

namespace gyrus::tasks::modcog {

inline constexpr int kRingSize = 16;
inline constexpr int kNumTasks = 82;
inline constexpr int kInputSize = 1 + 2 * kRingSize + kNumTasks; // 115
inline constexpr int kOutputSize = 1 + kRingSize;                // 17
inline constexpr int kTaskInputStart = 1 + 2 * kRingSize;        // 33
inline constexpr double kDtMs = 100.0;                           // neurogym default

/// The 82 tasks in the order of Mod_Cog's README (the task one-hot order).
const std::vector<std::string>& task_names();

/// One batch of `task`: `batch` independent trials, right-padded to the
/// longest (padding has mask 0 and label -1). Test mode is a noise-free grid
/// of conditions whose size the task fixes; `batch` is ignored there.
Batch generate(std::string_view task, Mode mode, int batch, bool input_noise, Rng& rng);

} // namespace gyrus::tasks::modcog
