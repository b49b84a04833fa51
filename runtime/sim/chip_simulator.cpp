#include "runtime/sim/chip_simulator.h"

#include "runtime/image/validate.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <utility>

namespace gyrus::sim {

namespace {

/// The image, checked before anything is built from it: every index the simulator
/// follows is then in range.
const image::Image& validated(const image::Image& image) {
  image::validate_image(image, "chip simulator");
  return image;
}

} // namespace

ChipSimulator::ChipSimulator(const image::Image& image, SimulatorOptions options)
    : image_(validated(image)), options_(options), mesh_(image.target.mesh, image.target.noc),
      inbox_(image.cores.size()),
      next_inbox_(image.cores.size()), core_steps_{std::vector<CoreStep>(image.cores.size()),
                                                   std::vector<CoreStep>(image.cores.size())},
      core_events_(image.cores.size()) {
  options_.threads = std::max(1u, options_.threads);
  if (options_.mesh == MeshModel::CycleStepped)
    stepped_mesh_ = std::make_unique<CycleSteppedMesh>(image.target.mesh, image.target.noc);
  pool_ = std::make_unique<WorkerPool>(options_.threads);
  engines_.reserve(image_.cores.size());
  for (const image::Core& core : image_.cores) {
    engines_.emplace_back(core);
    core_tiles_.push_back(mesh_tile(image_.target.mesh, core.coord));
  }
  if (!stepped_mesh_) {
    // Every route a packet can take is known from the axons: its routers are made now.
    for (const image::Core& core : image_.cores)
      mesh_ports_.push_back(mesh_.core_port(core.coord));
    std::vector<uint32_t> routed_from(image_.cores.size(), UINT32_MAX);
    for (uint32_t source = 0; source < image_.cores.size(); ++source)
      for (const std::vector<image::AxonTarget>& axon : image_.cores[source].axons)
        for (const image::AxonTarget& target : axon)
          if (!(core_tiles_[target.core] == core_tiles_[source]) &&
              routed_from[target.core] != source) {
            routed_from[target.core] = source;
            mesh_.prepare_route(mesh_ports_[source], mesh_ports_[target.core]);
          }
  }
  reset();
}

void ChipSimulator::reset() {
  finish();
  for (CoreEngine& engine : engines_)
    engine.reset();
  for (auto& arrivals : inbox_)
    arrivals.clear();
  outputs_.clear();
  for (const image::OutputMap& port : image_.outputs)
    outputs_.emplace_back(port.neurons.size(), 0);
  steps_run_ = 0;
}

void ChipSimulator::reset_counters() {
  finish();
  std::fill(core_events_.begin(), core_events_.end(), EventCounts{});
  total_events_ = {};
  total_cycles_ = 0;
}

void ChipSimulator::check_inputs(const HostInputs& inputs) const {
  if (inputs.size() > image_.inputs.size())
    throw std::invalid_argument("ChipSimulator::step: host input for " +
                                std::to_string(inputs.size()) + " ports, but the image has " +
                                std::to_string(image_.inputs.size()));
  for (size_t p = 0; p < inputs.size(); ++p) {
    if (inputs[p].empty())
      continue;
    const image::InputMap& port = image_.inputs[p];
    if (inputs[p].size() != port.neurons.size())
      throw std::invalid_argument("ChipSimulator::step: input '" + port.name +
                                  "': " + std::to_string(inputs[p].size()) + " values for " +
                                  std::to_string(port.neurons.size()) + " neurons");
    if (port.spike_kind == image::SpikeKind::Binary)
      for (size_t i = 0; i < inputs[p].size(); ++i)
        if (inputs[p][i] != 0 && inputs[p][i] != 1)
          throw std::invalid_argument("ChipSimulator::step: input '" + port.name +
                                      "' is binary: neuron " + std::to_string(i) +
                                      " must send 0 or 1, got " + std::to_string(inputs[p][i]));
  }
}

void ChipSimulator::run_core(uint32_t core, CoreStep& out) {
  const target::CorePipeline& pipeline = image_.target.pipeline;
  const target::Noc& noc = image_.target.noc;
  CoreEngine& engine = engines_[core];
  out.packets.clear();

  // Phase 1: synapse-memory reads and dendritic accumulation.
  const uint64_t synaptic_ops = engine.receive_all(inbox_[core]);
  inbox_[core].clear();

  // Phase 2: compartment updates.
  const UpdateWork work = engine.update();
  int64_t cycle = static_cast<int64_t>(synaptic_ops) * pipeline.cycles_per_synaptic_op +
                  static_cast<int64_t>(work.active) * pipeline.cycles_per_active_update +
                  static_cast<int64_t>(work.idle) * pipeline.cycles_per_idle_update;

  // Phase 3: one packet per destination core, each ready cycles_per_spike after the last.
  EventCounts& counted = out.events;
  counted = {};
  counted.synaptic_ops = synaptic_ops;
  counted.active_updates = work.active;
  counted.idle_updates = work.idle;
  counted.spikes = engine.emissions().size();
  const MeshTile from = core_tiles_[core];
  const std::vector<std::vector<image::AxonTarget>>& axons = image_.cores[core].axons;
  const std::vector<Emission>& emissions = engine.emissions();
  // A spiking compartment's axon row is a separate allocation, rarely in cache: fetch the
  // row a few spikes ahead.
  constexpr size_t kRowsAhead = 4;
  for (size_t k = 0; k < emissions.size(); ++k) {
    if (k + kRowsAhead < emissions.size())
      __builtin_prefetch(axons[emissions[k + kRowsAhead].compartment].data());
    const Emission& emission = emissions[k];
    const std::vector<image::AxonTarget>& targets = axons[emission.compartment];
    for (const image::AxonTarget& target : targets) {
      cycle += pipeline.cycles_per_spike;
      // Filled in place: a packet built on the stack and copied in cost a stalled
      // store-to-load forward per packet.
      PendingPacket& packet = out.packets.emplace_back();
      packet.source_core = core;
      packet.dest_core = target.core;
      packet.dest_axon = target.axon;
      packet.payload = emission.payload;
      packet.ready_cycle = cycle;
      const MeshTile to = core_tiles_[target.core];
      const auto east_west = static_cast<uint64_t>(std::abs(to.column - from.column));
      const auto north_south = static_cast<uint64_t>(std::abs(to.row - from.row));
      if (east_west + north_south == 0) {
        packet.delivered_cycle = cycle + noc.tile_local_cycles;
        ++counted.packets_within_tile;
      } else {
        packet.hops = static_cast<uint32_t>(east_west + north_south);
        counted.hops_east_west += east_west;
        counted.hops_north_south += north_south;
        counted.link_flits += (east_west + north_south) * static_cast<uint64_t>(noc.packet_flits);
      }
    }
    counted.packets_sent += targets.size();
  }
  out.done_cycle = cycle;
}

uint32_t ChipSimulator::add_mesh_packet(const PendingPacket& packet) {
  if (stepped_mesh_)
    return stepped_mesh_->add_packet(image_.cores[packet.source_core].coord,
                                     image_.cores[packet.dest_core].coord, packet.ready_cycle);
  return mesh_.add_packet(mesh_ports_[packet.source_core], mesh_ports_[packet.dest_core],
                          packet.ready_cycle);
}

StepResult ChipSimulator::step(const HostInputs& inputs) {
  advance(inputs);
  finish();
  StepResult result = std::move(completed_.back());
  completed_.pop_back();
  return result;
}

const StepResult& ChipSimulator::advance(const HostInputs& inputs) {
  check_inputs(inputs);
  const auto buffer = static_cast<uint32_t>(steps_run_ % 2);
  std::vector<CoreStep>& running = core_steps_[buffer];
  // Task 0 is the previous step's mesh, taken first: it is the longest task, and the
  // cores' tasks fill the other threads meanwhile.
  const size_t mesh_tasks = pending_ ? 1 : 0;
  pool_->for_each(engines_.size() + mesh_tasks, [&](size_t task) {
    if (task < mesh_tasks)
      run_timing(core_steps_[pending_->buffer], pending_->record_packets, pending_->result);
    else
      run_core(static_cast<uint32_t>(task - mesh_tasks), running[task - mesh_tasks]);
  });
  if (pending_)
    completed_.push_back(std::move(pending_->result));
  pending_.emplace();
  pending_->buffer = buffer;
  pending_->record_packets = record_packets_;
  merge_function(running, inputs, pending_->result);
  return pending_->result;
}

void ChipSimulator::finish() {
  if (!pending_)
    return;
  run_timing(core_steps_[pending_->buffer], pending_->record_packets, pending_->result);
  completed_.push_back(std::move(pending_->result));
  pending_.reset();
}

std::vector<StepResult> ChipSimulator::take_results() {
  return std::exchange(completed_, {});
}

void ChipSimulator::merge_function(const std::vector<CoreStep>& done, const HostInputs& inputs,
                                   StepResult& result) {
  result.step = steps_run_;
  for (uint32_t core = 0; core < engines_.size(); ++core) {
    result.timing.cores_done_cycle =
        std::max(result.timing.cores_done_cycle, done[core].done_cycle);
    core_events_[core] += done[core].events;
    result.events += done[core].events;
    for (const PendingPacket& packet : done[core].packets)
      next_inbox_[packet.dest_core].push_back({packet.dest_axon, packet.payload});
  }
  // Host packets reach their cores' input queues with the barrier: the host's own link
  // is outside the modelled chip, and they cost their synaptic ops in the next step.
  for (size_t p = 0; p < inputs.size(); ++p)
    for (size_t neuron = 0; neuron < inputs[p].size(); ++neuron)
      if (inputs[p][neuron] != 0)
        for (const image::AxonTarget& target : image_.inputs[p].neurons[neuron])
          next_inbox_[target.core].push_back({target.axon, inputs[p][neuron]});
  std::swap(inbox_, next_inbox_);

  result.energy = energy_of(result.events, image_.target.energy);
  for (size_t p = 0; p < image_.outputs.size(); ++p)
    for (size_t i = 0; i < image_.outputs[p].neurons.size(); ++i) {
      const image::CompartmentRef& neuron = image_.outputs[p].neurons[i];
      outputs_[p][i] = engines_[neuron.core].last_value(neuron.compartment);
    }
  result.outputs = outputs_;
  total_events_ += result.events;
  ++steps_run_;
}

void ChipSimulator::run_timing(std::vector<CoreStep>& done, bool record_packets,
                               StepResult& result) {
  if (stepped_mesh_)
    stepped_mesh_->clear_packets();
  else
    mesh_.clear_packets();
  // The mesh sees the packets in core order, as if the cores had run one after another.
  for (CoreStep& core : done)
    for (PendingPacket& packet : core.packets)
      if (packet.hops > 0)
        packet.mesh_packet = add_mesh_packet(packet);
  if (stepped_mesh_)
    stepped_mesh_->run();
  else
    mesh_.run();
  for (CoreStep& core : done)
    for (PendingPacket& packet : core.packets) {
      if (packet.mesh_packet >= 0) {
        const auto index = static_cast<uint32_t>(packet.mesh_packet);
        packet.delivered_cycle =
            stepped_mesh_ ? stepped_mesh_->delivered_cycle(index) : mesh_.delivered_cycle(index);
      }
      result.timing.mesh_drained_cycle =
          std::max(result.timing.mesh_drained_cycle, packet.delivered_cycle);
      if (record_packets)
        result.packets.push_back({packet.source_core, packet.dest_core, packet.dest_axon,
                                  packet.payload, packet.ready_cycle, packet.delivered_cycle,
                                  packet.hops});
    }
  result.timing.cycles =
      std::max(result.timing.cores_done_cycle, result.timing.mesh_drained_cycle) +
      image_.target.barrier_cycles;
  result.seconds = seconds_of(result.timing.cycles);
  total_cycles_ += result.timing.cycles;
}

ref::CompartmentState ChipSimulator::state(uint32_t core, uint32_t compartment) const {
  if (core >= engines_.size())
    throw std::out_of_range("core " + std::to_string(core) + " is not in the image");
  return engines_[core].state(compartment);
}

int64_t ChipSimulator::output(uint32_t core, uint32_t compartment) const {
  if (core >= engines_.size() || !image_.cores[core].group_of(compartment))
    throw std::out_of_range("core " + std::to_string(core) + ", compartment " +
                            std::to_string(compartment) + " is not in a group of the image");
  return engines_[core].last_value(compartment);
}

std::vector<LinkFlits> ChipSimulator::link_flits() const {
  return stepped_mesh_ ? stepped_mesh_->link_flits() : mesh_.link_flits();
}

size_t ChipSimulator::synapse_count() const {
  size_t synapses = 0;
  for (const CoreEngine& engine : engines_)
    synapses += engine.synapse_count();
  return synapses;
}

size_t ChipSimulator::engine_memory_bytes() const {
  size_t bytes = 0;
  for (const CoreEngine& engine : engines_)
    bytes += engine.memory_bytes();
  return bytes;
}

ref::NetworkSnapshot ChipSimulator::snapshot() const {
  ref::NetworkSnapshot snapshot;
  snapshot.steps = steps_run_;
  for (const CoreEngine& engine : engines_)
    snapshot.cores.push_back(engine.snapshot());
  return snapshot;
}

double ChipSimulator::seconds_of(int64_t cycles) const {
  return static_cast<double>(cycles) / (image_.target.clock_mhz * 1e6);
}

} // namespace gyrus::sim
