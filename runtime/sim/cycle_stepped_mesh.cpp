#include "runtime/sim/cycle_stepped_mesh.h"

#include "runtime/sim/mesh_geometry.h"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <string>

namespace gyrus::sim {
namespace {

constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

} // namespace

CycleSteppedMesh::CycleSteppedMesh(const target::Mesh& mesh, const target::Noc& noc)
    : mesh_(mesh), noc_(noc), ports_(static_cast<uint32_t>(kMeshDirections + mesh.cores_per_tile)) {
  check_mesh_config(mesh, noc, "CycleSteppedMesh");
  chosen_input_.resize(ports_);
}

uint32_t CycleSteppedMesh::router_at(const MeshTile& tile) {
  const uint64_t key = static_cast<uint64_t>(tile.column) * static_cast<uint64_t>(mesh_.rows) +
                       static_cast<uint64_t>(tile.row);
  if (auto found = router_of_tile_.find(key); found != router_of_tile_.end())
    return found->second;
  const auto index = static_cast<uint32_t>(routers_.size());
  Router router;
  router.tile = tile;
  router.inputs.resize(ports_);
  for (InputBuffer& input : router.inputs)
    input.slots.resize(static_cast<size_t>(noc_.buffer_flits));
  router.outputs.resize(ports_);
  for (int d = 0; d < kMeshDirections; ++d)
    router.outputs[d].credits = static_cast<uint32_t>(noc_.buffer_flits);
  router.injectors.assign(static_cast<size_t>(mesh_.cores_per_tile), -1);
  routers_.push_back(std::move(router));
  router_of_tile_.emplace(key, index);
  connect_neighbours(index);
  return index;
}

void CycleSteppedMesh::connect_neighbours(uint32_t router_index) {
  for (int d = 0; d < kMeshDirections; ++d) {
    const auto direction = static_cast<Direction>(d);
    const MeshTile next = step_towards(routers_[router_index].tile, direction);
    if (next.column < 0 || next.row < 0 || next.row >= mesh_.rows)
      continue;
    const uint64_t key = static_cast<uint64_t>(next.column) * static_cast<uint64_t>(mesh_.rows) +
                         static_cast<uint64_t>(next.row);
    auto found = router_of_tile_.find(key);
    if (found == router_of_tile_.end())
      continue;
    routers_[router_index].neighbour[d] = static_cast<int32_t>(found->second);
    routers_[found->second].neighbour[static_cast<int>(opposite(direction))] =
        static_cast<int32_t>(router_index);
  }
}

uint32_t CycleSteppedMesh::injector_of(uint32_t router, uint32_t slot) {
  int32_t& index = routers_[router].injectors[slot];
  if (index < 0) {
    index = static_cast<int32_t>(injectors_.size());
    Injector injector;
    injector.router = router;
    injector.slot = slot;
    injector.credits = static_cast<uint32_t>(noc_.buffer_flits);
    injectors_.push_back(std::move(injector));
  }
  return static_cast<uint32_t>(index);
}

uint32_t CycleSteppedMesh::add_packet(const image::Coord& from, const image::Coord& to,
                                      int64_t ready_cycle) {
  const MeshTile source = mesh_tile(mesh_, from), dest = mesh_tile(mesh_, to);
  if (source == dest)
    throw std::invalid_argument("CycleSteppedMesh: a packet between cores of one tile never enters "
                                "the mesh");
  if (ready_cycle < 0)
    throw std::invalid_argument("CycleSteppedMesh: ready_cycle must be >= 0");
  // Create every router of the XY route now, so that none is created while flits hold
  // references into routers_.
  MeshTile at = source;
  router_at(at);
  while (at.column != dest.column) {
    at.column += at.column < dest.column ? 1 : -1;
    router_at(at);
  }
  while (at.row != dest.row) {
    at.row += at.row < dest.row ? 1 : -1;
    router_at(at);
  }

  const auto id = static_cast<uint32_t>(packets_.size());
  Packet packet;
  packet.dest = dest;
  packet.dest_slot = to.core;
  packet.source_router = router_at(source);
  packet.source_slot = from.core;
  packet.ready_cycle = ready_cycle;
  packets_.push_back(packet);

  Injector& injector = injectors_[injector_of(packet.source_router, from.core)];
  auto position = injector.waiting.end();
  while (position != injector.waiting.begin() &&
         packets_[*std::prev(position)].ready_cycle > ready_cycle)
    --position;
  injector.waiting.insert(position, id);
  if (!injector.busy) {
    injector.busy = true;
    busy_injectors_.push_back(routers_[packet.source_router].injectors[from.core]);
  }
  ++undelivered_;
  return id;
}

uint32_t CycleSteppedMesh::output_for(const Router& router, const Packet& packet) const {
  if (packet.dest.column > router.tile.column)
    return static_cast<uint32_t>(Direction::East);
  if (packet.dest.column < router.tile.column)
    return static_cast<uint32_t>(Direction::West);
  if (packet.dest.row > router.tile.row)
    return static_cast<uint32_t>(Direction::North);
  if (packet.dest.row < router.tile.row)
    return static_cast<uint32_t>(Direction::South);
  return kMeshDirections + packet.dest_slot;
}

void CycleSteppedMesh::push_flit(uint32_t router_index, uint32_t input, const Flit& flit) {
  Router& router = routers_[router_index];
  InputBuffer& buffer = router.inputs[input];
  if (buffer.count == buffer.slots.size())
    throw std::logic_error("CycleSteppedMesh: a flit was sent into a full buffer");
  size_t tail = buffer.head + buffer.count;
  if (tail >= buffer.slots.size())
    tail -= buffer.slots.size();
  Flit& stored = buffer.slots[tail];
  stored = flit;
  stored.output = output_for(router, packets_[flit.packet]);
  ++buffer.count;
  ++router.flits_held;
  router.wake_cycle = std::min(router.wake_cycle, flit.ready_cycle);
  if (!router.active) {
    router.active = true;
    active_routers_.push_back(router_index);
  }
}

CycleSteppedMesh::Flit CycleSteppedMesh::pop_flit(uint32_t router_index, uint32_t input) {
  Router& router = routers_[router_index];
  InputBuffer& buffer = router.inputs[input];
  const Flit flit = buffer.front();
  if (++buffer.head == buffer.slots.size())
    buffer.head = 0;
  --buffer.count;
  --router.flits_held;
  CreditReturn credit;
  if (input < kMeshDirections) {
    credit.router = static_cast<uint32_t>(router.neighbour[input]);
    credit.output = static_cast<int32_t>(opposite(static_cast<Direction>(input)));
  } else {
    credit.injector = static_cast<uint32_t>(router.injectors[input - kMeshDirections]);
  }
  pending_credits_.push_back(credit);
  return flit;
}

void CycleSteppedMesh::inject(Injector& injector, int64_t cycle) {
  if (injector.waiting.empty() || injector.free_at > cycle || injector.credits == 0)
    return;
  const uint32_t packet = injector.waiting.front();
  if (packets_[packet].ready_cycle > cycle)
    return;
  push_flit(injector.router, kMeshDirections + injector.slot,
            {packet, injector.next_flit, 0, cycle + noc_.router_pipeline_cycles});
  --injector.credits;
  injector.free_at = cycle + 1;
  if (++injector.next_flit == static_cast<uint32_t>(noc_.packet_flits)) {
    injector.next_flit = 0;
    injector.waiting.pop_front();
  }
}

void CycleSteppedMesh::advance_router(uint32_t router_index, int64_t cycle) {
  Router& router = routers_[router_index];
  if (router.wake_cycle > cycle)
    return;
  // Allocation: each free output port goes to the ready head flit bound for it whose input
  // comes first in round-robin order from the port's pointer.
  std::fill(chosen_input_.begin(), chosen_input_.end(), -1);
  auto distance = [this](uint32_t input, uint32_t start) {
    return input >= start ? input - start : input + ports_ - start;
  };
  for (uint32_t input = 0; input < ports_; ++input) {
    const InputBuffer& buffer = router.inputs[input];
    if (buffer.count == 0)
      continue;
    const Flit& front = buffer.front();
    if (front.index != 0 || front.ready_cycle > cycle || router.outputs[front.output].owner >= 0)
      continue;
    int32_t& chosen = chosen_input_[front.output];
    const uint32_t start = router.outputs[front.output].next_input;
    if (chosen < 0 || distance(input, start) < distance(static_cast<uint32_t>(chosen), start))
      chosen = static_cast<int32_t>(input);
  }
  for (uint32_t output = 0; output < ports_; ++output) {
    OutputPort& port = router.outputs[output];
    if (chosen_input_[output] >= 0) {
      port.owner = chosen_input_[output];
      port.next_input = static_cast<uint32_t>(port.owner) + 1 == ports_
                            ? 0
                            : static_cast<uint32_t>(port.owner) + 1;
    }
    if (port.owner >= 0)
      send_flit(router_index, output, cycle);
  }
  // The next cycle anything here can change: a head flit bound for a free output is
  // allocated as soon as it is through the pipeline; a flit holding its output moves once
  // the link is free too. A flit waiting for a credit is woken by the credit's return, one
  // behind another packet by that packet's own flits.
  int64_t wake = std::numeric_limits<int64_t>::max();
  for (uint32_t input = 0; input < ports_; ++input) {
    const InputBuffer& buffer = router.inputs[input];
    if (buffer.count == 0)
      continue;
    const Flit& front = buffer.front();
    const OutputPort& port = router.outputs[front.output];
    if (port.owner < 0)
      wake = std::min(wake, std::max(front.ready_cycle, cycle + 1));
    else if (port.owner == static_cast<int32_t>(input) &&
             (front.output >= kMeshDirections || port.credits > 0))
      wake = std::min(wake, std::max({front.ready_cycle, port.free_at, cycle + 1}));
  }
  router.wake_cycle = wake;
}

void CycleSteppedMesh::send_flit(uint32_t router_index, uint32_t output, int64_t cycle) {
  Router& router = routers_[router_index];
  OutputPort& port = router.outputs[output];
  const InputBuffer& buffer = router.inputs[static_cast<uint32_t>(port.owner)];
  if (buffer.count == 0 || buffer.front().ready_cycle > cycle || port.free_at > cycle)
    return;
  const bool to_mesh = output < kMeshDirections;
  if (to_mesh && port.credits == 0)
    return;

  const Flit flit = pop_flit(router_index, static_cast<uint32_t>(port.owner));
  const bool tail = flit.index + 1 == static_cast<uint32_t>(noc_.packet_flits);
  if (tail)
    port.owner = -1;
  if (to_mesh) {
    const int64_t link_cycles =
        is_east_west(output) ? noc_.link_cycles_east_west : noc_.link_cycles_north_south;
    --port.credits;
    port.free_at = cycle + link_cycles;
    ++router.link_flits[output];
    ++total_link_flits_;
    const auto next = static_cast<uint32_t>(router.neighbour[output]);
    push_flit(next, static_cast<uint32_t>(opposite(static_cast<Direction>(output))),
              {flit.packet, flit.index, 0, cycle + link_cycles + noc_.router_pipeline_cycles});
  } else {
    // The core takes one flit per cycle from its ejection port.
    port.free_at = cycle + 1;
    if (tail) {
      packets_[flit.packet].delivered_cycle = cycle;
      --undelivered_;
    }
  }
}

int64_t CycleSteppedMesh::next_wake_after(int64_t cycle) const {
  // Credits returned in this cycle are counted in the next, and may unblock a flit.
  int64_t next = pending_credits_.empty() ? kNever : cycle + 1;
  for (uint32_t index : active_routers_)
    next = std::min(next, std::max(routers_[index].wake_cycle, cycle + 1));
  for (uint32_t index : busy_injectors_) {
    const Injector& injector = injectors_[index];
    if (!injector.waiting.empty())
      next = std::min(next, std::max({packets_[injector.waiting.front()].ready_cycle,
                                      injector.free_at, cycle + 1}));
  }
  return next;
}

void CycleSteppedMesh::run() {
  auto return_credits = [this](int64_t cycle) {
    for (const CreditReturn& credit : pending_credits_) {
      if (credit.output >= 0) {
        Router& router = routers_[credit.router];
        ++router.outputs[static_cast<uint32_t>(credit.output)].credits;
        router.wake_cycle = std::min(router.wake_cycle, cycle);
      } else {
        ++injectors_[credit.injector].credits;
      }
    }
    pending_credits_.clear();
  };

  int64_t cycle = next_wake_after(-1);
  while (undelivered_ > 0) {
    if (cycle == kNever)
      throw std::logic_error("CycleSteppedMesh: flits stopped moving with " +
                             std::to_string(undelivered_) + " packets undelivered");
    // Slots freed in earlier cycles are credited now.
    return_credits(cycle);
    for (uint32_t index : busy_injectors_)
      inject(injectors_[index], cycle);
    // Routers that receive their first flit in this cycle cannot forward it before
    // cycle + 1, so the routers listed at the start are all that can act.
    const size_t acting = active_routers_.size();
    for (size_t k = 0; k < acting; ++k)
      advance_router(active_routers_[k], cycle);

    std::erase_if(active_routers_, [this](uint32_t index) {
      Router& router = routers_[index];
      router.active = router.flits_held > 0;
      if (!router.active)
        router.wake_cycle = kNever;
      return !router.active;
    });
    std::erase_if(busy_injectors_, [this](uint32_t index) {
      Injector& injector = injectors_[index];
      injector.busy = !injector.waiting.empty();
      return !injector.busy;
    });
    cycle = next_wake_after(cycle);
  }

  // The mesh is drained: every credit comes home and the next timestep starts at cycle 0.
  return_credits(0);
  for (Router& router : routers_) {
    for (OutputPort& port : router.outputs)
      port.free_at = 0;
    router.wake_cycle = kNever;
  }
  for (Injector& injector : injectors_)
    injector.free_at = 0;
}

void CycleSteppedMesh::clear_packets() {
  if (undelivered_ > 0)
    throw std::logic_error("CycleSteppedMesh: clear_packets with packets still in the mesh");
  packets_.clear();
}

std::vector<LinkFlits> CycleSteppedMesh::link_flits() const {
  std::vector<LinkFlits> links;
  for (const Router& router : routers_)
    for (int d = 0; d < kMeshDirections; ++d)
      if (router.link_flits[d] > 0)
        links.push_back({router.tile, static_cast<Direction>(d), router.link_flits[d]});
  std::sort(links.begin(), links.end(), [](const LinkFlits& a, const LinkFlits& b) {
    if (a.from.column != b.from.column)
      return a.from.column < b.from.column;
    if (a.from.row != b.from.row)
      return a.from.row < b.from.row;
    return a.direction < b.direction;
  });
  return links;
}

} // namespace gyrus::sim
