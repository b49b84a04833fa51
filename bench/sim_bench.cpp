// The chip simulator's speed: timesteps and synaptic events per second on a synthetic
// image of 16 cores (mini's 4 x 4 mesh), 1000 cuba_lif neurons and 100k recurrent
// synapses, driven so that a set fraction of the neurons spikes each step. The integer
// reference (ReferenceNetwork) runs the same image, to show what the timing model costs.
//
//   build/default/bench/gyrus_sim_bench --benchmark_counters_tabular=true
#include "runtime/image/image.h"
#include "runtime/ref/network.h"
#include "runtime/sim/chip_simulator.h"

#include <benchmark/benchmark.h>
#include <map>
#include <random>
#include <vector>

namespace {

using namespace gyrus;

constexpr uint32_t kNeurons = 1000;
constexpr uint32_t kSynapsesPerNeuron = 100;
constexpr uint32_t kInputPatterns = 64;

/// Every neuron has a host input neuron of its own whose spike (weight 255 · 2^7) makes it
/// fire in the next step, and 100 recurrent synapses of weight 1, far too weak to make
/// any neuron fire: the host's spikes set the activity exactly, and every spike still
/// crosses the mesh and reads 100 synapses.
image::Image synthetic_image(uint64_t seed) {
  std::mt19937_64 rng(seed);
  image::Image image;
  image.target = target::load_preset("mini");
  const auto cores = static_cast<uint32_t>(image.target.mesh.cores());
  const uint32_t per_core = (kNeurons + cores - 1) / cores;
  auto core_of = [&](uint32_t neuron) { return neuron / per_core; };
  auto compartment_of = [&](uint32_t neuron) { return neuron % per_core; };

  image.metadata.populations.push_back({"hidden", kNeurons});
  image.cores.resize(cores);
  for (uint32_t c = 0; c < cores; ++c) {
    image::Core& core = image.cores[c];
    core.coord = {0, c % static_cast<uint32_t>(image.target.mesh.cols),
                  c / static_cast<uint32_t>(image.target.mesh.cols), 0};
    const uint32_t first = c * per_core, count = std::min(kNeurons, first + per_core) - first;
    image::CubaLifParams params{4095, 4095, 1000, 0, 0};
    core.groups.push_back(
        {0, params, std::vector<int32_t>(count, 0), image::SpikeKind::Binary, 0, first});
    core.axons.resize(count);
    // Input axons [0, count): the host's; the recurrent ones follow.
    core.synapses.push_back({0, 7, {}});
    core.synapses.push_back({count, 0, {}});
    for (uint32_t k = 0; k < count; ++k)
      core.synapses[0].axons.push_back({{k, 255, 0}});
  }

  // Recurrent synapses: one input axon per (source neuron, destination core).
  for (uint32_t source = 0; source < kNeurons; ++source) {
    std::map<uint32_t, std::vector<image::Synapse>> by_core;
    for (uint32_t s = 0; s < kSynapsesPerNeuron; ++s) {
      const auto target = static_cast<uint32_t>(rng() % kNeurons);
      by_core[core_of(target)].push_back({compartment_of(target), 1, 0});
    }
    auto& row = image.cores[core_of(source)].axons[compartment_of(source)];
    for (auto& [dest, synapses] : by_core) {
      image::SynapseBlock& block = image.cores[dest].synapses[1];
      row.push_back({dest, block.end_axon()});
      block.axons.push_back(std::move(synapses));
    }
  }
  image::InputMap input;
  input.name = "drive";
  input.spike_kind = image::SpikeKind::Binary;
  for (uint32_t n = 0; n < kNeurons; ++n)
    input.neurons.push_back({{core_of(n), compartment_of(n)}});
  image.inputs.push_back(std::move(input));
  image::OutputMap output{"hidden", {}};
  for (uint32_t n = 0; n < kNeurons; ++n)
    output.neurons.push_back({core_of(n), compartment_of(n)});
  image.outputs.push_back(std::move(output));
  return image;
}

/// Input patterns that spike `percent` % of the neurons, chosen at random.
std::vector<ref::HostInput> drive_patterns(int64_t percent) {
  std::mt19937_64 rng(42);
  std::vector<ref::HostInput> patterns;
  for (uint32_t p = 0; p < kInputPatterns; ++p) {
    std::vector<int64_t> spikes(kNeurons, 0);
    for (int64_t& spike : spikes)
      spike = static_cast<int64_t>(rng() % 100) < percent ? 1 : 0;
    patterns.push_back({spikes});
  }
  return patterns;
}

void BM_ChipSimulatorStep(benchmark::State& state) {
  const image::Image image = synthetic_image(1);
  const auto patterns = drive_patterns(state.range(0));
  sim::ChipSimulator simulator(image);
  size_t next = 0;
  for (auto _ : state) {
    const sim::StepResult result = simulator.step(patterns[next]);
    benchmark::DoNotOptimize(result.timing.cycles);
    next = (next + 1) % patterns.size();
  }
  const sim::EventCounts& events = simulator.total_events();
  const auto steps = static_cast<double>(simulator.steps_run());
  state.counters["steps_per_s"] = benchmark::Counter(steps, benchmark::Counter::kIsRate);
  state.counters["syn_events_per_s"] =
      benchmark::Counter(static_cast<double>(events.synaptic_ops), benchmark::Counter::kIsRate);
  state.counters["active_pct"] = 100.0 * static_cast<double>(events.spikes) / (steps * kNeurons);
  state.counters["packets_per_step"] = static_cast<double>(events.packets_sent) / steps;
  state.counters["cycles_per_step"] = static_cast<double>(simulator.total_cycles()) / steps;
}
BENCHMARK(BM_ChipSimulatorStep)->Arg(5)->Arg(20)->Unit(benchmark::kMicrosecond);

void BM_ReferenceNetworkStep(benchmark::State& state) {
  const image::Image image = synthetic_image(1);
  const auto patterns = drive_patterns(state.range(0));
  ref::ReferenceNetwork reference(image);
  size_t next = 0;
  for (auto _ : state) {
    reference.step(patterns[next]);
    benchmark::DoNotOptimize(reference.outputs().data());
    next = (next + 1) % patterns.size();
  }
  state.counters["steps_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ReferenceNetworkStep)->Arg(5)->Arg(20)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
