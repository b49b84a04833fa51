// Partition, placement and the cost model of a synthetic 100 000-neuron network with
// 10 M synapses and spatial locality, on a multi-chip loihi2 (floors: < 60 s and
// < 4 GB per strategy).
//
// The neurons sit on a 400 x 250 grid; each has 98 synapses to neurons drawn uniformly
// within a radius of 6 grid steps and 2 to neurons anywhere, a sparse local network
// with a little long-range wiring like a trained BIMT network's. loihi2's 4096 input
// axons and 128 KiB of synapse memory per core bind long before its 8192 compartments,
// so the network needs a few hundred cores (linear, whose row-major strips need many
// input axons, 707): the preset is loaded and given 6 chips (768 cores).
// Peak resident memory (peak_rss_MiB) includes the network itself (about 100 MB).
#include "bench/bench_support.h"
#include "gyrus/Mapping/CostModel.h"
#include "gyrus/Mapping/Network.h"
#include "gyrus/Mapping/Partition.h"
#include "gyrus/Mapping/Placement.h"

#include <benchmark/benchmark.h>
#include <cmath>
#include <random>

namespace {

using namespace gyrus::mapping;

constexpr int32_t kColumns = 400;
constexpr int32_t kRows = 250;
constexpr int32_t kLocalPerNeuron = 98;
constexpr int32_t kLongRangePerNeuron = 2;
constexpr double kRadius = 6.0;

MappingNetwork make_network() {
  const int32_t neurons = kColumns * kRows;
  MappingNetwork network;
  Population hidden{"hidden", "leaky_sigma_delta", 0, neurons, false, {}};
  hidden.positions.reserve(neurons);
  for (int32_t n = 0; n < neurons; ++n)
    hidden.positions.push_back(
        {static_cast<float>(n % kColumns), static_cast<float>(n / kColumns)});
  network.populations.push_back(std::move(hidden));
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::uniform_int_distribution<int32_t> anywhere(0, neurons - 1);
  network.out_indptr.reserve(neurons + 1);
  const int64_t synapses = int64_t{neurons} * (kLocalPerNeuron + kLongRangePerNeuron);
  network.out_targets.reserve(synapses);
  network.out_weights.reserve(synapses);
  for (int32_t n = 0; n < neurons; ++n) {
    const int32_t x = n % kColumns, y = n / kColumns;
    for (int32_t k = 0; k < kLocalPerNeuron;) {
      const double radius = kRadius * std::sqrt(unit(rng)), angle = 2 * M_PI * unit(rng);
      const auto tx = static_cast<int32_t>(std::lround(x + radius * std::cos(angle)));
      const auto ty = static_cast<int32_t>(std::lround(y + radius * std::sin(angle)));
      if (tx < 0 || tx >= kColumns || ty < 0 || ty >= kRows || (tx == x && ty == y))
        continue;
      network.out_targets.push_back(ty * kColumns + tx);
      network.out_weights.push_back(static_cast<float>(unit(rng)));
      ++k;
    }
    for (int32_t k = 0; k < kLongRangePerNeuron; ++k) {
      network.out_targets.push_back(anywhere(rng));
      network.out_weights.push_back(static_cast<float>(unit(rng)));
    }
    network.out_indptr.push_back(static_cast<int64_t>(network.out_targets.size()));
  }
  return network;
}

const MappingNetwork& network() {
  static const MappingNetwork instance = make_network();
  return instance;
}

gyrus::target::TargetDescription six_chip_loihi2() {
  gyrus::target::TargetDescription target = gyrus::target::load_preset("loihi2");
  target.mesh.chips = 6;
  return target;
}

void map(benchmark::State& state, PartitionStrategy strategy, PlacementStrategy placement) {
  const MappingNetwork& net = network();
  const gyrus::target::TargetDescription target = six_chip_loihi2();
  PartitionOptions partition_options;
  partition_options.strategy = strategy;
  partition_options.seed = 1;
  partition_options.anneal_iterations = 200'000;
  PlacementOptions placement_options;
  placement_options.strategy = placement;
  placement_options.seed = 1;
  CostReport report;
  for (auto _ : state) {
    const PartitionResult partition = gyrus::mapping::partition(net, target, partition_options);
    if (!partition.ok()) {
      state.SkipWithError(partition.error.c_str());
      return;
    }
    const PlacementResult placed = place(net, partition, target, placement_options);
    report = evaluate(net, partition, placed, target);
    benchmark::DoNotOptimize(report);
  }
  state.counters["cores"] = report.cores_used;
  state.counters["packets_per_step"] = report.packets_per_step;
  state.counters["spike_hops_per_step"] = report.spike_hops_per_step;
  state.counters["max_link_flits"] = report.max_link_flits_per_step;
  state.counters["core_wiring"] = report.core_wiring;
  state.counters["peak_rss_MiB"] = gyrus::bench::peak_resident_mib();
}

void BM_MapSpatial(benchmark::State& state) {
  map(state, PartitionStrategy::spatial, PlacementStrategy::spatial);
}
void BM_MapMetis(benchmark::State& state) {
  map(state, PartitionStrategy::metis, PlacementStrategy::spatial);
}
void BM_MapAnneal(benchmark::State& state) {
  map(state, PartitionStrategy::anneal, PlacementStrategy::anneal);
}
void BM_MapLinear(benchmark::State& state) {
  map(state, PartitionStrategy::linear, PlacementStrategy::linear);
}

BENCHMARK(BM_MapSpatial)->Unit(benchmark::kSecond)->Iterations(1);
BENCHMARK(BM_MapMetis)->Unit(benchmark::kSecond)->Iterations(1);
BENCHMARK(BM_MapAnneal)->Unit(benchmark::kSecond)->Iterations(1);
BENCHMARK(BM_MapLinear)->Unit(benchmark::kSecond)->Iterations(1);

} // namespace

BENCHMARK_MAIN();
