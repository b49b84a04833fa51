// The host driving an engine other than its own integer reference: `gyrus sim --task` and
// `gyrus verify --task` hand LeakyRnnHost the chip simulator (or both engines in lockstep),
// and must get the same trials, steps and outputs as the reference alone.
#include "runtime/host/float_comparison.h"
#include "runtime/host/leaky_rnn_host.h"
#include "runtime/ref/network.h"
#include "runtime/sim/chip_simulator.h"
#include "tests/unit/leaky_rnn_image.h"
#include "training/io/network_file.h"
#include "training/tasks/suite.h"

#include <gtest/gtest.h>
#include <random>

namespace gyrus::host {
namespace {

/// A random leaky RNN of cog20's port sizes, its hidden neurons spread over several cores.
image::Image multi_core_image(uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::uniform_real_distribution<float> weight(-0.8f, 0.8f);
  io::NetworkFile network;
  network.config = {tasks::input_size(tasks::Suite::Cog20),
                    24,
                    tasks::output_size(tasks::Suite::Cog20),
                    0.2,
                    0.0,
                    model::Activation::Relu};
  network.params.resize(network.config);
  for (auto* matrix : {&network.params.w_in, &network.params.w_rec, &network.params.w_out})
    for (Eigen::Index k = 0; k < matrix->size(); ++k)
      (*matrix)(k) = engine() % 3 == 0 ? 0.0f : weight(engine);
  for (Eigen::Index k = 0; k < network.params.b.size(); ++k)
    network.params.b(k) = weight(engine) * 0.5f;
  return testing::leaky_rnn_image(network, target::load_preset("mini"), {12, 8});
}

tasks::Batch dm1_trials(std::vector<int> indices) {
  tasks::Rng rng(0, 0);
  return select_trials(
      tasks::generate(tasks::Suite::Cog20, "dm1", {tasks::Mode::Test, 0, false}, rng), indices);
}

TEST(HostDrive, TheChipSimulatorGivesTheReferencesOutputsTrialForTrial) {
  const image::Image image = multi_core_image(3);
  ASSERT_GE(image.cores.size(), 4u);
  const tasks::Batch batch = dm1_trials({0, 40, 99});
  LeakyRnnHost host(image);
  sim::ChipSimulator chip(image);
  int resets = 0;
  int64_t steps = 0;
  const LeakyRnnHost::Network driven{
      [&] {
        chip.reset();
        ++resets;
      },
      [&](const ref::HostInput& input) -> const std::vector<std::vector<int64_t>>& {
        ++steps;
        chip.step(input);
        return chip.outputs();
      }};
  const std::vector<float> on_chip = host.run(batch, driven);
  EXPECT_EQ(on_chip, host.run(batch));
  EXPECT_EQ(resets, batch.trials);
  EXPECT_EQ(steps, static_cast<int64_t>(batch.trials) * (batch.steps + host.latency()));
  EXPECT_GT(chip.total_events().packets_sent, 0u);
}

TEST(HostDrive, ChipSimulatorOutputProbeIsTheReferences) {
  const image::Image image = multi_core_image(4);
  ref::ReferenceNetwork reference(image);
  sim::ChipSimulator chip(image);
  const tasks::Batch batch = dm1_trials({7});
  DeltaEncoder encoder(static_cast<size_t>(batch.n_input), image.metadata.frac_bits);
  int64_t nonzero = 0;
  for (int t = 0; t < batch.steps; ++t) {
    const ref::HostInput input{encoder.encode(
        {&batch.inputs[batch.at(t, 0, 0, batch.n_input)], static_cast<size_t>(batch.n_input)})};
    reference.step(input);
    chip.step(input);
    for (uint32_t c = 0; c < image.cores.size(); ++c)
      for (const image::CompartmentGroup& group : image.cores[c].groups)
        for (uint32_t k = group.first; k < group.end(); ++k) {
          ASSERT_EQ(chip.output(c, k), reference.output(c, k)) << "step " << t;
          nonzero += chip.output(c, k) != 0;
        }
  }
  EXPECT_GT(nonzero, 0);
  EXPECT_THROW(chip.output(0, image.cores[0].compartment_count()), std::out_of_range);
  EXPECT_THROW(chip.output(static_cast<uint32_t>(image.cores.size()), 0), std::out_of_range);
}

TEST(HostDrive, EvenlySpacedTrialsSpreadOverTheGrid) {
  EXPECT_EQ(evenly_spaced_trials(10, 0), (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(evenly_spaced_trials(10, 4), (std::vector<int>{0, 2, 5, 7}));
  EXPECT_EQ(evenly_spaced_trials(3, 16), (std::vector<int>{0, 1, 2}));
}

} // namespace
} // namespace gyrus::host
