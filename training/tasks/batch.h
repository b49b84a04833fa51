// A batch of cognitive-task trials, laid out as the trainer consumes it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gyrus::tasks {

enum class Mode {
  Random, ///< training trials with randomised conditions and input noise
  Test,   ///< noise-free grid of stimulus conditions (for task-variance analysis)
};

/// Half-open step range [begin, end) of one task epoch within one trial.
struct EpochSpan {
  int32_t begin = 0;
  int32_t end = 0;
};

/// Trials of one task. Every tensor is contiguous, time-major: [T, B, n].
struct Batch {
  std::string task;
  int steps = 0;    ///< T
  int trials = 0;   ///< B
  int n_input = 0;  ///< input channels
  int n_output = 0; ///< output channels (fixation + ring)
  float dt_ms = 0;

  std::vector<float> inputs;  ///< [T, B, n_input]
  std::vector<float> targets; ///< [T, B, n_output]
  std::vector<float> mask;    ///< [T, B, n_output] cost weights
  /// [T, B] target direction in radians, or -1 where the network must fixate.
  std::vector<float> target_angle;
  /// [B] number of valid steps per trial; steps after it are padding (mask 0).
  std::vector<int32_t> trial_steps;
  /// Mod-Cog only: [T, B] neurogym class label (0 fixate, 1..ring); -1 on padding.
  std::vector<int32_t> labels;

  std::vector<std::string> epoch_names;
  std::vector<EpochSpan> epochs; ///< [B, epoch_names.size()]

  size_t at(int t, int b, int channel, int width) const {
    return (static_cast<size_t>(t) * trials + b) * width + channel;
  }
  float& input(int t, int b, int i) { return inputs[at(t, b, i, n_input)]; }
  float input(int t, int b, int i) const { return inputs[at(t, b, i, n_input)]; }
  float& target(int t, int b, int o) { return targets[at(t, b, o, n_output)]; }
  float target(int t, int b, int o) const { return targets[at(t, b, o, n_output)]; }
  float& mask_at(int t, int b, int o) { return mask[at(t, b, o, n_output)]; }
  float mask_at(int t, int b, int o) const { return mask[at(t, b, o, n_output)]; }
  float angle(int t, int b) const { return target_angle[static_cast<size_t>(t) * trials + b]; }
  const EpochSpan& epoch(int b, size_t e) const { return epochs[b * epoch_names.size() + e]; }

  /// Allocates every tensor for T x B and fills the defaults: inputs 0,
  /// targets `target_baseline`, mask 0, angle -1, trials full length.
  void allocate(int T, int B, float target_baseline);
};

} // namespace gyrus::tasks
