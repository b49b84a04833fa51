// Shared by the simulator's tests: small test targets and random multi-core images with
// a host input port, as sim_test.cpp and sim_equivalence_test.cpp use them.
#pragma once

#include "runtime/image/image.h"
#include "runtime/ref/network.h"
#include "targets/target_description.h"

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace gyrus::sim::testing {

using image::Coord;

struct NocShape {
  int router = 3;
  int link_east_west = 1;
  int link_north_south = 3;
  int packet_flits = 2;
  int buffer_flits = 16;
};

inline target::TargetDescription test_target(int64_t cols, int64_t rows, int64_t cores_per_tile,
                                             int64_t chips, const NocShape& noc = {}) {
  target::TargetDescription target = target::load_preset("mini");
  target.mesh = {cols, rows, cores_per_tile, chips};
  target.noc.router_pipeline_cycles = noc.router;
  target.noc.link_cycles_east_west = noc.link_east_west;
  target.noc.link_cycles_north_south = noc.link_north_south;
  target.noc.packet_flits = noc.packet_flits;
  target.noc.buffer_flits = noc.buffer_flits;
  return target;
}

enum class Models { CubaLif, LeakySigmaDelta, Mixed };

inline image::NeuronParams random_params(std::mt19937_64& rng, Models models, uint32_t core,
                                         image::SpikeKind& kind) {
  auto pick = [&rng](int64_t lo, int64_t hi) {
    return static_cast<int32_t>(lo +
                                static_cast<int64_t>(rng() % static_cast<uint64_t>(hi - lo + 1)));
  };
  const int model = models == Models::CubaLif           ? 0
                    : models == Models::LeakySigmaDelta ? 2
                                                        : static_cast<int>(core % 4);
  kind = model == 0 || model == 3 ? image::SpikeKind::Binary : image::SpikeKind::Graded;
  switch (model) {
  case 0:
    return image::CubaLifParams{pick(0, 4095), pick(0, 4095), pick(1, 300), pick(0, 4), pick(0, 3)};
  case 1:
    return image::SigmaDeltaParams{pick(0, 50), pick(0, 3),
                                   pick(0, 1) ? image::SigmaDeltaActivation::Unit
                                              : image::SigmaDeltaActivation::Relu};
  case 2:
    return image::LeakySigmaDeltaParams{pick(1, 4096), pick(0, 20), 7};
  default:
    return image::LinearParams{7};
  }
}

/// A random valid image of `core_count` cores on a 4 x 4 mesh of 2 cores per tile: one
/// group per core, every compartment sending to 1-3 cores, each destination's input axons
/// split over two synapse blocks with their own weight exponents, delays 0-3, a host input
/// port into every core and an output port over every compartment.
inline image::Image random_network(uint64_t seed, Models models, uint32_t core_count = 6) {
  std::mt19937_64 rng(seed);
  auto pick = [&rng](int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(rng() % static_cast<uint64_t>(hi - lo + 1));
  };
  image::Image image;
  image.target = test_target(4, 4, 2, 1);
  std::vector<Coord> places;
  for (uint32_t y = 0; y < 4; ++y)
    for (uint32_t x = 0; x < 4; ++x)
      for (uint32_t slot = 0; slot < 2; ++slot)
        places.push_back({0, x, y, slot});
  std::shuffle(places.begin(), places.end(), rng);

  image.cores.resize(core_count);
  // Weight exponents [low, high] and weight magnitudes per core. sigma_delta's sigma is
  // unbounded, so its synapses are weak enough (at most 8 · 2^-7 each) that recurrent
  // loops shrink rather than grow payloads past int64.
  std::vector<std::pair<int32_t, int32_t>> weight_exp_range(core_count);
  std::vector<int32_t> weight_limit(core_count, 255);
  for (uint32_t c = 0; c < core_count; ++c) {
    image::Core& core = image.cores[c];
    core.coord = places[c];
    image::CompartmentGroup group;
    group.params = random_params(rng, models, c, group.spike_kind);
    const bool lif = std::holds_alternative<image::CubaLifParams>(group.params);
    group.bias.resize(static_cast<size_t>(pick(8, 24)));
    for (int32_t& bias : group.bias)
      bias = static_cast<int32_t>(lif ? pick(-100, 400) : pick(-2000, 6000));
    group.population = c;
    image.metadata.populations.push_back({"pop" + std::to_string(c), group.count()});
    core.groups.push_back(std::move(group));
    const bool sigma_delta = std::holds_alternative<image::SigmaDeltaParams>(group.params);
    weight_exp_range[c] = lif           ? std::pair{-2, 2}
                          : sigma_delta ? std::pair{-7, -7}
                                        : std::pair{-7, 2};
    weight_limit[c] = sigma_delta ? 8 : 255;
  }

  // Axon tables first: every (source, destination core) gets the destination's next axon.
  std::vector<uint32_t> axons_used(core_count, 0);
  auto random_targets = [&] {
    std::vector<image::AxonTarget> row;
    std::set<uint32_t> dests;
    for (int64_t k = pick(1, 3); k > 0; --k)
      dests.insert(static_cast<uint32_t>(pick(0, core_count - 1)));
    for (uint32_t dest : dests)
      row.push_back({dest, axons_used[dest]++});
    return row;
  };
  for (image::Core& core : image.cores) {
    core.axons.resize(core.compartment_count());
    if (!std::holds_alternative<image::LinearParams>(core.groups[0].params))
      for (auto& row : core.axons)
        row = random_targets();
  }
  image::InputMap input;
  input.name = "in";
  input.spike_kind =
      models == Models::CubaLif ? image::SpikeKind::Binary : image::SpikeKind::Graded;
  input.neurons.resize(8);
  for (auto& row : input.neurons)
    row = random_targets();
  image.inputs.push_back(std::move(input));

  for (uint32_t c = 0; c < core_count; ++c) {
    image::Core& core = image.cores[c];
    const uint32_t axons = axons_used[c];
    if (axons == 0)
      continue;
    const uint32_t split = std::max<uint32_t>(1, axons / 2);
    for (auto [first, end] : {std::pair{0u, split}, std::pair{split, axons}}) {
      if (first == end)
        continue;
      image::SynapseBlock block;
      block.first_axon = first;
      block.weight_exp =
          static_cast<int32_t>(pick(weight_exp_range[c].first, weight_exp_range[c].second));
      block.axons.resize(end - first);
      for (auto& synapses : block.axons)
        for (int64_t s = pick(1, 6); s > 0; --s)
          synapses.push_back({static_cast<uint32_t>(pick(0, core.compartment_count() - 1)),
                              static_cast<int32_t>(pick(-weight_limit[c], weight_limit[c])),
                              static_cast<uint32_t>(pick(0, 3))});
      core.synapses.push_back(std::move(block));
    }
  }
  image::OutputMap output{"all", {}};
  for (uint32_t c = 0; c < core_count; ++c)
    for (uint32_t k = 0; k < image.cores[c].compartment_count(); ++k)
      output.neurons.push_back({c, k});
  image.outputs.push_back(std::move(output));
  return image;
}

inline ref::HostInput random_input(std::mt19937_64& rng, const image::InputMap& port) {
  std::vector<int64_t> values(port.neurons.size(), 0);
  for (int64_t& value : values)
    if (rng() % 3 == 0)
      value = port.spike_kind == image::SpikeKind::Binary
                  ? 1
                  : static_cast<int64_t>(rng() % 4000) - 1000;
  return {values};
}

} // namespace gyrus::sim::testing
