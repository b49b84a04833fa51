// The network on chip as first written: every cycle in which a flit can move is simulated
// router by router. It is the specification MeshNetwork (the event-driven model, the
// default) must equal cycle for cycle; ChipSimulator runs it with
// MeshModel::CycleStepped, and tests/unit/sim_test.cpp compares the two on random
// traffic. docs/runtime.md ("Cycle-accurate simulator") states the rules both implement.
#pragma once

#include "runtime/sim/mesh_network.h"

#include <cstdint>
#include <deque>
#include <limits>
#include <unordered_map>
#include <vector>

namespace gyrus::sim {

class CycleSteppedMesh {
public:
  CycleSteppedMesh(const target::Mesh& mesh, const target::Noc& noc);

  /// Queues a packet of noc.packet_flits flits from the core at `from` to the core at
  /// `to`, on different tiles, ready at the source core at `ready_cycle`. A core's packets
  /// enter the mesh in the order of their ready cycles (ties: the order added). Returns
  /// the packet's index for delivered_cycle.
  uint32_t add_packet(const image::Coord& from, const image::Coord& to, int64_t ready_cycle);

  /// Simulates cycle by cycle, skipping cycles in which nothing can move, until every
  /// queued packet is delivered. Cycles count from the start of the timestep: each run
  /// starts at cycle 0 with the mesh empty, as the barrier leaves it. Throws
  /// std::logic_error if flits stop moving while some are still in the mesh (XY routing
  /// cannot deadlock, so that would be a bug here).
  void run();

  /// The cycle the packet's tail flit left its destination router for the core.
  int64_t delivered_cycle(uint32_t packet) const { return packets_[packet].delivered_cycle; }
  size_t packet_count() const { return packets_.size(); }
  /// Forgets the delivered packets; link counters and router state stay.
  void clear_packets();

  /// Every directed link that has carried a flit, with its total since construction.
  std::vector<LinkFlits> link_flits() const;
  /// Flits that crossed any link since construction.
  uint64_t total_link_flits() const { return total_link_flits_; }

private:
  struct Flit {
    uint32_t packet = 0;
    uint32_t index = 0;  ///< 0 is the head, packet_flits - 1 the tail
    uint32_t output = 0; ///< the output port it takes at the router holding it
    int64_t ready_cycle = 0;
  };
  struct Packet {
    MeshTile dest;
    uint32_t dest_slot = 0;
    uint32_t source_router = 0;
    uint32_t source_slot = 0;
    int64_t ready_cycle = 0;
    int64_t delivered_cycle = -1;
  };
  /// A FIFO of at most buffer_flits flits, the buffer at a router's input port.
  struct InputBuffer {
    std::vector<Flit> slots;
    uint32_t head = 0;
    uint32_t count = 0;
    const Flit& front() const { return slots[head]; }
  };
  struct OutputPort {
    int32_t owner = -1;      ///< the input port whose packet holds it (wormhole), -1 free
    uint32_t next_input = 0; ///< round-robin start for the next allocation
    int64_t free_at = 0;     ///< the cycle the link accepts its next flit
    uint32_t credits = 0;    ///< free slots in the downstream input buffer
  };
  struct Router {
    MeshTile tile;
    std::vector<InputBuffer> inputs; ///< kMeshDirections, then one per core slot
    std::vector<OutputPort> outputs; ///< kMeshDirections, then one ejection per core slot
    int32_t neighbour[kMeshDirections] = {-1, -1, -1, -1};
    uint64_t link_flits[kMeshDirections] = {0, 0, 0, 0};
    std::vector<int32_t> injectors; ///< per core slot: its Injector, -1 if none yet
    uint32_t flits_held = 0;
    bool active = false;
    /// The earliest cycle at which a flit here may move: routers that cannot act are
    /// skipped, and cycles in which none can act are skipped altogether.
    int64_t wake_cycle = std::numeric_limits<int64_t>::max();
  };
  /// A core's injection into its router's local input port: one flit per cycle while that
  /// buffer has room; packets wait in a FIFO at the core.
  struct Injector {
    uint32_t router = 0;
    uint32_t slot = 0;
    std::deque<uint32_t> waiting;
    uint32_t next_flit = 0;
    int64_t free_at = 0;
    uint32_t credits = 0;
    bool busy = false; ///< listed in busy_injectors_
  };
  /// A buffer slot freed at cycle t is credited upstream at t + 1.
  struct CreditReturn {
    uint32_t router = 0;
    int32_t output = -1;   ///< the upstream router's output port, or -1 for an injector
    uint32_t injector = 0; ///< when output is -1
  };

  uint32_t router_at(const MeshTile& tile);
  uint32_t injector_of(uint32_t router, uint32_t slot);
  void connect_neighbours(uint32_t router_index);
  uint32_t output_for(const Router& router, const Packet& packet) const;
  void inject(Injector& injector, int64_t cycle);
  /// Allocates free output ports to ready head flits (round-robin per output) and moves
  /// at most one flit per output port; then sets the router's wake_cycle.
  void advance_router(uint32_t router_index, int64_t cycle);
  void send_flit(uint32_t router_index, uint32_t output, int64_t cycle);
  void push_flit(uint32_t router_index, uint32_t input, const Flit& flit);
  Flit pop_flit(uint32_t router_index, uint32_t input);
  int64_t next_wake_after(int64_t cycle) const;

  target::Mesh mesh_;
  target::Noc noc_;
  uint32_t ports_ = 0;
  std::vector<Router> routers_;
  /// Routers and injectors exist only where packets have been: a system of many chips
  /// costs memory for the tiles its traffic uses, not for the whole mesh.
  std::unordered_map<uint64_t, uint32_t> router_of_tile_; ///< key column * rows + row
  std::vector<Injector> injectors_;
  std::vector<Packet> packets_;
  std::vector<uint32_t> active_routers_;
  std::vector<uint32_t> busy_injectors_;
  std::vector<CreditReturn> pending_credits_;
  std::vector<int32_t> chosen_input_; ///< per output port, scratch for advance_router
  uint32_t undelivered_ = 0;
  uint64_t total_link_flits_ = 0;
};

} // namespace gyrus::sim
