// The cycle-accurate chip simulator: runs a deployment image timestep by timestep, with
// the function of runtime/ref's integer neuron models and the timing of the target's
// cores and network on chip. Each timestep has four phases (docs/runtime.md, "Cycle-
// accurate simulator", gives the equations):
//   1. every core reads the synapses of the packets that arrived in the previous step;
//   2. its compartments update;
//   3. each compartment that sent emits one packet per destination core, which crosses
//      the mesh (MeshNetwork) or, within a tile, the tile's local path;
//   4. the barrier, once every core is done and the last flit has arrived.
// The function is that of gyrus::ref::ReferenceNetwork spike for spike and state for
// state; tests/unit/sim_test.cpp checks it. Phases 1-3 run core by core on `threads`
// threads; each core writes only its own state and packet list, and the lists are merged in
// core order, so every result is the same for any number of threads.
//
// The mesh decides only when packets arrive, never whether: a step's function (outputs,
// states, the packets the next step integrates) is known once its cores are done. So
// advance() returns after the cores, and the step's mesh runs during the next advance(),
// beside that step's cores, on another thread: the mesh is sequential, and this is how a
// second thread takes its time off a step.
#pragma once

#include "runtime/image/image.h"
#include "runtime/ref/network.h"
#include "runtime/sim/core_engine.h"
#include "runtime/sim/cycle_stepped_mesh.h"
#include "runtime/sim/mesh_network.h"
#include "runtime/sim/sim_counters.h"
#include "runtime/sim/worker_pool.h"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace gyrus::sim {

/// One step's host input, ReferenceNetwork's convention: inputs[p][i] is input neuron i
/// of port p (image.inputs[p]); a graded port's value is the payload, a binary port's 1
/// is a spike; 0 sends nothing; a port left out at the end, or empty, sends nothing.
using HostInputs = ref::HostInput;
/// One step's host output: outputs[p][i] is neuron i of output port p (image.outputs[p]),
/// ReferenceNetwork's CompartmentSnapshot::output of its compartment.
using HostOutputs = std::vector<std::vector<int64_t>>;

/// A packet of one step, for traces and latency studies (record_packets).
struct PacketRecord {
  uint32_t source_core = 0;
  uint32_t dest_core = 0;
  uint32_t dest_axon = 0;
  int64_t payload = 0;
  int64_t ready_cycle = 0;     ///< the source core finished sending it
  int64_t delivered_cycle = 0; ///< its tail flit reached the destination core
  uint32_t hops = 0;           ///< 0 within a tile
};

/// When a step's phases ended, in cycles from the start of the step.
struct StepTiming {
  int64_t cores_done_cycle = 0;   ///< the last core finished phase 3
  int64_t mesh_drained_cycle = 0; ///< the last packet arrived (0 without packets)
  int64_t cycles = 0;             ///< max of the two, plus barrier_cycles
};

struct StepResult {
  int64_t step = 0; ///< counts from 0 (since reset)
  HostOutputs outputs;
  StepTiming timing;
  double seconds = 0; ///< timing.cycles at the target's clock
  EventCounts events; ///< summed over cores
  Energy energy;
  std::vector<PacketRecord> packets; ///< empty unless record_packets(true)
};

/// How the simulator runs; no option changes a result.
struct SimulatorOptions {
  MeshModel mesh = MeshModel::EventDriven;
  /// Threads for the per-core phases (synapses, updates, packet lists) and, with
  /// advance(), for the previous step's mesh beside them; the caller's included; 0 means 1.
  unsigned threads = 1;
};

class ChipSimulator {
public:
  /// Checks the image with image::validate_image (throws gyrus::ImageError), then
  /// starts from reset(). Throws std::invalid_argument if the target's network
  /// parameters cannot be simulated (MeshNetwork's requirements).
  explicit ChipSimulator(const image::Image& image, SimulatorOptions options = {});

  /// Every state and every pending packet back to zero, as before the first step; the
  /// counters keep counting (reset_counters clears them).
  void reset();
  void reset_counters();

  /// Runs one timestep. Throws std::invalid_argument, before changing anything, for
  /// inputs ReferenceNetwork::step refuses: more ports than the image, a port with the
  /// wrong number of values, a binary port's value other than 0 or 1. Inputs given in
  /// step t are integrated in step t + 1, like a spike a core sends in step t.
  StepResult step(const HostInputs& inputs = {});
  /// The last step's outputs; zeros before the first step.
  const HostOutputs& outputs() const { return outputs_; }

  /// Pipelined stepping, with the results of step(), bit for bit. advance() runs a step's
  /// function and returns its result so far: step, outputs, events, energy and
  /// timing.cores_done_cycle. outputs(), state(), output() and core_events() show the step,
  /// as after step(). Its mesh runs during the next advance() or finish(); then its
  /// complete StepResult waits for take_results(). Throws what step() throws, before
  /// changing anything.
  const StepResult& advance(const HostInputs& inputs = {});
  /// Runs the mesh of the step advance() left pending, if any.
  void finish();
  /// The results whose timing is known, in step order; they are handed over once.
  std::vector<StepResult> take_results();

  /// Keep every packet's record in StepResult::packets from the next step on.
  void record_packets(bool on) { record_packets_ = on; }

  int64_t steps_run() const { return steps_run_; }
  /// Events of core `core` over every step so far.
  const EventCounts& core_events(uint32_t core) const { return core_events_.at(core); }
  /// Events over every core and step so far, and their energy.
  const EventCounts& total_events() const { return total_events_; }
  Energy total_energy() const { return energy_of(total_events_, image_.target.energy); }
  /// Cycles of the steps whose mesh has run (after advance(), not the last one's until
  /// finish()).
  int64_t total_cycles() const { return total_cycles_; }
  double total_seconds() const { return seconds_of(total_cycles_); }
  /// Flits per directed mesh link over every step so far.
  std::vector<LinkFlits> link_flits() const;

  const SimulatorOptions& options() const { return options_; }
  /// Synapses in the image, and the bytes the cores' engines hold for synapses, delay
  /// slots and compartment state (the image itself, kept for image(), comes on top).
  size_t synapse_count() const;
  size_t engine_memory_bytes() const;

  /// Probes, as ReferenceNetwork's: the state after the last step of a compartment in a
  /// group (std::out_of_range otherwise), and the whole network's.
  ref::CompartmentState state(uint32_t core, uint32_t compartment) const;
  /// What the last step produced for a compartment in a group (ReferenceNetwork::output's
  /// value): a probe that needs no whole snapshot. std::out_of_range otherwise.
  int64_t output(uint32_t core, uint32_t compartment) const;
  ref::NetworkSnapshot snapshot() const;
  const image::Image& image() const { return image_; }
  double seconds_of(int64_t cycles) const;

private:
  struct PendingPacket {
    uint32_t source_core = 0;
    uint32_t dest_core = 0;
    uint32_t dest_axon = 0;
    int64_t payload = 0;
    int64_t ready_cycle = 0;
    int64_t delivered_cycle = 0;
    int64_t mesh_packet = -1; ///< MeshNetwork's index, -1 within a tile
    uint32_t hops = 0;
  };

  /// Phases 1-3 of one core, on any thread: they touch only the core's engine, inbox,
  /// packet list and counts.
  struct CoreStep {
    std::vector<PendingPacket> packets;
    EventCounts events;
    int64_t done_cycle = 0; ///< the cycle it finished sending
  };

  void check_inputs(const HostInputs& inputs) const;
  void run_core(uint32_t core, CoreStep& out);
  /// After the cores: counts, the packets and host inputs the next step integrates, and
  /// the outputs, into `result` (all of a StepResult but timing, seconds and packets).
  void merge_function(const std::vector<CoreStep>& done, const HostInputs& inputs,
                      StepResult& result);
  /// The mesh for the packets of `done`, on any thread: it touches only the mesh, `done`,
  /// `result` and total_cycles_.
  void run_timing(std::vector<CoreStep>& done, bool record_packets, StepResult& result);
  uint32_t add_mesh_packet(const PendingPacket& packet);

  image::Image image_;
  SimulatorOptions options_;
  std::vector<CoreEngine> engines_;
  std::vector<MeshTile> core_tiles_;              ///< per core: phase 3 counts hops from these
  std::vector<MeshNetwork::CorePort> mesh_ports_; ///< per core, with the event-driven mesh
  MeshNetwork mesh_;
  std::unique_ptr<CycleSteppedMesh> stepped_mesh_; ///< with MeshModel::CycleStepped
  std::unique_ptr<WorkerPool> pool_;
  std::vector<std::vector<Arrival>> inbox_;      ///< arrived in the previous step
  std::vector<std::vector<Arrival>> next_inbox_; ///< arriving in this step
  /// Per core, the packets of two steps: the one whose cores run and the one whose mesh
  /// runs beside them; step n uses core_steps_[n % 2].
  std::array<std::vector<CoreStep>, 2> core_steps_;
  /// The step advance() ran last, while its mesh has not run.
  struct PendingStep {
    StepResult result;
    uint32_t buffer = 0;         ///< its core_steps_ index
    bool record_packets = false; ///< record_packets() as the step ran
  };
  std::optional<PendingStep> pending_;
  std::vector<StepResult> completed_;
  HostOutputs outputs_;
  std::vector<EventCounts> core_events_;
  EventCounts total_events_;
  int64_t total_cycles_ = 0;
  int64_t steps_run_ = 0;
  bool record_packets_ = false;
};

} // namespace gyrus::sim
