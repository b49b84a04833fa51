#include "runtime/sim/mesh_network.h"

#include "runtime/sim/mesh_geometry.h"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>

namespace gyrus::sim {
namespace {

constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

} // namespace

// The helpers that run once or twice per flit and hop (request, schedule_grant, arrive,
// depart, output_for) are forced inline: GCC at -O2 kept them as calls, and inlining them
// took about a tenth off the 10k benchmark's step (bench/sim_bench.cpp).

MeshTile mesh_tile(const target::Mesh& mesh, const image::Coord& coord) {
  return {static_cast<int64_t>(coord.chip) * mesh.cols + coord.x, coord.y};
}

MeshHops mesh_hops(const target::Mesh& mesh, const image::Coord& from, const image::Coord& to) {
  const MeshTile a = mesh_tile(mesh, from), b = mesh_tile(mesh, to);
  return {std::abs(a.column - b.column), std::abs(a.row - b.row)};
}

MeshNetwork::MeshNetwork(const target::Mesh& mesh, const target::Noc& noc)
    : mesh_(mesh), noc_(noc), ports_(static_cast<uint32_t>(kMeshDirections + mesh.cores_per_tile)) {
  check_mesh_config(mesh, noc, "MeshNetwork");
  flits_ = static_cast<uint32_t>(noc.packet_flits);
  buffer_ = static_cast<uint32_t>(noc.buffer_flits);
  const uint64_t tiles = static_cast<uint64_t>(mesh.chips) * static_cast<uint64_t>(mesh.cols) *
                         static_cast<uint64_t>(mesh.rows);
  if (tiles <= kDenseTiles)
    router_of_tile_dense_.assign(tiles, -1);
}

int32_t MeshNetwork::find_router(uint64_t key) const {
  if (!router_of_tile_dense_.empty())
    return router_of_tile_dense_[key];
  const auto found = router_of_tile_.find(key);
  return found == router_of_tile_.end() ? -1 : static_cast<int32_t>(found->second);
}

uint32_t MeshNetwork::router_at(const MeshTile& tile) {
  const uint64_t key = static_cast<uint64_t>(tile.column) * static_cast<uint64_t>(mesh_.rows) +
                       static_cast<uint64_t>(tile.row);
  if (const int32_t found = find_router(key); found >= 0)
    return static_cast<uint32_t>(found);
  const auto index = static_cast<uint32_t>(routers_.size());
  Router router;
  router.tile = tile;
  router.injectors.assign(static_cast<size_t>(mesh_.cores_per_tile), -1);
  routers_.push_back(std::move(router));
  inputs_.resize(inputs_.size() + ports_);
  outputs_.resize(outputs_.size() + ports_);
  if (router_of_tile_dense_.empty())
    router_of_tile_.emplace(key, index);
  else
    router_of_tile_dense_[key] = static_cast<int32_t>(index);
  connect_neighbours(index);
  return index;
}

void MeshNetwork::link(uint32_t from, Direction direction, uint32_t to) {
  const auto d = static_cast<uint32_t>(direction);
  routers_[from].neighbour[d] = static_cast<int32_t>(to);
  OutputPort& port = outputs_[port_index(from, d)];
  port.downstream =
      static_cast<int32_t>(port_index(to, static_cast<uint32_t>(opposite(direction))));
  port.link_cycles = is_east_west(d) ? noc_.link_cycles_east_west : noc_.link_cycles_north_south;
  inputs_[static_cast<size_t>(port.downstream)].upstream_output =
      static_cast<int32_t>(port_index(from, d));
}

void MeshNetwork::connect_neighbours(uint32_t router_index) {
  for (int d = 0; d < kMeshDirections; ++d) {
    const auto direction = static_cast<Direction>(d);
    const MeshTile next = step_towards(routers_[router_index].tile, direction);
    if (next.column < 0 || next.column >= static_cast<int64_t>(mesh_.chips) * mesh_.cols ||
        next.row < 0 || next.row >= mesh_.rows)
      continue;
    const uint64_t key = static_cast<uint64_t>(next.column) * static_cast<uint64_t>(mesh_.rows) +
                         static_cast<uint64_t>(next.row);
    const int32_t found = find_router(key);
    if (found < 0)
      continue;
    link(router_index, direction, static_cast<uint32_t>(found));
    link(static_cast<uint32_t>(found), opposite(direction), router_index);
  }
}

uint32_t MeshNetwork::injector_of(uint32_t router, uint32_t slot) {
  int32_t& index = routers_[router].injectors[slot];
  if (index < 0) {
    index = static_cast<int32_t>(injectors_.size());
    Injector injector;
    injector.router = router;
    injector.buffer = port_index(router, kMeshDirections + slot);
    inputs_[injector.buffer].injector = index;
    injectors_.push_back(std::move(injector));
  }
  return static_cast<uint32_t>(index);
}

MeshNetwork::CorePort MeshNetwork::core_port(const image::Coord& core) {
  CorePort port;
  port.tile = mesh_tile(mesh_, core);
  port.slot = core.core;
  port.injector = injector_of(router_at(port.tile), core.core);
  return port;
}

void MeshNetwork::prepare_route(const CorePort& from, const CorePort& to) {
  // Routers exist before any flit moves, so none is created while flits hold references
  // into the port arrays.
  MeshTile at = from.tile;
  while (at.column != to.tile.column) {
    at.column += at.column < to.tile.column ? 1 : -1;
    router_at(at);
  }
  while (at.row != to.tile.row) {
    at.row += at.row < to.tile.row ? 1 : -1;
    router_at(at);
  }
}

uint32_t MeshNetwork::add_packet(const image::Coord& from, const image::Coord& to,
                                 int64_t ready_cycle) {
  if (mesh_tile(mesh_, from) == mesh_tile(mesh_, to))
    throw std::invalid_argument("MeshNetwork: a packet between cores of one tile never enters "
                                "the mesh");
  const CorePort source = core_port(from), dest = core_port(to);
  prepare_route(source, dest);
  return add_packet(source, dest, ready_cycle);
}

uint32_t MeshNetwork::add_packet(const CorePort& from, const CorePort& to, int64_t ready_cycle) {
  if (from.tile == to.tile)
    throw std::invalid_argument("MeshNetwork: a packet between cores of one tile never enters "
                                "the mesh");
  if (ready_cycle < 0)
    throw std::invalid_argument("MeshNetwork: ready_cycle must be >= 0");
  const auto id = static_cast<uint32_t>(packets_.size());
  Packet packet;
  packet.dest = to.tile;
  packet.dest_slot = to.slot;
  packet.ready_cycle = ready_cycle;
  packets_.push_back(packet);

  Injector& injector = injectors_[from.injector];
  if (injector.waiting.empty())
    busy_injectors_.push_back(from.injector);
  // A core's packets arrive in ready order (the simulator adds them so), so this is
  // normally a push_back; the ordered insert keeps ties in the order added.
  auto position = injector.waiting.end();
  while (position != injector.waiting.begin() &&
         packets_[*std::prev(position)].ready_cycle > ready_cycle)
    --position;
  injector.waiting.insert(position, id);
  ++undelivered_;
  return id;
}

[[gnu::always_inline]] inline uint32_t MeshNetwork::output_for(const MeshTile& tile,
                                                               const Routed& packet) const {
  if (packet.dest.column > tile.column)
    return static_cast<uint32_t>(Direction::East);
  if (packet.dest.column < tile.column)
    return static_cast<uint32_t>(Direction::West);
  if (packet.dest.row > tile.row)
    return static_cast<uint32_t>(Direction::North);
  if (packet.dest.row < tile.row)
    return static_cast<uint32_t>(Direction::South);
  return kMeshDirections + packet.dest_slot;
}

[[gnu::always_inline]] inline void MeshNetwork::schedule_grant(uint32_t output, int64_t cycle) {
  OutputPort& port = outputs_[output];
  // An earlier event re-examines the port and reschedules itself if it cannot grant.
  if (port.pending_at <= cycle)
    return;
  port.pending_at = cycle;
  grants_.push(cycle, output);
}

[[gnu::always_inline]] inline void MeshNetwork::request(uint32_t router_index, uint32_t input) {
  const uint32_t at = port_index(router_index, input);
  InputBuffer& buffer = inputs_[at];
  const size_t head = static_cast<size_t>(buffer.front) * flits_;
  if (buffer.requested || head >= buffer.ready.size())
    return;
  // A head is allocated at the earliest in the cycle after the flit ahead of it left: the
  // allocation of a cycle looks at the fronts before that cycle's flits move.
  buffer.requested = true;
  buffer.head_ready =
      head == 0 ? buffer.ready[0] : std::max(buffer.ready[head], buffer.left[head - 1] + 1);
  const uint32_t output = port_index(
      router_index, output_for(routers_[router_index].tile, buffer.packets[buffer.front]));
  OutputPort& port = outputs_[output];
  port.requests.push_back({buffer.head_ready, input});
  if (port.owner < 0)
    schedule_grant(output, std::max(buffer.head_ready, port.free_from));
}

void MeshNetwork::grant(uint32_t output, int64_t cycle) {
  OutputPort& port = outputs_[output];
  if (port.pending_at != cycle)
    return; // superseded by an earlier event
  port.pending_at = kNever;
  if (port.owner >= 0)
    return; // the owner's tail reschedules
  // Round robin: of the heads ready by now, the first input from the port's pointer on.
  int64_t earliest = kNever;
  size_t chosen = port.requests.size();
  uint32_t chosen_distance = ports_;
  for (size_t k = 0; k < port.requests.size(); ++k) {
    const Request& waiting = port.requests[k];
    earliest = std::min(earliest, waiting.head_ready);
    const uint32_t distance = waiting.input >= port.next_input
                                  ? waiting.input - port.next_input
                                  : waiting.input + ports_ - port.next_input;
    if (waiting.head_ready <= cycle && distance < chosen_distance) {
      chosen = k;
      chosen_distance = distance;
    }
  }
  if (port.free_from > cycle || earliest > cycle) {
    schedule_grant(output, std::max(port.free_from, earliest));
    return;
  }
  const uint32_t winner = port.requests[chosen].input;
  port.requests[chosen] = port.requests.back();
  port.requests.pop_back();
  port.owner = static_cast<int32_t>(winner);
  port.next_input = winner + 1 == ports_ ? 0 : winner + 1;
  port.flit = 0;
  port.granted = cycle;
  advance_output(output);
}

void MeshNetwork::advance_output(uint32_t output) {
  OutputPort& port = outputs_[output];
  const uint32_t router_index = output / ports_;
  const uint32_t input = port_index(router_index, static_cast<uint32_t>(port.owner));
  const bool to_mesh = port.downstream >= 0;
  InputBuffer& buffer = inputs_[input];
  while (true) {
    const size_t n = static_cast<size_t>(buffer.front) * flits_ + port.flit;
    if (n >= buffer.ready.size()) {
      buffer.owner_waits = static_cast<int32_t>(output);
      return;
    }
    // The flit leaves in the first cycle in which it is through the pipeline, the port is
    // its packet's, the link is free and (into the mesh) the next buffer has a credit.
    int64_t cycle = std::max(buffer.ready[n], port.link_free_at);
    if (port.flit == 0)
      cycle = std::max(cycle, port.granted);
    if (to_mesh && port.sent >= buffer_) {
      // Flit `sent` finds a free slot once flit sent - B has left; its credit comes back a
      // cycle later.
      InputBuffer& downstream = inputs_[static_cast<size_t>(port.downstream)];
      const size_t ahead = port.sent - buffer_;
      if (ahead >= downstream.left.size()) {
        downstream.upstream_waits = static_cast<int64_t>(ahead);
        return;
      }
      cycle = std::max(cycle, downstream.left[ahead] + 1);
    }
    const uint32_t flit = port.flit;
    const Routed packet = buffer.packets[buffer.front];
    const bool tail = ++port.flit == flits_;
    port.link_free_at = cycle + port.link_cycles;
    if (tail) {
      port.owner = -1;
      port.free_from = cycle + 1;
      ++buffer.front;
      buffer.requested = false;
    }
    depart(input, cycle);
    if (to_mesh) {
      ++port.sent;
      ++routers_[router_index].link_flits[output - router_index * ports_];
      ++total_link_flits_;
      arrive(static_cast<uint32_t>(port.downstream), packet, flit,
             cycle + port.link_cycles + noc_.router_pipeline_cycles);
    } else if (tail) {
      packets_[packet.packet].delivered_cycle = cycle;
      --undelivered_;
    }
    if (tail) {
      request(router_index, input - router_index * ports_);
      if (!port.requests.empty()) {
        int64_t earliest = kNever;
        for (const Request& waiting : port.requests)
          earliest = std::min(earliest, waiting.head_ready);
        schedule_grant(output, std::max(earliest, port.free_from));
      }
      return;
    }
  }
}

void MeshNetwork::advance_injector(uint32_t injector_index) {
  Injector& injector = injectors_[injector_index];
  InputBuffer& local = inputs_[injector.buffer];
  while (injector.next_packet < injector.waiting.size()) {
    const uint32_t packet = injector.waiting[injector.next_packet];
    int64_t cycle = std::max(packets_[packet].ready_cycle, injector.free_at);
    if (injector.sent >= buffer_) {
      const size_t ahead = injector.sent - buffer_;
      if (ahead >= local.left.size()) {
        local.upstream_waits = static_cast<int64_t>(ahead);
        return;
      }
      cycle = std::max(cycle, local.left[ahead] + 1);
    }
    injector.free_at = cycle + 1;
    ++injector.sent;
    const uint32_t flit = injector.next_flit;
    if (++injector.next_flit == flits_) {
      injector.next_flit = 0;
      ++injector.next_packet;
    }
    const Packet& sent = packets_[packet];
    arrive(injector.buffer, {sent.dest, sent.dest_slot, packet}, flit,
           cycle + noc_.router_pipeline_cycles);
  }
}

[[gnu::always_inline]] inline void MeshNetwork::arrive(uint32_t input, const Routed& packet,
                                                       uint32_t flit, int64_t ready) {
  InputBuffer& buffer = inputs_[input];
  if (flit == 0)
    buffer.packets.push_back(packet);
  buffer.ready.push_back(ready);
  if (buffer.owner_waits >= 0) {
    resumes_.push_back({false, static_cast<uint32_t>(buffer.owner_waits)});
    buffer.owner_waits = -1;
  } else if (flit == 0) {
    const uint32_t router_index = input / ports_;
    routers_[router_index].used = true;
    request(router_index, input - router_index * ports_);
  }
}

[[gnu::always_inline]] inline void MeshNetwork::depart(uint32_t input, int64_t cycle) {
  InputBuffer& buffer = inputs_[input];
  buffer.left.push_back(cycle);
  if (buffer.upstream_waits < 0 || static_cast<size_t>(buffer.upstream_waits) >= buffer.left.size())
    return;
  buffer.upstream_waits = -1;
  if (buffer.upstream_output >= 0)
    resumes_.push_back({false, static_cast<uint32_t>(buffer.upstream_output)});
  else
    resumes_.push_back({true, static_cast<uint32_t>(buffer.injector)});
}

void MeshNetwork::drain_resumes() {
  // Each resume only computes times from times already known, so their order is free; a
  // work list rather than recursion keeps long chains of waiting ports off the stack.
  while (!resumes_.empty()) {
    const Resume resume = resumes_.back();
    resumes_.pop_back();
    if (resume.injector)
      advance_injector(resume.index);
    else
      advance_output(resume.index);
  }
}

void MeshNetwork::run() {
  for (uint32_t index : busy_injectors_) {
    advance_injector(index);
    drain_resumes();
  }
  while (!grants_.empty()) {
    const auto [cycle, output] = grants_.pop();
    grant(output, cycle);
    drain_resumes();
  }
  if (undelivered_ > 0)
    throw std::logic_error("MeshNetwork: " + std::to_string(undelivered_) + " packets undelivered");

  // The mesh is drained: the next timestep starts at cycle 0 with empty buffers.
  grants_.clear();
  for (uint32_t index : busy_injectors_) {
    Injector& injector = injectors_[index];
    injector.waiting.clear();
    injector.next_packet = 0;
    injector.sent = 0;
    injector.free_at = 0;
    routers_[injector.router].used = true;
  }
  busy_injectors_.clear();
  for (uint32_t r = 0; r < routers_.size(); ++r) {
    Router& router = routers_[r];
    if (!router.used)
      continue;
    router.used = false;
    for (uint32_t p = 0; p < ports_; ++p) {
      InputBuffer& buffer = inputs_[port_index(r, p)];
      buffer.packets.clear();
      buffer.ready.clear();
      buffer.left.clear();
      buffer.front = 0;
      buffer.requested = false;
      buffer.owner_waits = -1;
      buffer.upstream_waits = -1;
      OutputPort& port = outputs_[port_index(r, p)];
      port.link_free_at = 0;
      port.free_from = 0;
      port.sent = 0;
      port.pending_at = kNever;
      port.requests.clear();
    }
  }
}

void MeshNetwork::clear_packets() {
  if (undelivered_ > 0)
    throw std::logic_error("MeshNetwork: clear_packets with packets still in the mesh");
  packets_.clear();
}

std::vector<LinkFlits> MeshNetwork::link_flits() const {
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
