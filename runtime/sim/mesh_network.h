// The network on chip, flit by flit: routers at tiles, XY dimension-order routing,
// wormhole switching, finite input buffers with credit-based back-pressure, and links
// that take a number of cycles per flit. The chip simulator hands it one timestep's
// packets with the cycle each is ready at its source core; it returns the cycle each
// packet's tail flit reaches its destination core. docs/runtime.md ("Cycle-accurate
// simulator") states the timing equations this implements.
//
// MeshNetwork is event driven and gives the cycles of CycleSteppedMesh (the rules stepped
// cycle by cycle, kept as the specification) exactly. Every flit's departure is the
// maximum of a few earlier times (its arrival plus the router pipeline, the link free
// again, the grant of its output, and, for back-pressure, the departure of the flit B
// places ahead of it in the downstream buffer, plus one), so it is computed as soon as
// those are known. Only arbitration needs time order: an output is granted at cycle t to
// the head that round robin picks among those ready by t, so grants are events in a queue
// ordered by cycle, one per packet and router. Nothing computed while handling cycle t
// happens before t + 1, which is what makes that order sufficient.
//
// Chips are tiled side by side in x, as the compiler's router (gyrus/Mapping/Routing.h)
// assumes: router (chip, x, y) is column chip * cols + x of one wide mesh, and a link
// between chips is an east-west link with the east-west costs.
#pragma once

#include "runtime/image/image.h"
#include "runtime/sim/cycle_queue.h"
#include "targets/target_description.h"

#include <cstdint>
#include <limits>
#include <unordered_map>
#include <vector>

namespace gyrus::sim {

/// Directions of a router's mesh ports: east = +x, west = -x, north = +y, south = -y.
enum class Direction : uint8_t { East = 0, West = 1, North = 2, South = 3 };
inline constexpr int kMeshDirections = 4;

/// A tile of the wide mesh: column chip * cols + x, row y.
struct MeshTile {
  int64_t column = 0;
  int64_t row = 0;
  bool operator==(const MeshTile&) const = default;
};

MeshTile mesh_tile(const target::Mesh& mesh, const image::Coord& coord);

/// East-west and north-south hops of the XY route between two cores' tiles.
struct MeshHops {
  int64_t east_west = 0;
  int64_t north_south = 0;
  int64_t total() const { return east_west + north_south; }
};
MeshHops mesh_hops(const target::Mesh& mesh, const image::Coord& from, const image::Coord& to);

/// Flits that crossed the directed link leaving `from` towards `direction`.
struct LinkFlits {
  MeshTile from;
  Direction direction = Direction::East;
  uint64_t flits = 0;
};

/// Which implementation of the mesh a ChipSimulator uses; both give the same cycles.
enum class MeshModel : uint8_t {
  EventDriven,  ///< MeshNetwork: the default
  CycleStepped, ///< CycleSteppedMesh: the reference, cycle by cycle
};

class MeshNetwork {
public:
  MeshNetwork(const target::Mesh& mesh, const target::Noc& noc);

  /// Queues a packet of noc.packet_flits flits from the core at `from` to the core at
  /// `to`, on different tiles, ready at the source core at `ready_cycle`. A core's packets
  /// enter the mesh in the order of their ready cycles (ties: the order added). Returns
  /// the packet's index for delivered_cycle.
  uint32_t add_packet(const image::Coord& from, const image::Coord& to, int64_t ready_cycle);

  /// A core's attachment to the mesh: its tile, slot and injector. The second form of
  /// add_packet takes these, for a simulator that adds many packets between few cores.
  struct CorePort {
    MeshTile tile;
    uint32_t slot = 0;
    uint32_t injector = 0;
  };
  CorePort core_port(const image::Coord& core);
  /// Creates the routers of the XY route between two cores: add_packet(CorePort...)
  /// requires it for its pair of cores.
  void prepare_route(const CorePort& from, const CorePort& to);
  /// add_packet for cores on different tiles whose route prepare_route has created.
  uint32_t add_packet(const CorePort& from, const CorePort& to, int64_t ready_cycle);

  /// Delivers every queued packet. Cycles count from the start of the timestep: each run
  /// starts at cycle 0 with the mesh empty, as the barrier leaves it. Throws
  /// std::logic_error if a packet is left undelivered (XY routing cannot deadlock, so that
  /// would be a bug here).
  void run();

  /// The cycle the packet's tail flit left its destination router for the core.
  int64_t delivered_cycle(uint32_t packet) const { return packets_[packet].delivered_cycle; }
  size_t packet_count() const { return packets_.size(); }
  /// Forgets the delivered packets; link counters and round-robin pointers stay.
  void clear_packets();

  /// Every directed link that has carried a flit, with its total since construction.
  std::vector<LinkFlits> link_flits() const;
  /// Flits that crossed any link since construction.
  uint64_t total_link_flits() const { return total_link_flits_; }

private:
  struct Packet {
    MeshTile dest;
    uint32_t dest_slot = 0;
    int64_t ready_cycle = 0;
    int64_t delivered_cycle = -1;
  };
  /// A packet as buffers hold it: where it goes travels with it, so that routing it does
  /// not look it up.
  struct Routed {
    MeshTile dest;
    uint32_t dest_slot = 0;
    uint32_t packet = 0;
  };
  /// One input buffer's traffic in the current run, in arrival order: flit n belongs to
  /// packets[n / packet_flits]. Its occupancy is never stored: the upstream port's credits
  /// follow from `left` (flit n may enter once flit n - B has left).
  struct InputBuffer {
    std::vector<Routed> packets;
    std::vector<int64_t> ready;  ///< per flit that arrived: arrival + router pipeline
    std::vector<int64_t> left;   ///< per flit that left: the cycle it left
    uint32_t front = 0;          ///< the packet at the front, or next to get there
    bool requested = false;      ///< the front packet asked for (or holds) its output
    int64_t head_ready = 0;      ///< when its head could first be granted
    int32_t owner_waits = -1;    ///< the output holding the front packet, waiting for a flit
    int64_t upstream_waits = -1; ///< the flit whose leaving the upstream port waits for
    /// Who fills it: the upstream router's output port (a port index), or for a core's
    /// input the core's Injector; -1 until known.
    int32_t upstream_output = -1;
    int32_t injector = -1;
  };
  /// A head asking for an output, with the cycle it could first be granted.
  struct Request {
    int64_t head_ready = 0;
    uint32_t input = 0; ///< the router's input port
  };
  struct OutputPort {
    int32_t owner = -1;       ///< the input whose packet holds it (wormhole), -1 free
    uint32_t next_input = 0;  ///< round-robin start; kept from run to run, as the hardware
    uint32_t flit = 0;        ///< the owner's next flit to send
    int64_t granted = 0;      ///< the cycle the owner was granted the port
    int64_t link_free_at = 0; ///< the link (or the core, on ejection) takes a flit again
    int64_t free_from = 0;    ///< the first cycle it can be granted again
    uint32_t sent = 0;        ///< flits sent downstream in this run
    int64_t pending_at = std::numeric_limits<int64_t>::max(); ///< its queued grant event
    int64_t link_cycles = 1;       ///< per flit: the link's, or 1 into the core
    int32_t downstream = -1;       ///< the input port (a port index) the link feeds, -1: a core
    std::vector<Request> requests; ///< heads that want this port
  };
  /// Port p of router r is inputs_ and outputs_ [r * ports_ + p]: p < kMeshDirections a
  /// mesh direction, the rest one per core slot.
  struct Router {
    MeshTile tile;
    int32_t neighbour[kMeshDirections] = {-1, -1, -1, -1};
    uint64_t link_flits[kMeshDirections] = {0, 0, 0, 0};
    std::vector<int32_t> injectors; ///< per core slot: its Injector, -1 if none yet
    bool used = false;              ///< carried traffic in this run
  };
  /// A core writing its packets into its local input buffer, one flit per cycle, in the
  /// order of their ready cycles.
  struct Injector {
    uint32_t router = 0;
    uint32_t buffer = 0; ///< the core's input port, a port index
    std::vector<uint32_t> waiting;
    size_t next_packet = 0;
    uint32_t next_flit = 0;
    uint32_t sent = 0;
    int64_t free_at = 0;
  };
  /// Work whose inputs just became known: continue an output's or an injector's flits.
  struct Resume {
    bool injector = false;
    uint32_t index = 0; ///< the injector, or the output port
  };

  uint32_t router_at(const MeshTile& tile);
  /// The router at the tile with key column * rows + row, -1 if none yet.
  int32_t find_router(uint64_t key) const;
  uint32_t injector_of(uint32_t router, uint32_t slot);
  void connect_neighbours(uint32_t router_index);
  /// Links router `from`'s output towards `direction` to its neighbour's input.
  void link(uint32_t from, Direction direction, uint32_t to);
  uint32_t port_index(uint32_t router, uint32_t port) const { return router * ports_ + port; }
  uint32_t output_for(const MeshTile& tile, const Routed& packet) const;
  /// Asks for the front packet's output once its head has arrived and the packet ahead
  /// has left.
  void request(uint32_t router_index, uint32_t input);
  void schedule_grant(uint32_t output, int64_t cycle);
  void grant(uint32_t output, int64_t cycle);
  /// Sends the owner's flits as far as their arrivals and credits are known.
  void advance_output(uint32_t output);
  void advance_injector(uint32_t injector_index);
  void arrive(uint32_t input, const Routed& packet, uint32_t flit, int64_t ready);
  void depart(uint32_t input, int64_t cycle);
  void drain_resumes();

  target::Mesh mesh_;
  target::Noc noc_;
  uint32_t ports_ = 0;
  uint32_t flits_ = 0;  ///< packet_flits
  uint32_t buffer_ = 0; ///< buffer_flits
  std::vector<Router> routers_;
  std::vector<InputBuffer> inputs_;
  std::vector<OutputPort> outputs_;
  /// Routers and injectors exist only where packets have been: a system of many chips
  /// costs memory for the tiles its traffic uses, not for the whole mesh.
  /// Key column * rows + row; a table while the mesh has at most kDenseTiles tiles.
  std::unordered_map<uint64_t, uint32_t> router_of_tile_;
  std::vector<int32_t> router_of_tile_dense_;
  static constexpr uint64_t kDenseTiles = uint64_t{1} << 20;
  std::vector<Injector> injectors_;
  std::vector<uint32_t> busy_injectors_;
  std::vector<Packet> packets_;
  CycleQueue<uint32_t> grants_; ///< output ports, at the cycle of their grant decision
  std::vector<Resume> resumes_;
  uint32_t undelivered_ = 0;
  uint64_t total_link_flits_ = 0;
};

} // namespace gyrus::sim
