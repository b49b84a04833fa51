#include "training/tasks/batch.h"

namespace gyrus::tasks {

void Batch::allocate(int T, int B, float target_baseline) {
  steps = T;
  trials = B;
  const size_t cells = static_cast<size_t>(T) * B;
  inputs.assign(cells * n_input, 0.0f);
  targets.assign(cells * n_output, target_baseline);
  mask.assign(cells * n_output, 0.0f);
  target_angle.assign(cells, -1.0f);
  trial_steps.assign(B, T);
}

} // namespace gyrus::tasks
