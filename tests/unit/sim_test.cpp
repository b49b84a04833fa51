// runtime/sim: the mesh's timing against the equations of docs/runtime.md ("Cycle-
// accurate simulator"), contention, back-pressure, the barrier, energy by hand, and the
// simulator's function against ReferenceNetwork on random multi-core images.
#include "leaky_rnn_image.h"
#include "runtime/image/validate.h"
#include "runtime/ref/network.h"
#include "runtime/sim/chip_simulator.h"
#include "runtime/sim/mesh_network.h"
#include "sim_test_support.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <random>
#include <set>
#include <utility>
#include <vector>

namespace gyrus::sim {
namespace {

using image::Coord;
using testing::Models;
using testing::NocShape;
using testing::random_input;
using testing::random_network;
using testing::test_target;

/// docs/runtime.md's uncontended latency, from the cycle a packet is ready at its source
/// core to the cycle its tail flit leaves the destination router for the core:
///   Σ over hops (router + link of the hop's direction) + router (the destination
///   router's pipeline, on the way to the core) + (packet_flits − 1) × the slowest link,
/// for buffers deep enough that no flit waits for a credit.
int64_t uncontended_latency(const target::Noc& noc, const MeshHops& hops) {
  const int64_t router = noc.router_pipeline_cycles;
  int64_t slowest = 0;
  if (hops.east_west > 0)
    slowest = std::max<int64_t>(slowest, noc.link_cycles_east_west);
  if (hops.north_south > 0)
    slowest = std::max<int64_t>(slowest, noc.link_cycles_north_south);
  return hops.east_west * (router + noc.link_cycles_east_west) +
         hops.north_south * (router + noc.link_cycles_north_south) + router +
         (noc.packet_flits - 1) * slowest;
}

TEST(SimMesh, UncontendedLatencyIsHopsTimesRouterPlusLink) {
  const std::vector<NocShape> shapes = {
      {3, 1, 3, 2, 16}, {0, 1, 1, 1, 16}, {2, 2, 2, 4, 16}, {5, 1, 4, 3, 16}};
  const std::vector<std::pair<Coord, Coord>> trips = {
      {{0, 0, 0, 0}, {0, 3, 0, 0}}, // 3 east
      {{0, 3, 3, 1}, {0, 0, 3, 0}}, // 3 west
      {{0, 1, 0, 0}, {0, 1, 3, 1}}, // 3 north
      {{0, 2, 3, 0}, {0, 2, 1, 0}}, // 2 south
      {{0, 0, 0, 1}, {0, 2, 3, 1}}, // 2 east, 3 north
      {{0, 3, 2, 0}, {1, 0, 0, 0}}, // 1 east across chips, 2 south
      {{1, 1, 1, 0}, {0, 2, 1, 1}}, // 3 west across chips
  };
  for (const NocShape& shape : shapes) {
    const target::TargetDescription target = test_target(4, 4, 2, 2, shape);
    for (const auto& [from, to] : trips) {
      MeshNetwork mesh(target.mesh, target.noc);
      const int64_t ready = 7;
      const uint32_t packet = mesh.add_packet(from, to, ready);
      mesh.run();
      const MeshHops hops = mesh_hops(target.mesh, from, to);
      EXPECT_EQ(mesh.delivered_cycle(packet) - ready, uncontended_latency(target.noc, hops))
          << "router " << shape.router << ", links " << shape.link_east_west << "/"
          << shape.link_north_south << ", " << shape.packet_flits << " flits, " << hops.east_west
          << " east-west + " << hops.north_south << " north-south hops";
      EXPECT_EQ(mesh.total_link_flits(), static_cast<uint64_t>(hops.total() * shape.packet_flits));
    }
  }
}

TEST(SimMesh, SecondPacketOnALinkArrivesPacketFlitsTimesLinkCyclesLater) {
  for (const NocShape& shape : {NocShape{3, 1, 3, 2, 16}, NocShape{1, 2, 5, 4, 16}}) {
    const target::TargetDescription target = test_target(4, 4, 2, 1, shape);
    // Two cores of one tile send over the same links at the same cycle: east, then north.
    for (const auto& [to, link] : {std::pair{Coord{0, 3, 1, 0}, shape.link_east_west},
                                   std::pair{Coord{0, 0, 3, 0}, shape.link_north_south}}) {
      MeshNetwork mesh(target.mesh, target.noc);
      const uint32_t first = mesh.add_packet({0, 0, 1, 0}, to, 0);
      const uint32_t second = mesh.add_packet({0, 0, 1, 1}, to, 0);
      mesh.run();
      const int64_t a = mesh.delivered_cycle(first), b = mesh.delivered_cycle(second);
      EXPECT_EQ(std::min(a, b),
                uncontended_latency(target.noc, mesh_hops(target.mesh, {0, 0, 1, 0}, to)));
      EXPECT_EQ(std::max(a, b) - std::min(a, b), int64_t{shape.packet_flits} * link);
    }
  }
}

/// The cycle the last of `senders` packets, all ready at cycle 0, reaches `dest`.
int64_t last_delivery(const target::TargetDescription& target, const std::vector<Coord>& senders,
                      const Coord& dest) {
  MeshNetwork mesh(target.mesh, target.noc);
  for (const Coord& sender : senders)
    mesh.add_packet(sender, dest, 0);
  mesh.run();
  int64_t last = 0;
  for (uint32_t p = 0; p < mesh.packet_count(); ++p)
    last = std::max(last, mesh.delivered_cycle(p));
  return last;
}

TEST(SimMesh, HotspotLatencyGrowsWithSendersAndRespectsSerialisation) {
  // n cores of one tile to one core three tiles east: the packets share every link, so
  // the last arrives (n − 1) packet serialisations after an uncontended one.
  const target::TargetDescription row = test_target(4, 1, 8, 1);
  const Coord row_dest{0, 3, 0, 0};
  const int64_t alone = uncontended_latency(row.noc, mesh_hops(row.mesh, {0, 0, 0, 0}, row_dest));
  int64_t previous = 0;
  for (uint32_t n = 1; n <= 8; ++n) {
    std::vector<Coord> senders;
    for (uint32_t slot = 0; slot < n; ++slot)
      senders.push_back({0, 0, 0, slot});
    const int64_t last = last_delivery(row, senders, row_dest);
    const int64_t serialisation = int64_t{row.noc.packet_flits} * row.noc.link_cycles_east_west;
    EXPECT_EQ(last, alone + (n - 1) * serialisation) << n << " senders";
    EXPECT_GE(last, n * serialisation);
    EXPECT_GT(last, previous);
    previous = last;
  }

  // A 4 x 4 mesh of 2 cores per tile, all cores to one: bounded by the destination's
  // ejection port, one flit per cycle.
  const target::TargetDescription grid = test_target(4, 4, 2, 1);
  const Coord grid_dest{0, 1, 2, 0};
  std::vector<Coord> everyone;
  for (uint32_t y = 0; y < 4; ++y)
    for (uint32_t x = 0; x < 4; ++x)
      for (uint32_t slot = 0; slot < 2; ++slot)
        if (!(x == 1 && y == 2))
          everyone.push_back({0, x, y, slot});
  previous = 0;
  for (size_t n : {1, 2, 4, 8, 16, 30}) {
    const std::vector<Coord> senders(everyone.begin(), everyone.begin() + static_cast<long>(n));
    const int64_t last = last_delivery(grid, senders, grid_dest);
    EXPECT_GE(last, previous) << n << " senders";
    EXPECT_GE(last, static_cast<int64_t>(n) * grid.noc.packet_flits);
    previous = last;
  }
  EXPECT_GT(previous, last_delivery(grid, {everyone[0]}, grid_dest));
}

TEST(SimMesh, OneFlitBuffersStillDeliverEverything) {
  NocShape shallow{3, 1, 3, 4, 1};
  NocShape deep = shallow;
  deep.buffer_flits = 16;
  std::vector<Coord> cores;
  for (uint32_t y = 0; y < 4; ++y)
    for (uint32_t x = 0; x < 4; ++x)
      for (uint32_t slot = 0; slot < 2; ++slot)
        cores.push_back({0, x, y, slot});

  int64_t last_shallow = 0, last_deep = 0;
  for (auto [shape, last] : {std::pair{shallow, &last_shallow}, std::pair{deep, &last_deep}}) {
    const target::TargetDescription target = test_target(4, 4, 2, 1, shape);
    MeshNetwork mesh(target.mesh, target.noc);
    uint64_t expected_flits = 0;
    std::vector<std::pair<uint32_t, int64_t>> floors; // packet, earliest possible delivery
    for (size_t s = 0; s < cores.size(); ++s)
      for (size_t d = 0; d < cores.size(); ++d) {
        const MeshHops hops = mesh_hops(target.mesh, cores[s], cores[d]);
        if (hops.total() == 0)
          continue;
        const int64_t ready = static_cast<int64_t>(d % 3);
        floors.push_back({mesh.add_packet(cores[s], cores[d], ready),
                          ready + uncontended_latency(target.noc, hops)});
        expected_flits += static_cast<uint64_t>(hops.total() * shape.packet_flits);
      }
    ASSERT_NO_THROW(mesh.run());
    for (const auto& [packet, floor] : floors) {
      ASSERT_GE(mesh.delivered_cycle(packet), floor);
      *last = std::max(*last, mesh.delivered_cycle(packet));
    }
    EXPECT_EQ(mesh.total_link_flits(), expected_flits);
  }
  EXPECT_GT(last_shallow, last_deep);
}

/// A three-core image on a 4 x 4 mesh of 2 cores per tile: core 0 at (0, 0) slot 0 spikes
/// every step (bias 1 over threshold 0) and sends to core 1 at (3, 3) and core 2 at
/// (0, 0) slot 1, whose compartments never spike.
image::Image spiking_triangle() {
  image::Image image;
  image.target = test_target(4, 4, 2, 1);
  image.metadata.populations = {{"source", 1}, {"far", 1}, {"near", 1}};
  auto lif_core = [](Coord coord, std::optional<int32_t> vth, int32_t bias, uint32_t population) {
    image::Core core;
    core.coord = coord;
    image::CubaLifParams params;
    params.du = 4095;
    params.dv = 0;
    params.vth_mant = vth;
    core.groups.push_back({0, params, {bias}, image::SpikeKind::Binary, population, 0});
    core.axons.resize(1);
    return core;
  };
  image.cores.push_back(lif_core({0, 0, 0, 0}, 0, 1, 0));
  image.cores.push_back(lif_core({0, 3, 3, 0}, std::nullopt, 0, 1));
  image.cores.push_back(lif_core({0, 0, 0, 1}, std::nullopt, 0, 2));
  for (uint32_t c : {1u, 2u})
    image.cores[c].synapses.push_back({0, 0, {{{0, 10, 0}}}});
  image.cores[0].axons[0] = {{1, 0}, {2, 0}};
  image.outputs.push_back({"source", {{0, 0}}});
  return image;
}

TEST(SimChip, StepEndsAfterTheLastFlitPlusTheBarrier) {
  const image::Image image = spiking_triangle();
  const target::TargetDescription& t = image.target;
  ChipSimulator sim(image);
  sim.record_packets(true);
  for (int step = 0; step < 3; ++step) {
    const StepResult result = sim.step();
    ASSERT_EQ(result.packets.size(), 2u);
    // Core 0: one active update, then its packets to core 1 and core 2, one spike time each.
    const int64_t update = t.pipeline.cycles_per_active_update;
    EXPECT_EQ(result.packets[0].ready_cycle, update + t.pipeline.cycles_per_spike);
    EXPECT_EQ(result.packets[1].ready_cycle, update + 2 * t.pipeline.cycles_per_spike);
    EXPECT_EQ(result.packets[0].delivered_cycle,
              result.packets[0].ready_cycle +
                  uncontended_latency(t.noc, mesh_hops(t.mesh, {0, 0, 0, 0}, {0, 3, 3, 0})));
    EXPECT_EQ(result.packets[1].delivered_cycle,
              result.packets[1].ready_cycle + t.noc.tile_local_cycles);
    // 18 + 3·4 + 3·6 + 3 + 3 = 54 on mini's NoC: the mesh, not the cores, ends the step.
    EXPECT_EQ(result.timing.mesh_drained_cycle, 54);
    EXPECT_GT(result.timing.mesh_drained_cycle, result.timing.cores_done_cycle);
    EXPECT_EQ(result.timing.cycles, 54 + t.barrier_cycles);
    EXPECT_DOUBLE_EQ(result.seconds, static_cast<double>(54 + t.barrier_cycles) * 1e-9);
    EXPECT_EQ(result.outputs, HostOutputs{{1}});
  }
  EXPECT_EQ(sim.total_cycles(), 3 * (54 + t.barrier_cycles));
  // 3 steps × 2 flits over each of the route's 6 links: east from (0..2, 0), north from
  // (3, 0..2).
  const std::vector<LinkFlits> links = sim.link_flits();
  ASSERT_EQ(links.size(), 6u);
  for (const LinkFlits& link : links)
    EXPECT_EQ(link.flits, 6u);
}

TEST(SimChip, CoresEndTheStepWhenTheirWorkOutlastsTheMesh) {
  image::Image image = spiking_triangle();
  image.target.pipeline.cycles_per_idle_update = 1000;
  ChipSimulator sim(image);
  const StepResult result = sim.step();
  // Cores 1 and 2 are idle in step 0: 1000 cycles each, after the mesh drained at 54.
  EXPECT_EQ(result.timing.cores_done_cycle, 1000);
  EXPECT_EQ(result.timing.cycles, 1000 + image.target.barrier_cycles);
}

TEST(SimChip, EnergyIsEventsTimesPicojoulesPerEvent) {
  const image::Image image = spiking_triangle();
  ChipSimulator sim(image);
  // mini's table: 23.6 pJ/synaptic op, 72.8/51.2 pJ per active/idle update, 76.8 pJ per
  // packet sent, 1.7 pJ within a tile, 3.0/4.0 pJ per east-west/north-south hop.
  // Step 0: core 0 active, cores 1 and 2 idle; 2 packets, one within the tile, one over
  // 3 + 3 hops.
  const StepResult first = sim.step();
  EXPECT_EQ(first.events.synaptic_ops, 0u);
  EXPECT_EQ(first.events.active_updates, 1u);
  EXPECT_EQ(first.events.idle_updates, 2u);
  EXPECT_EQ(first.events.packets_sent, 2u);
  EXPECT_EQ(first.events.packets_within_tile, 1u);
  EXPECT_EQ(first.events.hops(), 6u);
  EXPECT_NEAR(first.energy.total_pj(), 72.8 + 2 * 51.2 + 2 * 76.8 + 1.7 + 3 * 3.0 + 3 * 4.0, 1e-9);
  // Step 1: cores 1 and 2 each read one synapse and become active.
  const StepResult second = sim.step();
  EXPECT_EQ(second.events.synaptic_ops, 2u);
  EXPECT_EQ(second.events.active_updates, 3u);
  EXPECT_NEAR(second.energy.total_pj(), 2 * 23.6 + 3 * 72.8 + 2 * 76.8 + 1.7 + 3 * 3.0 + 3 * 4.0,
              1e-9);
  EXPECT_NEAR(sim.total_energy().total_pj(), first.energy.total_pj() + second.energy.total_pj(),
              1e-9);
  EXPECT_EQ(sim.core_events(0).packets_sent, 4u);
  EXPECT_EQ(sim.core_events(1).synaptic_ops, 1u);
}

TEST(SimChip, MatchesTheReferenceNetworkSpikeForSpikeAndStateForState) {
  for (Models models : {Models::CubaLif, Models::LeakySigmaDelta, Models::Mixed})
    for (uint64_t seed = 1; seed <= 4; ++seed) {
      const image::Image image = random_network(seed, models);
      ASSERT_NO_THROW(image::validate_image(image, "random network"));
      ChipSimulator sim(image);
      ref::ReferenceNetwork reference(image);
      std::mt19937_64 rng(seed * 7919);
      uint64_t sent = 0;
      for (int step = 0; step < 100; ++step) {
        const ref::HostInput input = random_input(rng, image.inputs[0]);
        reference.step(input);
        const StepResult result = sim.step(input);
        ASSERT_EQ(result.outputs, reference.outputs())
            << "seed " << seed << ", models " << static_cast<int>(models) << ", step " << step;
        const auto difference = ref::first_difference(reference.snapshot(), sim.snapshot());
        ASSERT_FALSE(difference.has_value()) << "seed " << seed << ": " << *difference;
        sent += result.events.spikes;
      }
      // The comparison means something only if the network is busy.
      EXPECT_GT(sent, 100u) << "seed " << seed << ", models " << static_cast<int>(models);
    }
}

// The shipped BIMT model (examples/models), quantized as the compiler does and split over
// 10 loihi2 cores plus a readout: a trained network, not a random one, with graded inputs
// at the host's scale (x · 2^12).
TEST(SimChip, ShippedBimtModelMatchesTheReferenceOnTenCores) {
  const std::filesystem::path model =
      std::filesystem::path(GYRUS_SOURCE_DIR) / "examples" / "models" / "cog20_bimt_20x20.gnet.h5";
  const io::NetworkFile network = io::read_network_file(model);
  const image::Image image =
      gyrus::testing::leaky_rnn_image(network, target::load_preset("loihi2"), {12, 40});
  ASSERT_EQ(image.cores.size(), 11u);
  ChipSimulator sim(image);
  ref::ReferenceNetwork reference(image);
  std::mt19937_64 rng(2024);
  for (int step = 0; step < 60; ++step) {
    ref::HostInput input;
    for (const image::InputMap& port : image.inputs) {
      std::vector<int64_t>& values = input.emplace_back(port.neurons.size(), 0);
      if (step % 10 == 0)
        for (int64_t& value : values)
          value = static_cast<int64_t>(rng() % 8193) - 4096;
    }
    reference.step(input);
    const StepResult result = sim.step(input);
    ASSERT_EQ(result.outputs, reference.outputs()) << "step " << step;
    const auto difference = ref::first_difference(reference.snapshot(), sim.snapshot());
    ASSERT_FALSE(difference.has_value()) << *difference;
  }
  EXPECT_GT(sim.total_events().spikes, 1000u);
  EXPECT_GT(sim.total_events().hops(), 0u);
  uint64_t flits = 0;
  for (const LinkFlits& link : sim.link_flits())
    flits += link.flits;
  EXPECT_EQ(flits, sim.total_events().link_flits);
}

TEST(SimChip, ResetRepeatsARunExactly) {
  const image::Image image = random_network(11, Models::Mixed);
  ChipSimulator sim(image);
  auto run = [&] {
    std::mt19937_64 rng(5);
    std::vector<std::pair<HostOutputs, int64_t>> trace;
    for (int step = 0; step < 30; ++step) {
      const StepResult result = sim.step(random_input(rng, image.inputs[0]));
      trace.push_back({result.outputs, result.timing.cycles});
    }
    return trace;
  };
  const auto first = run();
  sim.reset();
  EXPECT_EQ(sim.steps_run(), 0);
  EXPECT_EQ(run(), first);
}

TEST(SimChip, RefusesInputsTheReferenceRefuses) {
  const image::Image image = random_network(3, Models::CubaLif);
  ChipSimulator sim(image);
  EXPECT_THROW(sim.step({{1, 0}}), std::invalid_argument);                     // wrong neuron count
  EXPECT_THROW(sim.step({std::vector<int64_t>(8, 2)}), std::invalid_argument); // not binary
  EXPECT_THROW(sim.step({{}, {}}), std::invalid_argument);                     // too many ports
  EXPECT_EQ(sim.steps_run(), 0);
  EXPECT_NO_THROW(sim.step({{}}));
}

} // namespace
} // namespace gyrus::sim
