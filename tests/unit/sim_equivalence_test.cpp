// runtime/sim's fast paths against their specifications: the event-driven MeshNetwork
// against CycleSteppedMesh (the cycle-by-cycle model first written) on random traffic,
// packet by packet and link by link, with buffers from one flit up and heavy contention;
// and ChipSimulator with the event-driven mesh and several threads against one thread
// with the cycle-stepped mesh, step result by step result.
#include "runtime/sim/chip_simulator.h"
#include "runtime/sim/cycle_stepped_mesh.h"
#include "runtime/sim/mesh_network.h"
#include "sim_test_support.h"

#include <gtest/gtest.h>
#include <random>
#include <vector>

namespace gyrus::sim {
namespace {

using testing::Models;
using testing::NocShape;
using testing::test_target;

/// A hash of every packet's delivery cycle, for messages that name the first run that
/// differs.
uint64_t checksum(const std::vector<int64_t>& delivered) {
  uint64_t hash = 1469598103934665603ull;
  for (int64_t cycle : delivered)
    hash = (hash ^ static_cast<uint64_t>(cycle)) * 1099511628211ull;
  return hash;
}

bool same_links(const std::vector<LinkFlits>& a, const std::vector<LinkFlits>& b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (!(a[i].from == b[i].from) || a[i].direction != b[i].direction || a[i].flits != b[i].flits)
      return false;
  return true;
}

TEST(SimMeshEquivalence, EventDrivenMeshEqualsTheCycleSteppedOneOnRandomTraffic) {
  std::mt19937_64 rng(77);
  auto pick = [&rng](int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(rng() % static_cast<uint64_t>(hi - lo + 1));
  };
  int runs_with_back_pressure = 0;
  for (int trial = 0; trial < 60; ++trial) {
    // Small buffers, long packets and slow links make credits and round robin decide;
    // two chips make inter-chip (east-west) routes.
    NocShape shape;
    shape.router = static_cast<int>(pick(0, 4));
    shape.link_east_west = static_cast<int>(pick(1, 3));
    shape.link_north_south = static_cast<int>(pick(1, 4));
    shape.packet_flits = static_cast<int>(pick(1, 5));
    shape.buffer_flits = static_cast<int>(trial % 3 == 0 ? pick(1, 2) : pick(1, 16));
    const int64_t cols = pick(1, 4), rows = pick(1, 4), slots = pick(1, 3), chips = pick(1, 2);
    const target::TargetDescription target = test_target(cols, rows, slots, chips, shape);
    MeshNetwork fast(target.mesh, target.noc);
    CycleSteppedMesh slow(target.mesh, target.noc);
    auto random_coord = [&] {
      return image::Coord{
          static_cast<uint32_t>(pick(0, chips - 1)), static_cast<uint32_t>(pick(0, cols - 1)),
          static_cast<uint32_t>(pick(0, rows - 1)), static_cast<uint32_t>(pick(0, slots - 1))};
    };
    // Several runs on one mesh: round-robin pointers carry over from run to run.
    for (int run = 0; run < 4; ++run) {
      const int64_t packets = pick(0, 300);
      const int64_t spread = pick(0, 400); // 0: every packet ready at once
      const bool hotspot = pick(0, 2) == 0;
      const image::Coord sink = random_coord();
      int64_t added = 0;
      for (int64_t p = 0; p < packets; ++p) {
        const image::Coord from = random_coord();
        const image::Coord to = hotspot && pick(0, 1) ? sink : random_coord();
        if (mesh_hops(target.mesh, from, to).total() == 0)
          continue;
        const int64_t ready = pick(0, spread);
        ASSERT_EQ(fast.add_packet(from, to, ready), slow.add_packet(from, to, ready));
        ++added;
      }
      ASSERT_NO_THROW(slow.run());
      ASSERT_NO_THROW(fast.run());
      std::vector<int64_t> expected, actual;
      for (uint32_t p = 0; p < added; ++p) {
        expected.push_back(slow.delivered_cycle(p));
        actual.push_back(fast.delivered_cycle(p));
      }
      ASSERT_EQ(checksum(actual), checksum(expected))
          << "trial " << trial << ", run " << run << ": " << cols << "x" << rows << "x" << slots
          << " x " << chips << " chips, P " << shape.router << ", L " << shape.link_east_west << "/"
          << shape.link_north_south << ", F " << shape.packet_flits << ", B " << shape.buffer_flits;
      ASSERT_EQ(actual, expected);
      ASSERT_TRUE(same_links(fast.link_flits(), slow.link_flits()));
      ASSERT_EQ(fast.total_link_flits(), slow.total_link_flits());
      if (shape.buffer_flits < shape.packet_flits && added > 20)
        ++runs_with_back_pressure;
      fast.clear_packets();
      slow.clear_packets();
    }
  }
  EXPECT_GT(runs_with_back_pressure, 10);
}

void expect_same_steps(const StepResult& expected, const StepResult& actual, const char* what,
                       int step) {
  ASSERT_EQ(actual.outputs, expected.outputs) << what << ", step " << step;
  ASSERT_EQ(actual.timing.cores_done_cycle, expected.timing.cores_done_cycle) << what << step;
  ASSERT_EQ(actual.timing.mesh_drained_cycle, expected.timing.mesh_drained_cycle) << what << step;
  ASSERT_EQ(actual.timing.cycles, expected.timing.cycles) << what << ", step " << step;
  ASSERT_EQ(actual.events, expected.events) << what << ", step " << step;
  ASSERT_EQ(actual.energy.total_pj(), expected.energy.total_pj()) << what << ", step " << step;
  ASSERT_EQ(actual.packets.size(), expected.packets.size()) << what << ", step " << step;
  for (size_t p = 0; p < actual.packets.size(); ++p) {
    const PacketRecord &a = actual.packets[p], &e = expected.packets[p];
    ASSERT_TRUE(a.source_core == e.source_core && a.dest_core == e.dest_core &&
                a.dest_axon == e.dest_axon && a.payload == e.payload &&
                a.ready_cycle == e.ready_cycle && a.delivered_cycle == e.delivered_cycle &&
                a.hops == e.hops)
        << what << ", step " << step << ", packet " << p;
  }
}

TEST(SimMeshEquivalence, FastSimulatorEqualsTheReferenceConfigurationStepForStep) {
  for (Models models : {Models::CubaLif, Models::Mixed})
    for (uint64_t seed = 1; seed <= 3; ++seed) {
      image::Image image = testing::random_network(seed, models, 12);
      // One-flit buffers under four-flit packets: back-pressure on every busy link.
      image.target.noc.buffer_flits = seed == 3 ? 1 : 3;
      image.target.noc.packet_flits = 4;
      ChipSimulator reference(image, {MeshModel::CycleStepped, 1});
      ChipSimulator fast(image);
      ChipSimulator threaded(image, {MeshModel::EventDriven, 3});
      for (ChipSimulator* sim : {&reference, &fast, &threaded})
        sim->record_packets(true);
      std::mt19937_64 rng(seed * 31);
      for (int step = 0; step < 60; ++step) {
        const ref::HostInput input = testing::random_input(rng, image.inputs[0]);
        const StepResult expected = reference.step(input);
        expect_same_steps(expected, fast.step(input), "event-driven", step);
        expect_same_steps(expected, threaded.step(input), "3 threads", step);
      }
      EXPECT_FALSE(ref::first_difference(reference.snapshot(), fast.snapshot()).has_value());
      EXPECT_FALSE(ref::first_difference(reference.snapshot(), threaded.snapshot()).has_value());
      for (uint32_t core = 0; core < image.cores.size(); ++core)
        EXPECT_EQ(threaded.core_events(core), reference.core_events(core));
      EXPECT_TRUE(same_links(fast.link_flits(), reference.link_flits()));
      EXPECT_EQ(threaded.total_cycles(), reference.total_cycles());
      EXPECT_GT(reference.total_events().hops(), 1000u);
    }
}

TEST(SimMeshEquivalence, PipelinedSteppingEqualsStepByStep) {
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    image::Image image = testing::random_network(seed, Models::Mixed, 12);
    image.target.noc.buffer_flits = 2;
    image.target.noc.packet_flits = 3;
    ChipSimulator stepped(image);
    stepped.record_packets(true);
    std::mt19937_64 rng(seed * 17);
    std::vector<ref::HostInput> inputs;
    std::vector<StepResult> expected;
    std::vector<ref::NetworkSnapshot> states;
    for (int step = 0; step < 40; ++step) {
      inputs.push_back(testing::random_input(rng, image.inputs[0]));
      expected.push_back(stepped.step(inputs.back()));
      states.push_back(stepped.snapshot());
    }
    for (unsigned threads : {1u, 2u, 3u}) {
      ChipSimulator pipelined(image, {MeshModel::EventDriven, threads});
      pipelined.record_packets(true);
      std::vector<StepResult> actual;
      for (int step = 0; step < 40; ++step) {
        // The function is there on return, before the step's mesh has run.
        const StepResult& so_far = pipelined.advance(inputs[static_cast<size_t>(step)]);
        ASSERT_EQ(so_far.outputs, expected[static_cast<size_t>(step)].outputs);
        ASSERT_EQ(so_far.events, expected[static_cast<size_t>(step)].events);
        ASSERT_EQ(so_far.timing.cores_done_cycle,
                  expected[static_cast<size_t>(step)].timing.cores_done_cycle);
        ASSERT_FALSE(ref::first_difference(states[static_cast<size_t>(step)], pipelined.snapshot())
                         .has_value())
            << threads << " threads, step " << step;
        ASSERT_EQ(pipelined.total_events(), [&] {
          EventCounts sum;
          for (int k = 0; k <= step; ++k)
            sum += expected[static_cast<size_t>(k)].events;
          return sum;
        }());
        // Every result but the latest one's is complete; take them now and then.
        if (step % 7 == 3)
          for (StepResult& result : pipelined.take_results())
            actual.push_back(std::move(result));
      }
      for (StepResult& result : pipelined.take_results())
        actual.push_back(std::move(result));
      EXPECT_EQ(actual.size(), 39u) << "the last step's mesh waits for finish()";
      pipelined.finish();
      pipelined.finish(); // nothing left: a no-op
      for (StepResult& result : pipelined.take_results())
        actual.push_back(std::move(result));
      ASSERT_EQ(actual.size(), expected.size());
      for (size_t step = 0; step < actual.size(); ++step) {
        EXPECT_EQ(actual[step].step, expected[step].step);
        expect_same_steps(expected[step], actual[step], "pipelined", static_cast<int>(step));
      }
      EXPECT_EQ(pipelined.total_cycles(), stepped.total_cycles());
      EXPECT_TRUE(same_links(pipelined.link_flits(), stepped.link_flits()));
    }
  }
}

TEST(SimMeshEquivalence, StepAfterAdvanceKeepsTheOrderOfResults) {
  image::Image image = testing::random_network(5, Models::CubaLif, 8);
  ChipSimulator reference(image);
  ChipSimulator mixed(image, {MeshModel::EventDriven, 2});
  std::mt19937_64 rng(5);
  std::vector<StepResult> expected;
  for (int step = 0; step < 6; ++step) {
    const ref::HostInput input = testing::random_input(rng, image.inputs[0]);
    expected.push_back(reference.step(input));
    if (step % 2 == 0) {
      mixed.advance(input);
    } else {
      // step() runs the pending mesh first; its own result is returned, the earlier one
      // waits for take_results().
      const StepResult now = mixed.step(input);
      expect_same_steps(expected.back(), now, "step after advance", step);
      const std::vector<StepResult> earlier = mixed.take_results();
      ASSERT_EQ(earlier.size(), 1u);
      expect_same_steps(expected[static_cast<size_t>(step - 1)], earlier[0], "advanced", step - 1);
    }
  }
  mixed.reset(); // runs the pending mesh, if any, before clearing the state
  EXPECT_TRUE(mixed.take_results().empty());
  EXPECT_EQ(mixed.total_cycles(), reference.total_cycles());
}

} // namespace
} // namespace gyrus::sim
