// The chip simulator's speed: timesteps and synaptic events per second on synthetic
// recurrent cuba_lif images, driven by the host so that a set fraction of the neurons
// spikes each step, with the full mesh model on.
//   - BM_ChipSimulatorStep: mini's 16 cores, 1000 neurons, 100k synapses; the integer
//     reference (ReferenceNetwork) runs the same image, to show what the timing costs.
//   - BM_Lif10k: 10 000 neurons, Erdos-Renyi p = 0.01 (about 1M synapses), 16 loihi2
//     cores (4 tiles); BM_Lif100k: 100 000 neurons, fan-out 100 (10M synapses), 64 cores
//     (16 tiles over two rows). 10 % of the neurons spike per step. Arguments: threads;
//     1 for the cycle-stepped reference mesh (the speed before the event-driven one); 1
//     for pipelined stepping (ChipSimulator::advance: a step's mesh beside the next
//     step's cores), else step().
//   - BM_Lif10kReference: BM_Lif10k's network on the integer reference (runtime/ref,
//     `gyrus sim --engine ref`): the function alone, no timing, as Brian2 computes it
//     (bench/brian2_side_by_side.py compares both with Brian2).
//
//   build/default/bench/gyrus_sim_bench --benchmark_counters_tabular=true
#include "runtime/image/image.h"
#include "runtime/ref/network.h"
#include "runtime/sim/chip_simulator.h"

#include <algorithm>
#include <benchmark/benchmark.h>
#include <cmath>
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

/// A recurrent cuba_lif network of `neurons` neurons on `cores` cores of loihi2, placed
/// in index order, 4 cores per tile, tiles row-major: neuron n is compartment n % per_core
/// of core n / per_core. Each pair (source, target) is connected with probability p
/// (Erdos-Renyi, sampled by geometric skips), weight 1: far too weak to fire a neuron, so
/// that the host's drive (one input neuron per neuron, weight 255 · 2^7) sets the activity
/// exactly. One input axon per (source neuron, destination core), as the compiler emits.
/// ER at p = 0.01 reaches nearly every core from every neuron, which no real loihi2 core's
/// 4096 input and output axons and 128 KiB of synapses hold; those three memory limits are
/// lifted here, and nothing of the timing (pipeline, NoC, barrier) changes.
image::Image lif_image(uint32_t neurons, uint32_t cores, double p, uint64_t seed) {
  std::mt19937_64 rng(seed);
  image::Image image;
  image.target = target::load_preset("loihi2");
  image.target.core.in_axons = 1 << 30;
  image.target.core.out_axons = 1 << 30;
  image.target.core.synapse_bits = int64_t{1} << 40;
  const auto per_tile = static_cast<uint32_t>(image.target.mesh.cores_per_tile);
  const auto cols = static_cast<uint32_t>(image.target.mesh.cols);
  const uint32_t per_core = (neurons + cores - 1) / cores;
  auto core_of = [&](uint32_t neuron) { return neuron / per_core; };
  auto compartment_of = [&](uint32_t neuron) { return neuron % per_core; };

  image.metadata.populations.push_back({"hidden", neurons});
  image.cores.resize(cores);
  for (uint32_t c = 0; c < cores; ++c) {
    image::Core& core = image.cores[c];
    const uint32_t tile = c / per_tile;
    core.coord = {0, tile % cols, tile / cols, c % per_tile};
    const uint32_t first = c * per_core, count = std::min(neurons, first + per_core) - first;
    image::CubaLifParams params{4095, 4095, 1000, 0, 0};
    core.groups.push_back(
        {0, params, std::vector<int32_t>(count, 0), image::SpikeKind::Binary, 0, first});
    core.axons.resize(count);
    core.synapses.push_back({0, 7, {}});
    core.synapses.push_back({count, 0, {}});
    for (uint32_t k = 0; k < count; ++k)
      core.synapses[0].axons.push_back({{k, 255, 0}});
  }
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  const double log_q = std::log1p(-p);
  std::vector<std::vector<image::Synapse>> by_core(cores);
  for (uint32_t source = 0; source < neurons; ++source) {
    for (int64_t target = -1;;) {
      target += 1 + static_cast<int64_t>(std::floor(std::log(1.0 - uniform(rng)) / log_q));
      if (target >= neurons)
        break;
      const auto t = static_cast<uint32_t>(target);
      by_core[core_of(t)].push_back({compartment_of(t), 1, 0});
    }
    auto& row = image.cores[core_of(source)].axons[compartment_of(source)];
    for (uint32_t dest = 0; dest < cores; ++dest) {
      if (by_core[dest].empty())
        continue;
      image::SynapseBlock& block = image.cores[dest].synapses[1];
      row.push_back({dest, block.end_axon()});
      block.axons.push_back(std::move(by_core[dest]));
      by_core[dest].clear();
    }
  }
  image::InputMap input;
  input.name = "drive";
  input.spike_kind = image::SpikeKind::Binary;
  for (uint32_t n = 0; n < neurons; ++n)
    input.neurons.push_back({{core_of(n), compartment_of(n)}});
  image.inputs.push_back(std::move(input));
  image::OutputMap output{"hidden", {}};
  for (uint32_t n = 0; n < neurons; ++n)
    output.neurons.push_back({core_of(n), compartment_of(n)});
  image.outputs.push_back(std::move(output));
  return image;
}

/// Host patterns that drive `percent` % of `neurons`, chosen at random per pattern.
std::vector<ref::HostInput> lif_drive(uint32_t neurons, int64_t percent, uint32_t patterns) {
  std::mt19937_64 rng(42);
  std::vector<ref::HostInput> drive;
  for (uint32_t p = 0; p < patterns; ++p) {
    std::vector<int64_t> spikes(neurons, 0);
    for (int64_t& spike : spikes)
      spike = static_cast<int64_t>(rng() % 1000) < percent * 10 ? 1 : 0;
    drive.push_back({spikes});
  }
  return drive;
}

/// Images are built once per process: the 100k one takes seconds.
const image::Image& cached_image(uint32_t neurons, uint32_t cores, double p) {
  static std::map<uint32_t, image::Image> images;
  auto found = images.find(neurons);
  if (found == images.end())
    found = images.emplace(neurons, lif_image(neurons, cores, p, 7)).first;
  return found->second;
}

void run_lif(benchmark::State& state, uint32_t neurons, uint32_t cores, double p) {
  const image::Image& image = cached_image(neurons, cores, p);
  const auto drive = lif_drive(neurons, 10, 16);
  sim::SimulatorOptions options;
  options.threads = static_cast<unsigned>(state.range(0));
  options.mesh = state.range(1) ? sim::MeshModel::CycleStepped : sim::MeshModel::EventDriven;
  const bool pipelined = state.range(2) != 0;
  sim::ChipSimulator simulator(image, options);
  // Two warm-up steps: the first integrates nothing yet.
  simulator.step(drive[0]);
  simulator.step(drive[1]);
  simulator.reset_counters();
  const int64_t first_step = simulator.steps_run();
  size_t next = 2;
  for (auto _ : state) {
    if (pipelined) {
      benchmark::DoNotOptimize(simulator.advance(drive[next]).outputs.data());
      benchmark::DoNotOptimize(simulator.take_results().size());
    } else {
      const sim::StepResult result = simulator.step(drive[next]);
      benchmark::DoNotOptimize(result.timing.cycles);
    }
    next = (next + 1) % drive.size();
  }
  simulator.finish();
  const sim::EventCounts& events = simulator.total_events();
  const auto steps = static_cast<double>(simulator.steps_run() - first_step);
  const auto synapses = static_cast<double>(simulator.synapse_count());
  state.counters["threads"] = static_cast<double>(options.threads);
  state.counters["pipelined"] = pipelined ? 1 : 0;
  state.counters["synaptic_events_per_s"] =
      benchmark::Counter(static_cast<double>(events.synaptic_ops), benchmark::Counter::kIsRate);
  state.counters["steps_per_s"] = benchmark::Counter(steps, benchmark::Counter::kIsRate);
  state.counters["active_pct"] = 100.0 * static_cast<double>(events.spikes) / (steps * neurons);
  state.counters["syn_events_per_step"] = static_cast<double>(events.synaptic_ops) / steps;
  state.counters["packets_per_step"] = static_cast<double>(events.packets_sent) / steps;
  state.counters["mesh_packets_per_step"] = static_cast<double>(events.packets_over_mesh()) / steps;
  state.counters["cycles_per_step"] = static_cast<double>(simulator.total_cycles()) / steps;
  state.counters["synapses"] = synapses;
  state.counters["bytes_per_synapse"] =
      static_cast<double>(simulator.engine_memory_bytes()) / synapses;
}

/// Synapses a spike of each output neuron reaches (lif_image: output i is neuron i).
std::vector<uint64_t> fan_out(const image::Image& image) {
  auto synapses_of = [&](const image::AxonTarget& target) -> uint64_t {
    for (const image::SynapseBlock& block : image.cores[target.core].synapses)
      if (target.axon >= block.first_axon && target.axon < block.end_axon())
        return block.axons[target.axon - block.first_axon].size();
    return 0;
  };
  std::vector<uint64_t> synapses;
  for (const image::CompartmentRef& neuron : image.outputs[0].neurons) {
    uint64_t total = 0;
    for (const image::AxonTarget& target : image.cores[neuron.core].axons[neuron.compartment])
      total += synapses_of(target);
    synapses.push_back(total);
  }
  return synapses;
}

/// The same network on the integer reference (`gyrus sim --engine ref`): the function
/// alone, without the cores' pipelines and the mesh, which is what Brian2 computes.
void run_lif_reference(benchmark::State& state, uint32_t neurons, uint32_t cores, double p) {
  const image::Image& image = cached_image(neurons, cores, p);
  const auto drive = lif_drive(neurons, 10, 16);
  const std::vector<uint64_t> synapses = fan_out(image);
  ref::ReferenceNetwork reference(image);
  reference.step(drive[0]);
  reference.step(drive[1]);
  size_t next = 2;
  // The reference keeps no counters: a step's synaptic events are counted from what it
  // sent (each spike's synapses, and one per host spike), inside the timed loop, which
  // makes the reference look a little slower, never faster.
  uint64_t events = 0;
  for (auto _ : state) {
    reference.step(drive[next]);
    const std::vector<int64_t>& spiked = reference.outputs()[0];
    for (uint32_t n = 0; n < neurons; ++n)
      events +=
          static_cast<uint64_t>(spiked[n]) * synapses[n] + static_cast<uint64_t>(drive[next][0][n]);
    next = (next + 1) % drive.size();
  }
  const auto steps = static_cast<double>(state.iterations());
  state.counters["synaptic_events_per_s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["steps_per_s"] = benchmark::Counter(steps, benchmark::Counter::kIsRate);
  state.counters["syn_events_per_step"] = static_cast<double>(events) / steps;
}

void BM_Lif10kReference(benchmark::State& state) {
  run_lif_reference(state, 10000, 16, 0.01);
}
BENCHMARK(BM_Lif10kReference)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Lif10k(benchmark::State& state) {
  run_lif(state, 10000, 16, 0.01);
}
BENCHMARK(BM_Lif10k)
    ->ArgNames({"threads", "stepped", "pipelined"})
    ->Args({1, 0, 0})
    ->Args({2, 0, 0})
    ->Args({2, 0, 1})
    ->Args({1, 1, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_Lif100k(benchmark::State& state) {
  run_lif(state, 100000, 64, 0.001);
}
BENCHMARK(BM_Lif100k)
    ->ArgNames({"threads", "stepped", "pipelined"})
    ->Args({1, 0, 0})
    ->Args({2, 0, 0})
    ->Args({2, 0, 1})
    ->Args({1, 1, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

} // namespace

BENCHMARK_MAIN();
