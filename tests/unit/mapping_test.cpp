#include "gyrus/Mapping/CostModel.h"
#include "gyrus/Mapping/Fanout.h"
#include "gyrus/Mapping/Network.h"
#include "gyrus/Mapping/Partition.h"
#include "gyrus/Mapping/Placement.h"
#include "gyrus/Mapping/Resources.h"
#include "gyrus/Mapping/Routing.h"
#include "targets/synapse_encoding.h"
#include "targets/target_description.h"

#include <gtest/gtest.h>
#include <random>
#include <set>

namespace gyrus::mapping {
namespace {

using target::TargetDescription;

constexpr PartitionStrategy kPartitionStrategies[] = {
    PartitionStrategy::spatial, PartitionStrategy::linear, PartitionStrategy::random,
    PartitionStrategy::hilbert, PartitionStrategy::metis,  PartitionStrategy::anneal};
constexpr PlacementStrategy kPlacementStrategies[] = {
    PlacementStrategy::spatial, PlacementStrategy::linear, PlacementStrategy::random,
    PlacementStrategy::hilbert, PlacementStrategy::anneal};

/// mini with a mesh big enough for any random test network.
TargetDescription roomy_mini() {
  TargetDescription target = target::load_preset("mini");
  target.mesh.cols = 8;
  target.mesh.rows = 8;
  target.mesh.cores_per_tile = 2;
  target.mesh.chips = 2;
  return target;
}

struct RandomCase {
  MappingNetwork network;
  TargetDescription target;
};

/// A random network (an input population and one to three on-chip populations, some
/// with positions, random projections, sometimes with delays) and per-core limits
/// small enough that each of them binds somewhere, yet every single neuron fits.
RandomCase random_case(uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  NetworkBuilder builder;
  std::vector<int32_t> counts;
  const int on_chip = uniform(1, 3);
  counts.push_back(uniform(1, 30));
  builder.add_population("in", "linear", counts.back(), {}, true);
  for (int p = 0; p < on_chip; ++p) {
    counts.push_back(uniform(1, 150));
    std::vector<Position> positions;
    if (uniform(0, 2) > 0)
      for (int i = 0; i < counts.back(); ++i)
        positions.push_back(
            {static_cast<float>(uniform(0, 30)), static_cast<float>(uniform(0, 30))});
    builder.add_population("p" + std::to_string(p), "cuba_lif", counts.back(),
                           std::move(positions));
  }
  const bool delays = uniform(0, 1) == 1;
  for (int projection = 0; projection < 2 * on_chip; ++projection) {
    const int from = uniform(0, on_chip), to = uniform(1, on_chip);
    std::vector<int64_t> indptr = {0};
    std::vector<int32_t> indices, delay_values;
    std::vector<float> weights;
    for (int row = 0; row < counts[to]; ++row) {
      for (int k = uniform(0, 4); k > 0; --k) {
        indices.push_back(uniform(0, counts[from] - 1));
        weights.push_back(static_cast<float>(uniform(-100, 100)));
        if (delays)
          delay_values.push_back(uniform(0, 5));
      }
      indptr.push_back(static_cast<int64_t>(indices.size()));
    }
    builder.add_projection(from, to, indptr, indices, weights, delay_values);
  }
  TargetDescription target = roomy_mini();
  target.core.compartments = uniform(4, 40);
  // A neuron has at most 2 * on_chip * 4 <= 24 incoming synapses, and at most
  // 24 * 150 outgoing ones spread over few cores; the limits leave room for one.
  target.core.in_axons = uniform(24, 120);
  target.core.out_axons = uniform(150, 400);
  target.core.synapse_bits = 64 * uniform(24, 200);
  return {std::move(builder).build(), target};
}

/// Checks what every partition must satisfy.
void expect_valid_partition(const MappingNetwork& network, const TargetDescription& target,
                            const PartitionResult& result, const std::string& context) {
  ASSERT_TRUE(result.ok()) << context << ": " << result.error;
  ASSERT_EQ(static_cast<int32_t>(result.core_of_neuron.size()), network.num_neurons());
  ASSERT_LE(result.num_cores(), target.mesh.cores());
  const std::vector<int32_t> population = network.population_of_neurons();
  std::vector<int64_t> neurons_on(result.num_cores(), 0);
  for (int32_t n = 0; n < network.num_neurons(); ++n) {
    const int32_t core = result.core_of_neuron[n];
    if (network.populations[population[n]].is_input) {
      EXPECT_EQ(core, -1) << context << ": input neuron " << n << " was placed";
      continue;
    }
    ASSERT_GE(core, 0) << context << ": neuron " << n << " has no core";
    ASSERT_LT(core, result.num_cores()) << context;
    EXPECT_EQ(result.population_of_core[core], population[n])
        << context << ": core " << core << " mixes populations";
    ++neurons_on[core];
  }
  for (int32_t core = 0; core < result.num_cores(); ++core)
    EXPECT_GT(neurons_on[core], 0) << context << ": core " << core << " is empty";
  const auto usage = core_usage(network, result.core_of_neuron, result.num_cores(), target);
  const auto violation = find_limit_violation(usage, target);
  EXPECT_FALSE(violation) << context << ": " << violation.value_or("");
}

PartitionOptions options_for(PartitionStrategy strategy, uint64_t seed) {
  PartitionOptions options;
  options.strategy = strategy;
  options.seed = seed;
  options.anneal_start = PartitionStrategy::random;
  options.anneal_iterations = 3000;
  return options;
}

TEST(MappingPartition, EveryStrategyRespectsEveryLimitOnRandomNetworks) {
  std::array<int64_t, 4> binding{}; // how often each limit was the one closest to full
  for (uint64_t seed = 0; seed < 40; ++seed) {
    const RandomCase test = random_case(seed);
    for (PartitionStrategy strategy : kPartitionStrategies) {
      const std::string context =
          "seed " + std::to_string(seed) + ", " + std::string(to_string(strategy));
      const PartitionOptions options = options_for(strategy, seed);
      const PartitionResult result = partition(test.network, test.target, options);
      expect_valid_partition(test.network, test.target, result, context);
      const PartitionResult again = partition(test.network, test.target, options);
      EXPECT_EQ(result.core_of_neuron, again.core_of_neuron) << context << ": not deterministic";
      for (const CoreUsage& used :
           core_usage(test.network, result.core_of_neuron, result.num_cores(), test.target)) {
        const double fill[] = {double(used.compartments) / test.target.core.compartments,
                               double(used.in_axons) / test.target.core.in_axons,
                               double(used.out_axons) / test.target.core.out_axons,
                               double(used.synapse_bits) / test.target.core.synapse_bits};
        ++binding[std::max_element(std::begin(fill), std::end(fill)) - std::begin(fill)];
      }
    }
  }
  // The random limits make compartments, input axons and synapse memory each the
  // tightest limit of some core (output axons rarely bind at this fan-out).
  EXPECT_GT(binding[0], 0);
  EXPECT_GT(binding[1], 0);
  EXPECT_GT(binding[3], 0);
}

TEST(MappingPartition, MinCoresSpreadsTheNetwork) {
  for (uint64_t seed = 0; seed < 10; ++seed) {
    const RandomCase test = random_case(seed);
    PartitionOptions options = options_for(PartitionStrategy::linear, seed);
    const int32_t cores = partition(test.network, test.target, options).num_cores();
    int32_t on_chip = 0;
    for (const Population& population : test.network.populations)
      on_chip += population.is_input ? 0 : population.count;
    options.min_cores = std::min(cores + 5, on_chip);
    const PartitionResult spread = partition(test.network, test.target, options);
    expect_valid_partition(test.network, test.target, spread, "seed " + std::to_string(seed));
    EXPECT_GE(spread.num_cores(), options.min_cores);
  }
}

TEST(MappingPartition, OutputAxonLimitIsRepaired) {
  // One neuron fans out to 40 neurons: with 4-compartment cores it reaches 10 cores,
  // so a limit of 12 output axons cannot hold 4 such neurons on one core.
  NetworkBuilder builder;
  builder.add_population("a", "cuba_lif", 4);
  builder.add_population("b", "cuba_lif", 40);
  std::vector<int64_t> indptr = {0};
  std::vector<int32_t> indices;
  for (int32_t row = 0; row < 40; ++row) {
    for (int32_t source = 0; source < 4; ++source)
      indices.push_back(source);
    indptr.push_back(static_cast<int64_t>(indices.size()));
  }
  builder.add_projection(0, 1, indptr, indices, std::vector<float>(indices.size(), 1.0f));
  const MappingNetwork network = std::move(builder).build();
  TargetDescription target = roomy_mini();
  target.core.compartments = 4;
  target.core.out_axons = 12;
  for (PartitionStrategy strategy : kPartitionStrategies) {
    const PartitionResult result = partition(network, target, options_for(strategy, 1));
    expect_valid_partition(network, target, result, std::string(to_string(strategy)));
  }
}

TEST(MappingResources, CountsAxonsAndSynapseBitsLikeTheChipVerifier) {
  // Host inputs in0, in1; hidden h0..h3 with h0, h1 on core 0 and h2, h3 on core 1.
  NetworkBuilder builder;
  builder.add_population("in", "linear", 2, {}, true);
  builder.add_population("h", "cuba_lif", 4);
  // Rows are targets h0..h3; indices are sources.
  const std::vector<int64_t> input_indptr = {0, 1, 2, 3, 4};
  const std::vector<int32_t> input_sources = {0, 0, 0, 1}; // in0->h0,h1,h2; in1->h3
  builder.add_projection(0, 1, input_indptr, input_sources, std::vector<float>(4, 1.0f));
  const std::vector<int64_t> recurrent_indptr = {0, 1, 3, 4, 5};
  const std::vector<int32_t> recurrent_sources = {3, 0, 1, 0, 0}; // h3->h0; h0,h1->h1; h0->h2,h3
  builder.add_projection(1, 1, recurrent_indptr, recurrent_sources, std::vector<float>(5, -2.0f));
  const MappingNetwork network = std::move(builder).build();
  const TargetDescription target = target::load_preset("mini");
  const std::vector<int32_t> core_of = {-1, -1, 0, 0, 1, 1};
  const auto usage = core_usage(network, core_of, 2, target);
  ASSERT_EQ(usage.size(), 2u);
  // Core 0 is fed by in0 (2 synapses), h0, h1 and h3: 4 axons. Core 1 by in0, in1
  // and h0 (2 synapses): 3 axons.
  EXPECT_EQ(usage[0].compartments, 2);
  EXPECT_EQ(usage[0].in_axons, 4);
  EXPECT_EQ(usage[1].in_axons, 3);
  // h0 reaches cores 0 and 1, h1 core 0: 3; h3 reaches core 0: 1.
  EXPECT_EQ(usage[0].out_axons, 3);
  EXPECT_EQ(usage[1].out_axons, 1);
  // Two compartments: largest index 1, raised to min_index_bits = 6; 8 weight bits,
  // no delays: 14 bits a synapse. Every axon here has at most 2 synapses, one group of
  // 10 + 2 * 14 bits, one 64-bit word.
  EXPECT_EQ(usage[0].index_bits, 6);
  EXPECT_EQ(usage[0].synapse_bits, 4 * 64);
  EXPECT_EQ(usage[1].synapse_bits, 3 * 64);
  EXPECT_EQ(usage[0].synapses, 5);
  EXPECT_FALSE(find_limit_violation(usage, target));
}

TEST(MappingResources, SynapseBitsUseGroupsIndexAndDelayBits) {
  // One source with 70 synapses onto a core of 70 compartments, delays up to 5:
  // index bits 7 (largest index 69), delay bits 3, weight 8: 18 bits a synapse. The
  // groups of 64 and 6 take ceil((64*18 + 10)/64) = 19 and ceil((6*18 + 10)/64) = 2
  // words: 21 * 64 bits, as the chip verifier's synapseBits counts one block.
  NetworkBuilder builder;
  builder.add_population("in", "linear", 1, {}, true);
  builder.add_population("h", "cuba_lif", 70);
  std::vector<int64_t> indptr(71);
  for (int i = 0; i <= 70; ++i)
    indptr[i] = i;
  std::vector<int32_t> delays(70, 0);
  delays[10] = 5;
  builder.add_projection(0, 1, indptr, std::vector<int32_t>(70, 0), std::vector<float>(70, 1.0f),
                         delays);
  const MappingNetwork network = std::move(builder).build();
  TargetDescription target = target::load_preset("mini");
  target.core.compartments = 128;
  std::vector<int32_t> core_of(71, 0);
  core_of[0] = -1;
  const auto usage = core_usage(network, core_of, 1, target);
  EXPECT_EQ(usage[0].index_bits, 7);
  EXPECT_EQ(usage[0].delay_bits, 3);
  EXPECT_EQ(usage[0].synapse_bits, 21 * 64);
  const std::vector<int64_t> axon = {70};
  EXPECT_EQ(synapse_memory_bits(axon, 70, 5, target), 21 * 64);
  EXPECT_EQ(usage[0].synapse_bits,
            target::synapse_axon_bits(target.core.synapse_encoding, 70, 8, 3, 7));
  target.core.synapse_bits = 20 * 64;
  const auto violation = find_limit_violation(usage, target);
  ASSERT_TRUE(violation);
  EXPECT_NE(violation->find("core 0"), std::string::npos) << *violation;
  EXPECT_NE(violation->find("synapse memory"), std::string::npos) << *violation;
  EXPECT_NE(violation->find("by 64"), std::string::npos) << *violation;
}

TEST(MappingNetwork, BuilderTurnsTargetRowsIntoSourceRows) {
  NetworkBuilder builder;
  builder.add_population("a", "cuba_lif", 2);
  builder.add_population("b", "cuba_lif", 3);
  // Targets b0..b2 from a: b0 <- a1, b2 <- a0, a1.
  const std::vector<int64_t> indptr = {0, 1, 1, 3};
  const std::vector<int32_t> indices = {1, 0, 1};
  const std::vector<float> weights = {-0.5f, 2.0f, 3.0f};
  builder.add_projection(0, 1, indptr, indices, weights);
  const MappingNetwork network = std::move(builder).build();
  EXPECT_EQ(network.out_indptr, (std::vector<int64_t>{0, 1, 3, 3, 3, 3}));
  EXPECT_EQ(network.out_targets, (std::vector<int32_t>{4, 2, 4}));
  EXPECT_EQ(network.out_weights, (std::vector<float>{2.0f, 0.5f, 3.0f}));
  const IncomingSynapses incoming = IncomingSynapses::of(network);
  EXPECT_EQ(incoming.indptr, (std::vector<int64_t>{0, 0, 0, 1, 1, 3}));
  EXPECT_EQ(incoming.sources, (std::vector<int32_t>{1, 0, 1}));
  EXPECT_THROW(builder.add_projection(0, 1, indptr, std::vector<int32_t>{1, 0, 2}, weights),
               MappingError);
}

/// Four modules on the quadrants of a 20 x 20 grid, 100 neurons each, with 12
/// synapses per neuron to random neurons of its own module.
MappingNetwork planted_modules() {
  std::vector<Position> positions;
  std::vector<int32_t> module_of;
  for (int32_t y = 0; y < 20; ++y)
    for (int32_t x = 0; x < 20; ++x) {
      positions.push_back({static_cast<float>(x), static_cast<float>(y)});
      module_of.push_back((x / 10) + 2 * (y / 10));
    }
  std::vector<std::vector<int32_t>> members(4);
  for (int32_t n = 0; n < 400; ++n)
    members[module_of[n]].push_back(n);
  std::mt19937_64 rng(7);
  std::vector<int64_t> indptr = {0};
  std::vector<int32_t> indices;
  for (int32_t n = 0; n < 400; ++n) {
    const auto& module = members[module_of[n]];
    for (int k = 0; k < 12; ++k)
      indices.push_back(module[std::uniform_int_distribution<size_t>(0, module.size() - 1)(rng)]);
    indptr.push_back(static_cast<int64_t>(indices.size()));
  }
  NetworkBuilder builder;
  builder.add_population("hidden", "leaky_sigma_delta", 400, positions);
  builder.add_projection(0, 0, indptr, indices, std::vector<float>(indices.size(), 1.0f));
  return std::move(builder).build();
}

TEST(MappingPartition, SpatialKeepsPlantedModulesOnTheirMinimumCores) {
  const MappingNetwork network = planted_modules();
  const TargetDescription target = target::load_preset("mini"); // 16 cores of 64
  PartitionOptions options;
  options.strategy = PartitionStrategy::spatial;
  const PartitionResult spatial = partition(network, target, options);
  expect_valid_partition(network, target, spatial, "spatial");
  std::vector<std::set<int32_t>> cores_of_module(4);
  for (int32_t n = 0; n < 400; ++n) {
    const auto& p = network.populations[0].positions[n];
    cores_of_module[int(p[0]) / 10 + 2 * (int(p[1]) / 10)].insert(spatial.core_of_neuron[n]);
  }
  for (const auto& cores : cores_of_module)
    EXPECT_LE(cores.size(), 2u); // ceil(100 / 64)

  options.strategy = PartitionStrategy::random;
  const PartitionResult random = partition(network, target, options);
  PlacementOptions placement;
  const auto spatial_cost =
      evaluate(network, spatial, place(network, spatial, target, placement), target);
  const auto random_cost =
      evaluate(network, random, place(network, random, target, placement), target);
  EXPECT_LT(spatial_cost.packets_per_step, random_cost.packets_per_step);
  EXPECT_LE(spatial_cost.packets_per_step, 400); // at most its module's other core
  EXPECT_LT(spatial_cost.spike_hops_per_step, random_cost.spike_hops_per_step);

  // METIS finds the modules from the synapses alone; annealing a random start
  // recovers much of the locality.
  options.strategy = PartitionStrategy::metis;
  const auto metis = partition(network, target, options);
  expect_valid_partition(network, target, metis, "metis");
  const auto metis_cost =
      evaluate(network, metis, place(network, metis, target, placement), target);
  EXPECT_LT(metis_cost.packets_per_step, random_cost.packets_per_step / 2);
  options = options_for(PartitionStrategy::anneal, 3);
  options.anneal_iterations = 50'000;
  const auto annealed = partition(network, target, options);
  expect_valid_partition(network, target, annealed, "anneal");
  const auto annealed_cost =
      evaluate(network, annealed, place(network, annealed, target, placement), target);
  EXPECT_LT(annealed_cost.packets_per_step, 0.8 * random_cost.packets_per_step);
}

TEST(MappingPartition, UnfitNetworkErrorNamesPopulationAndNumbers) {
  NetworkBuilder builder;
  builder.add_population("hidden", "cuba_lif", 400);
  builder.add_population("wide", "linear", 768);
  const MappingNetwork network = std::move(builder).build();
  const TargetDescription target = target::load_preset("mini");
  const PartitionResult result = partition(network, target, PartitionOptions{});
  ASSERT_FALSE(result.ok());
  for (const char* expected : {"needs 19 cores", "3 more than the 16 of target 'mini'",
                               "population 'hidden' needs 7 cores of 64 compartments",
                               "population 'wide' needs 12 cores", "split by compartments"})
    EXPECT_NE(result.error.find(expected), std::string::npos) << result.error;

  NetworkBuilder exotic;
  exotic.add_population("odd", "izhikevich", 3);
  const PartitionResult unsupported =
      partition(std::move(exotic).build(), target, PartitionOptions{});
  EXPECT_NE(unsupported.error.find("'izhikevich'"), std::string::npos) << unsupported.error;
}

TEST(MappingPlacement, EveryStrategyGivesDistinctSlotsDeterministically) {
  for (uint64_t seed = 0; seed < 10; ++seed) {
    const RandomCase test = random_case(seed);
    const PartitionResult cores =
        partition(test.network, test.target, options_for(PartitionStrategy::spatial, seed));
    ASSERT_TRUE(cores.ok()) << cores.error;
    for (PlacementStrategy strategy : kPlacementStrategies) {
      PlacementOptions options;
      options.strategy = strategy;
      options.seed = seed;
      options.anneal_iterations = 2000;
      const PlacementResult placed = place(test.network, cores, test.target, options);
      ASSERT_TRUE(placed.ok()) << placed.error;
      ASSERT_EQ(static_cast<int32_t>(placed.coord_of_core.size()), cores.num_cores());
      std::set<std::tuple<int, int, int, int>> used;
      const target::Mesh& mesh = test.target.mesh;
      for (const CoreCoord& c : placed.coord_of_core) {
        EXPECT_TRUE(c.chip >= 0 && c.chip < mesh.chips && c.x >= 0 && c.x < mesh.cols && c.y >= 0 &&
                    c.y < mesh.rows && c.slot >= 0 && c.slot < mesh.cores_per_tile);
        EXPECT_TRUE(used.insert({c.chip, c.x, c.y, c.slot}).second) << "slot used twice";
      }
      EXPECT_EQ(place(test.network, cores, test.target, options).coord_of_core,
                placed.coord_of_core);
    }
  }
}

TEST(MappingPlacement, LinearIsRowMajorAndTooManyCoresFail) {
  const target::Mesh mesh{4, 2, 2, 2};
  EXPECT_EQ(slot_coord(mesh, 0), (CoreCoord{0, 0, 0, 0}));
  EXPECT_EQ(slot_coord(mesh, 1), (CoreCoord{0, 0, 0, 1}));
  EXPECT_EQ(slot_coord(mesh, 2), (CoreCoord{0, 1, 0, 0}));
  EXPECT_EQ(slot_coord(mesh, 8), (CoreCoord{0, 0, 1, 0}));
  EXPECT_EQ(slot_coord(mesh, 16), (CoreCoord{1, 0, 0, 0}));

  const MappingNetwork network = planted_modules();
  TargetDescription target = target::load_preset("mini");
  const PartitionResult cores = partition(network, target, PartitionOptions{});
  target.mesh.cols = 1; // 4 cores
  const PlacementResult placed = place(network, cores, target, PlacementOptions{});
  EXPECT_FALSE(placed.ok());
  EXPECT_NE(placed.error.find("8 cores"), std::string::npos) << placed.error;
}

TEST(MappingRouting, XYRoutesGoAlongXFirstAcrossChips) {
  const target::Mesh mesh{4, 4, 1, 2};
  const CoreCoord from{0, 1, 0, 0}, to{1, 2, 3, 0};
  EXPECT_EQ(hops(mesh, from, to), 8); // columns 1 -> 6, rows 0 -> 3
  const std::vector<RouterCoord> route = xy_route(mesh, from, to);
  const std::vector<RouterCoord> expected = {{0, 1, 0}, {0, 2, 0}, {0, 3, 0}, {1, 0, 0}, {1, 1, 0},
                                             {1, 2, 0}, {1, 2, 1}, {1, 2, 2}, {1, 2, 3}};
  EXPECT_EQ(route, expected);
  EXPECT_EQ(xy_route(mesh, to, to).size(), 1u);
  const std::vector<RouterCoord> back = xy_route(mesh, to, from);
  EXPECT_EQ(back[1], (RouterCoord{1, 1, 3})); // x first on the way back too
  for (uint64_t seed = 0; seed < 200; ++seed) {
    std::mt19937_64 rng(seed);
    auto pick = [&] {
      return CoreCoord{int32_t(rng() % 2), int32_t(rng() % 4), int32_t(rng() % 4), 0};
    };
    const CoreCoord a = pick(), b = pick();
    const auto path = xy_route(mesh, a, b);
    ASSERT_EQ(static_cast<int64_t>(path.size()), hops(mesh, a, b) + 1);
    bool turned = false;
    for (size_t i = 1; i < path.size(); ++i) {
      const bool along_y = path[i].y != path[i - 1].y;
      EXPECT_TRUE(!turned || along_y) << "moved along x after y";
      turned = turned || along_y;
    }
  }
}

TEST(MappingRouting, LinkLoadsCountOnePacketPerDestinationCore) {
  // Neuron a (core 0 at tile (0,0)) sends to two neurons on core 1 at (2,0) and one on
  // core 2 at (2,1); neuron b (core 1) sends to a neuron on its own core only.
  NetworkBuilder builder;
  builder.add_population("a", "cuba_lif", 1);
  builder.add_population("b", "cuba_lif", 3);
  builder.add_population("c", "cuba_lif", 1);
  const std::vector<float> one = {1.0f};
  builder.add_projection(0, 1, std::vector<int64_t>{0, 1, 2, 2}, std::vector<int32_t>{0, 0},
                         std::vector<float>{1.0f, 1.0f});
  builder.add_projection(1, 1, std::vector<int64_t>{0, 0, 0, 1}, std::vector<int32_t>{0}, one);
  builder.add_projection(0, 2, std::vector<int64_t>{0, 1}, std::vector<int32_t>{0}, one);
  const MappingNetwork network = std::move(builder).build();
  const TargetDescription target = target::load_preset("mini"); // 2 flits a packet
  PartitionResult cores;
  cores.core_of_neuron = {0, 1, 1, 1, 2};
  cores.population_of_core = {0, 1, 2};
  PlacementResult placed;
  placed.coord_of_core = {{0, 0, 0, 0}, {0, 2, 0, 0}, {0, 2, 1, 0}};
  const std::vector<double> rates = {0.5, 1.0, 1.0, 1.0, 1.0};
  const LinkLoads loads = link_loads(network, cores, placed, target, rates);
  EXPECT_DOUBLE_EQ(loads.flits({0, 0, 0}, Direction::east), 2.0); // two packets of 2 flits at 0.5
  EXPECT_DOUBLE_EQ(loads.flits({0, 1, 0}, Direction::east), 2.0);
  EXPECT_DOUBLE_EQ(loads.flits({0, 2, 0}, Direction::north), 1.0);
  EXPECT_DOUBLE_EQ(loads.flits({0, 2, 0}, Direction::east), 0.0);
  EXPECT_DOUBLE_EQ(loads.max(), 2.0);
  EXPECT_DOUBLE_EQ(loads.mean(), 5.0 / 48.0); // 48 directed links in a 4 x 4 mesh

  const CostReport report = evaluate(network, cores, placed, target, rates);
  EXPECT_DOUBLE_EQ(report.packets_per_step, 1.0); // 0.5 spikes to 2 cores; b stays home
  EXPECT_DOUBLE_EQ(report.spike_hops_per_step, 0.5 * (2 + 3));
  EXPECT_DOUBLE_EQ(report.core_wiring, 2 + 2 + 3); // three synapses of |w| 1 leave core 0
  EXPECT_DOUBLE_EQ(report.max_core_synaptic_ops_per_step, 2.0); // core 1: 0.5 + 0.5 + 1
  EXPECT_EQ(report.cores_used, 3);
}

TEST(MappingCost, NeuronWiringIsManhattan) {
  NetworkBuilder builder;
  builder.add_population("h", "cuba_lif", 2, {{0.0f, 0.0f}, {3.0f, 4.0f}});
  builder.add_projection(0, 0, std::vector<int64_t>{0, 1, 2}, std::vector<int32_t>{1, 0},
                         std::vector<float>{-2.0f, 0.5f});
  const MappingNetwork network = std::move(builder).build();
  const TargetDescription target = target::load_preset("mini");
  const PartitionResult cores = partition(network, target, PartitionOptions{});
  const PlacementResult placed = place(network, cores, target, PlacementOptions{});
  const CostReport report = evaluate(network, cores, placed, target);
  EXPECT_DOUBLE_EQ(report.neuron_wiring, 2.5 * 7);
  EXPECT_EQ(report.cores_used, 1);
  EXPECT_DOUBLE_EQ(report.packets_per_step, 0.0);
}

} // namespace
} // namespace gyrus::mapping
